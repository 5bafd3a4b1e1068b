/**
 * The remaining time of a grid of PEP solves, from the solves finished so far. A solve's cost is set by
 * its horizon T (about 2.5 T² inequalities; the solver's cost grows as a power of their number), so a
 * point is predicted by the mean of the finished points with the same T, else by the nearest finished T
 * scaled by (T / T')^COST_EXPONENT. With nothing finished there is no estimate (null).
 */

/** Measured: the final CSDP round takes 0.5 CPU-s at T = 20 and 14 CPU-s at T = 40, about T^4.8; 4 errs low for small T. */
const COST_EXPONENT = 4;

export interface FinishedSolve {
  T: number;
  seconds: number;
}

/** Predicted seconds of one solve at horizon T, or null when nothing has finished. */
export function predictSeconds(T: number, finished: readonly FinishedSolve[]): number | null {
  if (finished.length === 0) return null;
  const same = finished.filter((f) => f.T === T);
  if (same.length > 0) return same.reduce((s, f) => s + f.seconds, 0) / same.length;
  let nearest = finished[0];
  for (const f of finished) if (Math.abs(Math.log(f.T / T)) < Math.abs(Math.log(nearest.T / T))) nearest = f;
  const atNearest = predictSeconds(nearest.T, finished)!;
  return atNearest * (T / nearest.T) ** COST_EXPONENT;
}

/** Seconds until the remaining solves (their horizons) are done with `workers` solving at once; null: unknown. */
export function gridEtaSeconds(
  remaining: readonly number[],
  finished: readonly FinishedSolve[],
  workers: number,
): number | null {
  let total = 0;
  for (const T of remaining) {
    const s = predictSeconds(T, finished);
    if (s === null) return null;
    total += s;
  }
  return total / Math.max(1, Math.min(workers, remaining.length));
}
