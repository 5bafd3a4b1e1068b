import { InvalidParameterError } from '../../errors';

/** One interpolation point: a location x, a subgradient g the function must have there, and its value f. */
export interface InterpolationPoint {
  x: Float64Array;
  g: Float64Array;
  f: number;
}

/**
 * An explicit function rebuilt from interpolation points, with the oracle the engine calls: what the
 * worst-case instances need of the max-affine (`maxAffineInterpolant`) and the smooth
 * (`smoothInterpolant`) constructions alike.
 */
export interface Interpolant {
  readonly dim: number;
  readonly points: readonly InterpolationPoint[];
  /** f(w). */
  value(w: Float64Array): number;
  /** Writes the oracle's (sub)gradient at w into out; returns the index of the point whose g it is, −1 for none. */
  subgradient(w: Float64Array, out: Float64Array): number;
}

/** The points packed row-major (X, G: m × d) after checking one dimension and finite entries. */
export function packPoints(points: readonly InterpolationPoint[]): {
  m: number;
  d: number;
  X: Float64Array;
  G: Float64Array;
  F: Float64Array;
} {
  const m = points.length;
  if (m === 0) throw new InvalidParameterError('interpolation points', '[]', 'at least one point');
  const d = points[0].x.length;
  const X = new Float64Array(m * d);
  const G = new Float64Array(m * d);
  const F = new Float64Array(m);
  points.forEach((p, i) => {
    if (p.x.length !== d || p.g.length !== d)
      throw new InvalidParameterError(`points[${i}] (x, g lengths)`, `${p.x.length}, ${p.g.length}`, `both ${d}`);
    if (!Number.isFinite(p.f)) throw new InvalidParameterError(`points[${i}].f`, p.f, 'a finite number');
    for (let k = 0; k < d; k++) {
      if (!Number.isFinite(p.x[k]) || !Number.isFinite(p.g[k]))
        throw new InvalidParameterError(`points[${i}] coordinate ${k}`, `${p.x[k]}, ${p.g[k]}`, 'finite numbers');
      X[i * d + k] = p.x[k];
      G[i * d + k] = p.g[k];
    }
    F[i] = p.f;
  });
  return { m, d, X, G, F };
}

/**
 * The max-affine interpolant of points (x_i, g_i, f_i), with an optional quadratic term μ ≥ 0:
 *
 *   f(x) = max_i { f_i + ⟨g_i, x − x_i⟩ + (μ/2)‖x − x_i‖² }
 *        = (μ/2)‖x‖² + max_i { f_i − (μ/2)‖x_i‖² + ⟨g_i − μx_i, x − x_i⟩ },
 *
 * the max-affine interpolant of f − (μ/2)‖·‖² plus the quadratic. It is convex (μ-strongly convex), and
 * it takes the value f_i at x_i with g_i ∈ ∂f(x_i) exactly when the points satisfy
 * f_i ≥ f_j + ⟨g_j, x_i − x_j⟩ + (μ/2)‖x_i − x_j‖² for every pair (μ = 0: the convex interpolation
 * inequalities of Taylor, Hendrickx & Glineur 2017, "Exact worst-case performance of first-order
 * methods for composite convex optimization", Thm 3.5; docs/theory/worst-case-instances.md). With μ = 0
 * it is Lipschitz with constant max_i ‖g_i‖; with μ > 0 `slopeRange` brackets its subgradient norms on
 * a polytope.
 *
 * The oracle. Several pieces are active at a worst case's points (ties are what makes it worst), and
 * the subgradient method stays on the certified path only if the oracle returns g_i at x_i. Rule: among
 * the pieces within `tieTolerance` of the maximum at w, return the gradient g_i + μ(w − x_i) of the one
 * whose anchor x_i is nearest to w (then the lowest index). At w = x_i that is piece i whenever piece i
 * is within the tolerance of the maximum there, i.e. whenever the interpolation inequalities hold to
 * `tieTolerance`. The returned g is then a `tieTolerance`-subgradient of f at w:
 * f(y) ≥ f(w) + ⟨g, y − w⟩ + (μ/2)‖y − w‖² − tieTolerance for every y.
 */
export interface MaxAffineInterpolant extends Interpolant {
  readonly kind: 'max-affine';
  /** The tolerance of the oracle's tie rule (see the interface comment). */
  readonly tieTolerance: number;
  /** The quadratic term's modulus μ (0: plain max-affine). */
  readonly mu: number;
  /** max_i ‖g_i‖: with μ = 0 the Lipschitz constant of f on R^d. */
  readonly lipschitz: number;
  /** f(w): the maximum of the pieces. */
  value(w: Float64Array): number;
  /** Writes the oracle's subgradient at w into out; returns the index of the piece chosen. */
  subgradient(w: Float64Array, out: Float64Array): number;
  /**
   * Brackets the largest subgradient norm of f on conv(vertices). `upper`: max over pieces i and
   * vertices v of ‖g_i + μ(v − x_i)‖ (a subgradient at x is a convex combination of active gradients
   * g_i + μ(x − x_i), each convex in x, so largest at a vertex); with μ = 0 it is `lipschitz`. `lower`:
   * max over vertices v of the gradients of the pieces within `tieTolerance` of the maximum at v (the
   * slopes the oracle can answer there; exactly active pieces give subgradients of f at v).
   */
  slopeRange(vertices: readonly Float64Array[]): { lower: number; upper: number };
}

export function maxAffineInterpolant(
  points: readonly InterpolationPoint[],
  opts: { tieTolerance: number; mu?: number },
): MaxAffineInterpolant {
  const { m, d, X, G, F } = packPoints(points);
  const tau = opts.tieTolerance;
  if (!(tau >= 0 && Number.isFinite(tau))) throw new InvalidParameterError('tieTolerance', tau, 'a finite number ≥ 0');
  const mu = opts.mu ?? 0;
  if (!(mu >= 0 && Number.isFinite(mu))) throw new InvalidParameterError('mu', mu, 'a finite number ≥ 0');
  let lipschitz = 0;
  for (let i = 0; i < m; i++) {
    let n2 = 0;
    for (let k = 0; k < d; k++) n2 += G[i * d + k] ** 2;
    lipschitz = Math.max(lipschitz, Math.sqrt(n2));
  }
  const piece = new Float64Array(m);
  const dist = new Float64Array(m);

  // f_i + ⟨g_i, w − x_i⟩ + (μ/2)‖w − x_i‖² for every i (the difference form keeps f_i exact at w = x_i).
  function pieces(w: Float64Array): number {
    if (w.length !== d) throw new InvalidParameterError('point (length)', w.length, `the dimension ${d}`);
    let max = -Infinity;
    for (let i = 0; i < m; i++) {
      let s = F[i];
      let r2 = 0;
      const o = i * d;
      for (let k = 0; k < d; k++) {
        const u = w[k] - X[o + k];
        s += G[o + k] * u;
        r2 += u * u;
      }
      if (mu !== 0) s += 0.5 * mu * r2;
      piece[i] = s;
      dist[i] = r2;
      if (s > max) max = s;
    }
    return max;
  }

  return {
    kind: 'max-affine',
    dim: d,
    points,
    tieTolerance: tau,
    mu,
    lipschitz,
    value: pieces,
    subgradient(w, out) {
      const max = pieces(w);
      let chosen = -1;
      let nearest = Infinity;
      for (let i = 0; i < m; i++) {
        if (!(piece[i] >= max - tau)) continue;
        if (dist[i] < nearest) {
          nearest = dist[i];
          chosen = i;
        }
      }
      const o = chosen * d;
      for (let k = 0; k < d; k++) out[k] = mu === 0 ? G[o + k] : G[o + k] + mu * (w[k] - X[o + k]);
      return chosen;
    },
    slopeRange(vertices) {
      if (vertices.length === 0) throw new InvalidParameterError('slopeRange vertices', '[]', 'at least one point');
      let upper = 0;
      let lower = 0;
      for (const v of vertices) {
        const max = pieces(v);
        for (let i = 0; i < m; i++) {
          let n2 = 0;
          for (let k = 0; k < d; k++) n2 += (G[i * d + k] + mu * (v[k] - X[i * d + k])) ** 2;
          upper = Math.max(upper, n2);
          if (piece[i] >= max - tau) lower = Math.max(lower, n2);
        }
      }
      return { lower: Math.sqrt(lower), upper: Math.sqrt(upper) };
    },
  };
}
