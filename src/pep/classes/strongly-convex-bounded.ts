import { minus, type Algebra } from '../algebra';
import { orderedPairs, type InterpolationClass, type Inequality, type OraclePoint } from './types';

/**
 * μ-strongly convex functions whose subgradients are bounded by G on a convex set W (the class of
 * Lacoste-Julien, Schmidt & Bach 2012 and Rakhlin, Shamir & Sridharan 2012). No finite set of
 * interpolation conditions is known to be exact for it, so it is bracketed by two:
 *
 *  - `necessary`: f_i ≥ f_j + ⟨g_j, x_i − x_j⟩ + (μ/2)‖x_i − x_j‖² for every ordered pair (strong
 *    convexity; Taylor, Hendrickx & Glineur 2017, smooth paper, Thm 4 with β → ∞) and ‖g_i‖² ≤ G². Every
 *    member of the class satisfies them, so the SDP's value is an UPPER bound on the worst case (its
 *    dual certifies it); its primal need not be a member.
 *  - `sufficient`: strong convexity as above and ‖g_i + μ(x_j − x_i)‖² ≤ G² for every i and j (i = j
 *    included). Data satisfying them is interpolated by f(x) = max_i f_i + ⟨g_i, x − x_i⟩ + (μ/2)‖x − x_i‖²
 *    on W = conv{x_j}: μ-strongly convex, f(x_i) = f_i with g_i ∈ ∂f(x_i) (piece i is active there), and
 *    every subgradient at x ∈ W is a convex combination of active gradients g_i + μ(x − x_i), whose norm is
 *    convex in x, hence at most its largest value at a vertex x_j: ≤ G. So the SDP's primal is a realised
 *    instance and its value a LOWER bound on the worst case.
 *
 * The true worst case lies between the two values; `worstCase()` reports both.
 */
export type BoundedSubgradientConditions = 'necessary' | 'sufficient';

export function stronglyConvexBoundedSubgradient(
  mu: number,
  G: number,
  conditions: BoundedSubgradientConditions,
): InterpolationClass {
  if (!(mu >= 0 && G > 0 && Number.isFinite(mu) && Number.isFinite(G)))
    throw new RangeError(`stronglyConvexBoundedSubgradient needs μ ≥ 0 and G > 0 (got μ = ${mu}, G = ${G})`);
  return {
    label: `${mu}-strongly convex with subgradients bounded by ${G} (${conditions} conditions)`,
    interpolation<V, S>(alg: Algebra<V, S>, points: readonly OraclePoint<V, S>[]): Inequality<S>[] {
      const out: Inequality<S>[] = orderedPairs(points).map(([i, j]) => ({
        key: `scvx:${i.name}|${j.name}`,
        value: () => {
          const dx = alg.sub(i.x, j.x);
          const lin = alg.plus(minus(alg, j.f, i.f), alg.dot(j.g, dx));
          return alg.plus(lin, alg.times(alg.dot(dx, dx), mu / 2));
        },
      }));
      const bounded = (key: string, g: V): Inequality<S> => ({
        key,
        value: () => minus(alg, alg.dot(g, g), alg.num(G * G)),
      });
      for (const i of points) out.push(bounded(`scvx:|g_${i.name}|`, i.g));
      if (conditions === 'sufficient')
        for (const [i, j] of orderedPairs(points))
          out.push(bounded(`scvx:|g_${i.name}@${j.name}|`, alg.add(i.g, alg.scale(alg.sub(j.x, i.x), mu))));
      return out;
    },
  };
}
