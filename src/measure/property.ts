import fc from 'fast-check';
import { scaledRuns, type Profile } from '../profile';
import { checkOf, type Theorem } from '../theory/theorem';
import type { TheoremCheck, Trial, TrialOutcome } from '../theory/check';
import type { Verdict } from '../stats/verdict';

/**
 * A theorem's property outside a test runner (`fwa-theorems check`): the trials its check draws,
 * each run and judged by the check's own rule, fast-check's shrinking on a violation, and the seed and
 * path that replay it. The vitest wrapper (properties/harness.ts) runs the same trials with the same
 * number of runs.
 */

/** Runs of a property whose check declares no numRuns (ci profile). */
export const DEFAULT_RUNS = 10;

/** The number of runs a property makes: check.numRuns ?? DEFAULT_RUNS, × the profile's runsScale. */
export function runsFor(check: TheoremCheck, profile: Profile): number {
  return scaledRuns(check.numRuns ?? DEFAULT_RUNS, profile);
}

export interface PropertyResult {
  theorem: Theorem;
  /** Trials evaluated (fast-check's shrinking re-runs included). */
  runs: number;
  verdicts: Record<Verdict, number>;
  /** The trial with the largest measured/bound ratio. */
  worst: { ratio: number; trial: Trial; outcome: TrialOutcome } | null;
  /** Set when some trial was violated or threw: the shrunk counterexample and how to replay it. */
  failure?: {
    trial?: Trial;
    outcome?: TrialOutcome;
    /** The exception a trial threw instead of a verdict. */
    error?: string;
    seed: number;
    path?: string;
    shrinks: number;
  };
}

export interface PropertyOptions {
  profile: Profile;
  /** Replays one fast-check path (from a failure's replay command). */
  path?: string;
}

/** Runs the theorem's property (see the header). A theorem without a check is refused (checkOf). */
export function runProperty(theorem: Theorem, opts: PropertyOptions): PropertyResult {
  const check = checkOf(theorem);
  const result: PropertyResult = {
    theorem,
    runs: 0,
    verdicts: { violated: 0, attained: 0, holds: 0, undecided: 0 },
    worst: null,
  };
  const property = fc.property(check.trials(opts.profile), (trial: Trial) => {
    const outcome = check.run(trial);
    result.runs++;
    result.verdicts[outcome.verdict]++;
    if (result.worst === null || outcome.ratio > result.worst.ratio)
      result.worst = { ratio: outcome.ratio, trial, outcome };
    return outcome.verdict !== 'violated';
  });
  const details = fc.check(property, {
    seed: opts.profile.seed,
    numRuns: runsFor(check, opts.profile),
    ...(opts.path ? { path: opts.path } : {}),
  });
  if (details.failed) {
    const trial = details.counterexample?.[0];
    // The shrunk counterexample, run once more for its outcome (same trial, same bits).
    let outcome: TrialOutcome | undefined;
    let error: string | undefined;
    try {
      if (trial) outcome = check.run(trial);
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    result.failure = {
      ...(trial ? { trial } : {}),
      ...(outcome ? { outcome } : {}),
      ...(error ? { error } : {}),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      shrinks: details.numShrinks,
    };
  }
  return result;
}
