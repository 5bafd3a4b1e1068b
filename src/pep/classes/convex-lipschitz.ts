import { minus, type Algebra } from '../algebra';
import { orderedPairs, type InterpolationClass, type Inequality, type OraclePoint } from './types';

/**
 * Convex G-Lipschitz functions on R^d (the Shamir–Zhang class). Interpolation conditions
 * (Taylor, Hendrickx & Glineur 2017, composite paper, Thm 3.5; PEPit's ConvexLipschitzFunction):
 *   f_i ≥ f_j + ⟨g_j, x_i − x_j⟩ for every ordered pair, and ‖g_i‖² ≤ G².
 * Sufficiency: the max-affine function max_j f_j + ⟨g_j, x − x_j⟩ is convex, G-Lipschitz (every piece
 * has slope norm ≤ G), takes the value f_i at x_i and has g_i in its subdifferential there.
 */
export function convexLipschitz(G: number): InterpolationClass {
  return {
    label: `convex ${G}-Lipschitz`,
    interpolation<V, S>(alg: Algebra<V, S>, points: readonly OraclePoint<V, S>[]): Inequality<S>[] {
      const out: Inequality<S>[] = orderedPairs(points).map(([i, j]) => ({
        key: `lip:${i.name}|${j.name}`,
        value: () => alg.plus(minus(alg, j.f, i.f), alg.dot(j.g, alg.sub(i.x, j.x))),
      }));
      for (const i of points)
        out.push({ key: `lip:|g_${i.name}|`, value: () => minus(alg, alg.dot(i.g, i.g), alg.num(G * G)) });
      return out;
    },
  };
}
