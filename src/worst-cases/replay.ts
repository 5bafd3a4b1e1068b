import type { BoundFn, TheoremCheck, TrialOutcome } from '../theory/check';
import { slack } from '../stats/tolerance';
import type { Theorem } from '../theory/theorem';
import { readWorstCases, WORST_CASE_RTOL, type WorstCaseEntry } from './database';

/**
 * Replaying the worst-instance database: each stored trial run through the theorem's check against
 * the bound as the registry (or catalog) states it now, never a stored bound, so a bound that shrank
 * below a known instance fails at once. `bound` replaces it (the guard's mutants, the tests that show
 * which mutants the database alone catches).
 */
export interface ReplayedEntry {
  entry: WorstCaseEntry;
  outcome?: TrialOutcome;
  /** The trial threw (outside the hypotheses now, an unknown generator): the entry is stale. */
  error?: string;
}

export function replayEntries(
  check: TheoremCheck,
  entries: readonly WorstCaseEntry[],
  bound?: BoundFn,
): ReplayedEntry[] {
  return entries.map((entry) => {
    try {
      return { entry, outcome: check.run(entry.trial, bound) };
    } catch (e) {
      return { entry, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
  });
}

/** Whether an exact replay reproduced the recorded measurement (engine, generator and check unchanged). */
export function reproduces(r: ReplayedEntry): boolean {
  if (!r.outcome) return false;
  if (!r.entry.trial.exact && r.entry.trial.replicates > 1) return true; // sampled: its mean is an estimate
  const { measured } = r.outcome;
  const recorded = r.entry.measured;
  return Math.abs(measured - recorded) <= WORST_CASE_RTOL * Math.abs(recorded) + slack(measured, recorded);
}

/**
 * What is wrong with a theorem's replay, one line each: a violated [S]/[D] theorem (a violated [P]
 * reading is a finding, not a failure), a stale entry, a measurement that no longer reproduces.
 */
export function replayProblems(theorem: Theorem, replayed: readonly ReplayedEntry[], where: string): string[] {
  const out: string[] = [];
  for (const r of replayed) {
    const trial = JSON.stringify(r.entry.trial);
    if (r.error) {
      out.push(`${theorem.id}: a stored worst case no longer runs (${r.error}); remove it from ${where}: ${trial}`);
      continue;
    }
    const o = r.outcome as TrialOutcome;
    if (o.verdict === 'violated' && theorem.status !== 'paper-reading')
      out.push(
        `${theorem.id} VIOLATED by a stored worst case (${r.entry.source}): measured ${o.measured} > bound ${o.bound} ` +
          `(ratio ${o.ratio}); replay: npx fwa-theorems audit --trial '${trial}'`,
      );
    else if (!reproduces(r))
      out.push(
        `${theorem.id}: stored worst case measured ${r.entry.measured}, replayed ${o.measured}: the engine, ` +
          `the generator or the check changed; re-record with npx fwa-theorems search --theorem ${theorem.id} --write`,
      );
  }
  return out;
}

/** Reads and replays one theorem's entries from `dir` against its current bound (or `bound`). */
export function replayTheorem(theorem: Theorem, check: TheoremCheck, dir: string, bound?: BoundFn): ReplayedEntry[] {
  return replayEntries(check, readWorstCases(dir, theorem.id), bound);
}
