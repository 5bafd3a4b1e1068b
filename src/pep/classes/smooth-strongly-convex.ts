import { minus, type Algebra } from '../algebra';
import { orderedPairs, type InterpolationClass, type Inequality, type OraclePoint } from './types';

/**
 * μ-strongly convex β-smooth functions on R^d, 0 ≤ μ < β. Interpolation conditions (Taylor, Hendrickx &
 * Glineur 2017, smooth paper, Thm 4): for every ordered pair,
 *   f_i ≥ f_j + ⟨g_j, x_i − x_j⟩
 *         + 1/(2(1 − μ/β)) · ( ‖g_i − g_j‖²/β + μ‖x_i − x_j‖² − 2(μ/β)⟨g_j − g_i, x_j − x_i⟩ ).
 */
export function smoothStronglyConvex(mu: number, beta: number): InterpolationClass {
  if (!(mu >= 0 && mu < beta))
    throw new RangeError(`smoothStronglyConvex needs 0 ≤ μ < β (got μ = ${mu}, β = ${beta})`);
  const k = 1 / (2 * (1 - mu / beta));
  return {
    label: `${mu}-strongly convex ${beta}-smooth`,
    interpolation<V, S>(alg: Algebra<V, S>, points: readonly OraclePoint<V, S>[]): Inequality<S>[] {
      return orderedPairs(points).map(([i, j]) => ({
        key: `sc:${i.name}|${j.name}`,
        value: () => {
          const dg = alg.sub(i.g, j.g);
          const dx = alg.sub(i.x, j.x);
          const lin = alg.plus(minus(alg, j.f, i.f), alg.dot(j.g, dx));
          // ⟨g_j − g_i, x_j − x_i⟩ = ⟨dg, dx⟩.
          const quad = alg.plus(
            alg.plus(alg.times(alg.dot(dg, dg), 1 / beta), alg.times(alg.dot(dx, dx), mu)),
            alg.times(alg.dot(dg, dx), (-2 * mu) / beta),
          );
          return alg.plus(lin, alg.times(quad, k));
        },
      }));
    },
  };
}
