import { HypothesisError, InvalidParameterError } from '../errors';
import { assertOutcomeShape, assertTrialShape } from '../measure/check-output';
import type { TheoremCheck } from '../theory/check';
import { assertTrialFits } from '../limits';
import type { Cell, CellResult } from './cell';

/**
 * Runs one cell. Never throws: a sweep point outside the hypotheses is 'skipped', any other
 * exception (a malformed trial or outcome included) an 'error' cell, so one bad cell cannot take a
 * whole audit (or a worker) down.
 */
export function runCell(check: TheoremCheck | undefined, cell: Cell): CellResult {
  const base = { key: cell.key, theorem: cell.theorem, trial: cell.trial, axes: cell.axes };
  const t0 = performance.now();
  if (!check) {
    return {
      ...base,
      verdict: 'error',
      error: { name: 'MissingCheck', message: `no check for theorem ${cell.theorem}` },
      ms: 0,
    };
  }
  try {
    assertTrialShape(cell.theorem, cell.trial);
    // Too large for the machine: refused before anything is allocated (an error cell, never skipped).
    assertTrialFits(cell.theorem, cell.trial);
    const sweepOnly = !cell.axes.includes('sample');
    if (sweepOnly && check.configure) {
      try {
        check.configure(cell.trial);
      } catch (e) {
        // A sweep point the theorem does not cover (k > T, an n its instance cannot have).
        if (e instanceof HypothesisError || e instanceof InvalidParameterError) return skipped(e);
        throw e;
      }
    }
    const outcome: unknown = check.run(cell.trial);
    // A NaN or complex measured value or bound is an error of the check, never a 'violated' cell.
    assertOutcomeShape(cell.theorem, outcome);
    return { ...base, verdict: outcome.verdict, outcome, ms: performance.now() - t0 };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    // Outside the hypotheses on a sweep point: skipped. Anything else the run throws (an invalid
    // value it computed, a NaN) is an error of the check, on a sweep point as on a sample.
    if (err instanceof HypothesisError && !cell.axes.includes('sample')) return skipped(err);
    return { ...base, verdict: 'error', error: { name: err.name, message: err.message }, ms: performance.now() - t0 };
  }

  function skipped(err: Error): CellResult {
    return { ...base, verdict: 'skipped', error: { name: err.name, message: err.message }, ms: performance.now() - t0 };
  }
}
