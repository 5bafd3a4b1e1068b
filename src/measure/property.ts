import fc from 'fast-check';
import { HypothesisError, MalformedTrialError } from '../errors';
import { assertTrialFits } from '../limits';
import { scaledRuns, type Profile } from '../profile';
import { checkOf, type Theorem } from '../theory/theorem';
import { assertOutcomeShape, assertTrialShape } from './check-output';
import type { TheoremCheck, Trial, TrialOutcome } from '../theory/check';
import type { Verdict } from '../stats/verdict';

/**
 * A theorem's property outside a test runner (`fwa-theorems check`): the trials its check draws,
 * each run and judged by the check's own rule, fast-check's shrinking on a failure, and the seed and
 * path that replay it. The vitest wrapper (properties/harness.ts) runs the same trials with the same
 * number of runs, each through the same step (runDrawnTrial).
 *
 * Three outcomes of a trial are kept apart, because they mean different things:
 *   - outside the hypotheses (HypothesisError): the draw is not an instance of the theorem. It is
 *     rejected as a fast-check precondition (fc.pre), before the engine runs when the check can
 *     configure a trial without running it, and counted in `rejected`; it is neither evidence for
 *     nor against the theorem;
 *   - an error (any other exception, a non-finite measured value or bound): the CHECK is broken,
 *     not the theorem; reported with its trial, message and replay path (failure.kind 'error');
 *   - violated: the check's own verdict (failure.kind 'violated'), evidence against the theorem.
 */

/** Runs of a property whose check declares no numRuns (ci profile). */
export const DEFAULT_RUNS = 10;

/** The number of runs a property makes: check.numRuns ?? DEFAULT_RUNS, × the profile's runsScale. */
export function runsFor(check: TheoremCheck, profile: Profile): number {
  return scaledRuns(check.numRuns ?? DEFAULT_RUNS, profile);
}

/** How a property failed: a violated verdict (the theorem) or an exception (the check). */
type PropertyFailureKind = 'violated' | 'error';

export interface PropertyFailure {
  kind: PropertyFailureKind;
  trial?: Trial;
  outcome?: TrialOutcome;
  /** The exception a trial threw instead of a verdict ("Name: message"). */
  error?: string;
  seed: number;
  path?: string;
  shrinks: number;
}

/** What a property's trials came to so far; `fwa-theorems check` and the vitest harness keep the same one. */
export interface PropertyTally {
  /** Trials evaluated (fast-check's shrinking re-runs included). */
  runs: number;
  /** Draws refused as outside the theorem's hypotheses (fast-check preconditions), not run. */
  rejected: number;
  verdicts: Record<Verdict, number>;
  /** The trial with the largest measured/bound ratio. */
  worst: { ratio: number; trial: Trial; outcome: TrialOutcome } | null;
}

export function emptyTally(): PropertyTally {
  return { runs: 0, rejected: 0, verdicts: { violated: 0, attained: 0, holds: 0, undecided: 0 }, worst: null };
}

export interface PropertyResult extends PropertyTally {
  theorem: Theorem;
  /** Set when some trial was violated or threw: the shrunk counterexample and how to replay it. */
  failure?: PropertyFailure;
}

export interface PropertyOptions {
  profile: Profile;
  /** Replays one fast-check path (from a failure's replay command). */
  path?: string;
  /** Called with each trial before it runs: a host that can stop the run knows what was running. */
  onTrial?: (trial: Trial) => void;
}

/** Throws fast-check's precondition failure when the trial is outside the theorem's hypotheses. */
function rejectOutsideHypotheses(e: unknown, tally: PropertyTally): void {
  if (e instanceof HypothesisError) {
    tally.rejected++;
    fc.pre(false);
  }
}

/**
 * One drawn trial of a theorem's property, by the rule of the header: the one step of
 * `fwa-theorems check` (runProperty) and of the vitest harness (properties/harness.ts), so the two
 * cannot disagree on what a draw outside the hypotheses or a broken check is. Returns the judged
 * outcome, counted in `tally`; a draw outside the hypotheses throws fast-check's precondition failure
 * (counted in `tally.rejected`); an error of the check (a malformed or foreign trial, one too large
 * for the cell memory limit, an exception, a malformed outcome) is thrown as it is.
 */
export function runDrawnTrial(
  theorem: Theorem,
  check: TheoremCheck,
  trial: unknown,
  tally: PropertyTally,
  onTrial?: (trial: Trial) => void,
): TrialOutcome {
  assertTrialShape(theorem.id, trial);
  if (trial.theorem !== theorem.id)
    throw new MalformedTrialError(theorem.id, 'theorem', trial.theorem, `set it to the theorem id (${theorem.id})`);
  assertTrialFits(theorem.id, trial);
  onTrial?.(trial);
  // At the draw: a check that can configure a trial without running it refuses it before the engine runs.
  if (check.configure) {
    try {
      check.configure(trial);
    } catch (e) {
      rejectOutsideHypotheses(e, tally);
    }
  }
  let outcome: unknown;
  try {
    outcome = check.run(trial);
  } catch (e) {
    rejectOutsideHypotheses(e, tally);
    throw e;
  }
  assertOutcomeShape(theorem.id, outcome);
  tally.runs++;
  tally.verdicts[outcome.verdict]++;
  if (tally.worst === null || outcome.ratio > tally.worst.ratio) tally.worst = { ratio: outcome.ratio, trial, outcome };
  return outcome;
}

/** Why a property failed without a counterexample: fast-check gave up on draws outside the hypotheses. */
export function gaveUpMessage(theorem: string, skips: number): string {
  return `fast-check gave up after ${skips} draws outside the hypotheses of ${theorem}: the check's trials do not meet the theorem's hypotheses; draw within them`;
}

function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}: ${String(e)}`;
}

/** Runs the theorem's property (see the header). A theorem without a check is refused (checkOf). */
export function runProperty(theorem: Theorem, opts: PropertyOptions): PropertyResult {
  const check = checkOf(theorem);
  const result: PropertyResult = { theorem, ...emptyTally() };
  const property = fc.property(
    check.trials(opts.profile),
    (trial: Trial) => runDrawnTrial(theorem, check, trial, result, opts.onTrial).verdict !== 'violated',
  );
  const details = fc.check(property, {
    seed: opts.profile.seed,
    numRuns: runsFor(check, opts.profile),
    ...(opts.path ? { path: opts.path } : {}),
  });
  if (details.failed) {
    const trial = details.counterexample?.[0];
    let outcome: TrialOutcome | undefined;
    let error: string | undefined;
    if (!trial) {
      // No counterexample: fast-check gave up (every draw outside the hypotheses) or failed itself.
      error = details.numSkips > 0 ? gaveUpMessage(theorem.id, details.numSkips) : describeError(details.errorInstance);
    } else {
      // The shrunk counterexample, run once more (same trial, same bits): its outcome, or the exception
      // that makes it an error of the check rather than a violation.
      try {
        assertTrialShape(theorem.id, trial);
        const again: unknown = check.run(trial);
        assertOutcomeShape(theorem.id, again);
        outcome = again;
      } catch (e) {
        error = describeError(e);
      }
    }
    result.failure = {
      kind: error === undefined ? 'violated' : 'error',
      ...(trial ? { trial } : {}),
      ...(outcome ? { outcome } : {}),
      ...(error !== undefined ? { error } : {}),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      shrinks: details.numShrinks,
    };
  }
  return result;
}
