import { InvalidParameterError } from '../../errors';
import { numericAlgebra } from '../../pep/algebra';
import { smoothStronglyConvex } from '../../pep/classes/smooth-strongly-convex';
import { packPoints, type Interpolant, type InterpolationPoint } from './interpolant';
import { simplexQp } from './simplex-qp';

/**
 * The smooth (strongly) convex interpolant of points (x_i, g_i, f_i) that satisfy the β-smooth
 * μ-strongly convex interpolation conditions (Taylor, Hendrickx & Glineur 2017, "Smooth strongly convex
 * interpolation and exact worst-case performance of first-order methods", Math. Programming 161, Thm 4;
 * derivation in docs/theory/worst-case-instances.md):
 *
 *   f(x) = (μ/2)‖x‖² + h(x),   h(x) = min_{λ ∈ Δ} Σ_i λ_i c_i + (ℓ/2)‖x − Σ_i λ_i p_i‖²,   ℓ = β − μ,
 *
 * with γ_i = g_i − μx_i, φ_i = f_i − (μ/2)‖x_i‖² (the data of f − (μ/2)‖·‖², which is ℓ-smooth convex),
 * p_i = x_i − γ_i/ℓ (a gradient step) and c_i = φ_i − ‖γ_i‖²/(2ℓ). h is the Moreau envelope (parameter
 * 1/ℓ) of the polyhedral convex function ψ whose epigraph is conv{(p_i, c_i)} + vertical ray, hence
 * convex and ℓ-smooth for any data; f is then μ-strongly convex and β-smooth. The conditions make
 * λ = e_i optimal at x_i, so f(x_i) = f_i and ∇f(x_i) = g_i. The gradient everywhere is
 * ∇f(x) = μx + ℓ(x − Σ λ*_i p_i), with Σ λ*_i p_i the (unique) proximal point; λ* comes from `simplexQp`
 * (u_i = p_i − x, b_i = c_i/ℓ), exact up to rounding.
 *
 * The oracle. The solved point of a worst case is tight (many conditions hold with equality) and holds
 * them only to the solver's accuracy ε; a violation ε can move the proximal point at x_i by up to
 * √(2ε/ℓ), so ∇f(x_i) computed from the data could differ from g_i by far more than the 1e-9 at which
 * the engine must follow the certificate (on the committed reference certificates it is 1.1e-16, so this
 * is a guard). The oracle therefore answers g_i at any w within `anchorRadius` of x_i (the nearest such
 * anchor, then the lowest index), and the computed ∇f(w) elsewhere. Near an anchor the answer is then an
 * inexact gradient, off by at most β·anchorRadius + `anchorGradientError`.
 */
export interface SmoothInterpolant extends Interpolant {
  readonly kind: 'smooth';
  readonly mu: number;
  readonly beta: number;
  /** Distance within which the oracle answers an anchor's g_i (see the interface comment). */
  readonly anchorRadius: number;
  /** Largest value of the class's interpolation inequalities over the points (≤ 0 when they hold exactly). */
  readonly interpolationSlack: number;
  /** max_i |f(x_i) − f_i| and max_i ‖∇f(x_i) − g_i‖ of the constructed f: how far the data are from being met exactly. */
  readonly anchorValueError: number;
  readonly anchorGradientError: number;
  /** ∇f(w), computed (never snapped to an anchor), into out. */
  gradient(w: Float64Array, out: Float64Array): void;
}

export interface SmoothInterpolantOptions {
  /** Strong convexity modulus μ ≥ 0. */
  mu: number;
  /** Smoothness constant β > μ. */
  beta: number;
  /** Largest violation of an interpolation inequality accepted (a certificate's admitted violation); beyond it the data are refused. */
  tolerance: number;
  /** See `SmoothInterpolant.anchorRadius` (0: never snap). */
  anchorRadius: number;
}

export function smoothInterpolant(
  points: readonly InterpolationPoint[],
  opts: SmoothInterpolantOptions,
): SmoothInterpolant {
  const { mu, beta, tolerance, anchorRadius } = opts;
  if (!(Number.isFinite(mu) && mu >= 0)) throw new InvalidParameterError('mu', mu, 'a finite number ≥ 0');
  if (!(Number.isFinite(beta) && beta > mu))
    throw new InvalidParameterError('beta', beta, `a finite number > μ = ${mu}`);
  if (!(tolerance >= 0))
    throw new InvalidParameterError('tolerance', tolerance, 'a number ≥ 0 (Infinity: accept any data)');
  if (!(anchorRadius >= 0 && Number.isFinite(anchorRadius)))
    throw new InvalidParameterError('anchorRadius', anchorRadius, 'a finite number ≥ 0');
  const { m, d, X, G, F } = packPoints(points);

  // The conditions as the PEP states them (src/pep/classes), so the refusal and the certificate agree.
  const alg = numericAlgebra(d);
  const named = points.map((p, i) => ({ name: `${i}`, x: p.x, g: p.g, f: p.f }));
  let interpolationSlack = -Infinity;
  let worstPair = '';
  for (const q of smoothStronglyConvex(mu, beta).interpolation(alg, named)) {
    const v = q.value();
    if (v > interpolationSlack) {
      interpolationSlack = v;
      worstPair = q.key;
    }
  }
  if (interpolationSlack > tolerance)
    throw new InvalidParameterError(
      `interpolation points (inequality ${worstPair})`,
      `violated by ${interpolationSlack}`,
      `points satisfying the ${mu}-strongly convex ${beta}-smooth interpolation conditions to ${tolerance} (Taylor, Hendrickx & Glineur 2017, Thm 4)`,
    );

  const ell = beta - mu;
  const P = new Float64Array(m * d);
  const c = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let x2 = 0;
    let gam2 = 0;
    for (let k = 0; k < d; k++) {
      const x = X[i * d + k];
      const gam = G[i * d + k] - mu * x;
      P[i * d + k] = x - gam / ell;
      x2 += x * x;
      gam2 += gam * gam;
    }
    c[i] = F[i] - 0.5 * mu * x2 - gam2 / (2 * ell);
  }
  const b = c.map((v) => v / ell);
  const qp = simplexQp(m, d);
  const U = new Float64Array(m * d);
  const prox = new Float64Array(d);

  /** Solves the QP at w: leaves Σ λ*_i p_i in `prox`, returns f(w). */
  function solveAt(w: Float64Array): number {
    if (w.length !== d) throw new InvalidParameterError('point (length)', w.length, `the dimension ${d}`);
    for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) U[i * d + k] = P[i * d + k] - w[k];
    const lambda = qp.solve(U, b, 'smooth interpolant');
    prox.fill(0);
    let lin = 0;
    for (let i = 0; i < m; i++) {
      const l = lambda[i];
      if (l === 0) continue;
      lin += l * c[i];
      for (let k = 0; k < d; k++) prox[k] += l * P[i * d + k];
    }
    let r2 = 0;
    let w2 = 0;
    for (let k = 0; k < d; k++) {
      r2 += (w[k] - prox[k]) ** 2;
      w2 += w[k] * w[k];
    }
    return lin + 0.5 * ell * r2 + 0.5 * mu * w2;
  }

  function gradient(w: Float64Array, out: Float64Array): void {
    solveAt(w);
    for (let k = 0; k < d; k++) out[k] = mu * w[k] + ell * (w[k] - prox[k]);
  }

  let anchorValueError = 0;
  let anchorGradientError = 0;
  const g = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    const xi = X.subarray(i * d, (i + 1) * d);
    anchorValueError = Math.max(anchorValueError, Math.abs(solveAt(xi) - F[i]));
    gradient(xi, g);
    let e2 = 0;
    for (let k = 0; k < d; k++) e2 += (g[k] - G[i * d + k]) ** 2;
    anchorGradientError = Math.max(anchorGradientError, Math.sqrt(e2));
  }

  return {
    kind: 'smooth',
    dim: d,
    points,
    mu,
    beta,
    anchorRadius,
    interpolationSlack,
    anchorValueError,
    anchorGradientError,
    value: solveAt,
    gradient,
    subgradient(w, out) {
      if (w.length !== d) throw new InvalidParameterError('point (length)', w.length, `the dimension ${d}`);
      let nearest = -1;
      let best = anchorRadius * anchorRadius;
      for (let i = 0; i < m; i++) {
        let r2 = 0;
        for (let k = 0; k < d; k++) r2 += (w[k] - X[i * d + k]) ** 2;
        if (r2 <= best && (nearest < 0 || r2 < best)) {
          best = r2;
          nearest = i;
        }
      }
      if (nearest >= 0) {
        for (let k = 0; k < d; k++) out[k] = G[nearest * d + k];
        return nearest;
      }
      gradient(w, out);
      return -1;
    },
  };
}
