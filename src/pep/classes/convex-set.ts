import { minus, type Algebra } from '../algebra';
import { orderedPairs, type Inequality, type NormalPoint } from './types';

/**
 * The indicator of a closed convex set W of diameter ≤ D, seen through points x_i ∈ W with normal
 * vectors h_i ∈ N_W(x_i) (Taylor, Hendrickx & Glineur 2017, composite paper; PEPit's
 * ConvexIndicatorFunction with a diameter). Interpolation conditions:
 *   ⟨h_i, x_j − x_i⟩ ≤ 0 for every ordered pair, and ‖x_i − x_j‖² ≤ D² for every pair.
 * Sufficiency: W = conv{x_i} has diameter max ‖x_i − x_j‖ and h_i ∈ N_W(x_i) because ⟨h_i, · − x_i⟩ ≤ 0
 * on every vertex, hence on the hull. A point whose normal vector is zero (h = null) adds no
 * normal-cone inequality.
 */
export function convexSetInterpolation<V, S>(
  alg: Algebra<V, S>,
  D: number,
  points: readonly NormalPoint<V>[],
): Inequality<S>[] {
  const out: Inequality<S>[] = [];
  for (const [i, j] of orderedPairs(points)) {
    const h = i.h;
    if (h !== null) out.push({ key: `set:${i.name}|${j.name}`, value: () => alg.dot(h, alg.sub(j.x, i.x)) });
  }
  for (let a = 0; a < points.length; a++)
    for (let b = a + 1; b < points.length; b++) {
      const i = points[a];
      const j = points[b];
      out.push({
        key: `diam:${i.name}|${j.name}`,
        value: () => {
          const d = alg.sub(i.x, j.x);
          return minus(alg, alg.dot(d, d), alg.num(D * D));
        },
      });
    }
  return out;
}
