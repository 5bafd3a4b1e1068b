import { minus, type Algebra } from '../algebra';
import { orderedPairs, type InterpolationClass, type Inequality, type OraclePoint } from './types';

/**
 * Convex β-smooth functions on R^d. Interpolation conditions (Taylor, Hendrickx & Glineur 2017, smooth
 * paper, Thm 4 with μ = 0): f_i ≥ f_j + ⟨g_j, x_i − x_j⟩ + ‖g_i − g_j‖²/(2β) for every ordered pair.
 */
export function smoothConvex(beta: number): InterpolationClass {
  return {
    label: `convex ${beta}-smooth`,
    interpolation<V, S>(alg: Algebra<V, S>, points: readonly OraclePoint<V, S>[]): Inequality<S>[] {
      return orderedPairs(points).map(([i, j]) => ({
        key: `smooth:${i.name}|${j.name}`,
        value: () => {
          const dg = alg.sub(i.g, j.g);
          const lin = alg.plus(minus(alg, j.f, i.f), alg.dot(j.g, alg.sub(i.x, j.x)));
          return alg.plus(lin, alg.times(alg.dot(dg, dg), 1 / (2 * beta)));
        },
      }));
    },
  };
}
