import { averagerWeights } from '../../engine/averaging';
import { stepSizes } from '../../engine/schedule';
import { slack } from '../../stats/tolerance';
import type { CoupledSetup } from './coupled';

/**
 * Certified ranges of the per-replicate samples of the stability checks (the one-sided test needs them).
 */

/** Upper end of a range, widened by the suite's float slack (a sample AT the range is legitimate). */
export function upTo(x: number): number {
  return x + slack(x, x);
}

/**
 * Deterministic envelope of ‖w̄ − w̄′‖ from the expansiveness lemmas alone: u_t = η_t u_{t−1} + 2α_t L with
 * η_t = 1 (convex, α_t ≤ 2/β) or 1 + α_t β (smooth), averaged with the averager's weights; and ≤ 2R.
 */
export function distanceEnvelope(s: CoupledSetup, convex: boolean): number {
  const { L, beta, R } = s.instance.constants;
  const alpha = stepSizes(s.schedule, s.T);
  const w = averagerWeights(s.averager, s.T);
  let u = 0;
  let avg = 0;
  for (let t = 1; t <= s.T; t++) {
    u = (convex ? 1 : 1 + alpha[t] * beta) * u + 2 * alpha[t] * L;
    avg += w[t] * u;
  }
  return Math.min(avg, 2 * R);
}
