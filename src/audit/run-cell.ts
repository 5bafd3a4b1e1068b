import { HypothesisError, InvalidParameterError } from '../errors';
import type { TheoremCheck } from '../theory/check';
import type { Cell, CellResult } from './cell';

/**
 * Runs one cell. Never throws: a sweep point outside the hypotheses is 'skipped', any other
 * exception an 'error' cell, so one bad cell cannot take a whole audit (or a worker) down.
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
    const outcome = check.run(cell.trial);
    return { ...base, verdict: outcome.verdict, outcome, ms: performance.now() - t0 };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const outOfScope =
      (err instanceof HypothesisError || err instanceof InvalidParameterError) && !cell.axes.includes('sample');
    return {
      ...base,
      verdict: outOfScope ? 'skipped' : 'error',
      error: { name: err.name, message: err.message },
      ms: performance.now() - t0,
    };
  }
}
