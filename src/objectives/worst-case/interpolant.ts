import { InvalidParameterError } from '../../errors';

/** One interpolation point: a location x, a subgradient g the function must have there, and its value f. */
export interface InterpolationPoint {
  x: Float64Array;
  g: Float64Array;
  f: number;
}

/**
 * The max-affine interpolant of points (x_i, g_i, f_i):
 *
 *   f(x) = max_i { f_i + ⟨g_i, x − x_i⟩ }.
 *
 * It is convex, Lipschitz with constant max_i ‖g_i‖, and it takes the value f_i at x_i with g_i ∈ ∂f(x_i)
 * exactly when the points satisfy the convex interpolation inequalities f_i ≥ f_j + ⟨g_j, x_i − x_j⟩
 * (Taylor, Hendrickx & Glineur 2017, "Exact worst-case performance of first-order methods for composite
 * convex optimization", Thm 3.5; docs/theory/worst-case-instances.md).
 *
 * The oracle. Several pieces are active at a worst case's points (ties are what makes it worst), and
 * the subgradient method stays on the certified path only if the oracle returns g_i at x_i. Rule: among
 * the pieces within `tieTolerance` of the maximum at w, return the one whose anchor x_i is nearest to w
 * (then the lowest index). At w = x_i that is piece i whenever piece i is within the tolerance of the
 * maximum there, i.e. whenever the interpolation inequalities hold to `tieTolerance`. The returned g is
 * then a `tieTolerance`-subgradient of f at w: f(y) ≥ f(w) + ⟨g, y − w⟩ − tieTolerance for every y.
 */
export interface MaxAffineInterpolant {
  readonly dim: number;
  readonly points: readonly InterpolationPoint[];
  /** The tolerance of the oracle's tie rule (see the interface comment). */
  readonly tieTolerance: number;
  /** max_i ‖g_i‖: the Lipschitz constant of f on R^d. */
  readonly lipschitz: number;
  /** f(w): the maximum of the pieces. */
  value(w: Float64Array): number;
  /** Writes the oracle's subgradient at w into out; returns the index of the piece chosen. */
  subgradient(w: Float64Array, out: Float64Array): number;
}

export function maxAffineInterpolant(
  points: readonly InterpolationPoint[],
  opts: { tieTolerance: number },
): MaxAffineInterpolant {
  const m = points.length;
  if (m === 0) throw new InvalidParameterError('interpolation points', '[]', 'at least one point');
  const tau = opts.tieTolerance;
  if (!(tau >= 0 && Number.isFinite(tau))) throw new InvalidParameterError('tieTolerance', tau, 'a finite number ≥ 0');
  const d = points[0].x.length;
  const X = new Float64Array(m * d);
  const G = new Float64Array(m * d);
  const F = new Float64Array(m);
  let lipschitz = 0;
  points.forEach((p, i) => {
    if (p.x.length !== d || p.g.length !== d)
      throw new InvalidParameterError(`points[${i}] (x, g lengths)`, `${p.x.length}, ${p.g.length}`, `both ${d}`);
    if (!Number.isFinite(p.f)) throw new InvalidParameterError(`points[${i}].f`, p.f, 'a finite number');
    let n2 = 0;
    for (let k = 0; k < d; k++) {
      if (!Number.isFinite(p.x[k]) || !Number.isFinite(p.g[k]))
        throw new InvalidParameterError(`points[${i}] coordinate ${k}`, `${p.x[k]}, ${p.g[k]}`, 'finite numbers');
      X[i * d + k] = p.x[k];
      G[i * d + k] = p.g[k];
      n2 += p.g[k] * p.g[k];
    }
    F[i] = p.f;
    lipschitz = Math.max(lipschitz, Math.sqrt(n2));
  });
  const piece = new Float64Array(m);

  // f_i + ⟨g_i, w − x_i⟩ for every i (the difference form keeps f_i exact at w = x_i).
  function pieces(w: Float64Array): number {
    if (w.length !== d) throw new InvalidParameterError('point (length)', w.length, `the dimension ${d}`);
    let max = -Infinity;
    for (let i = 0; i < m; i++) {
      let s = F[i];
      const o = i * d;
      for (let k = 0; k < d; k++) s += G[o + k] * (w[k] - X[o + k]);
      piece[i] = s;
      if (s > max) max = s;
    }
    return max;
  }

  return {
    dim: d,
    points,
    tieTolerance: tau,
    lipschitz,
    value: pieces,
    subgradient(w, out) {
      const max = pieces(w);
      let chosen = -1;
      let nearest = Infinity;
      for (let i = 0; i < m; i++) {
        if (!(piece[i] >= max - tau)) continue;
        let dist = 0;
        const o = i * d;
        for (let k = 0; k < d; k++) dist += (w[k] - X[o + k]) ** 2;
        if (dist < nearest) {
          nearest = dist;
          chosen = i;
        }
      }
      for (let k = 0; k < d; k++) out[k] = G[chosen * d + k];
      return chosen;
    },
  };
}
