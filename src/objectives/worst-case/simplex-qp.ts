import { InvalidParameterError } from '../../errors';

/**
 * The minimiser over the simplex Δ = {λ ≥ 0, Σλ_i = 1} of
 *
 *   q(λ) = ½‖Σ_i λ_i u_i‖² + Σ_i λ_i b_i      (u_i ∈ R^d, b_i ∈ R, i < m),
 *
 * by Wolfe's active-set method (Wolfe 1976, "Finding the nearest point in a polytope", Math.
 * Programming 11), extended from his b = 0 (the point of conv{u_i} nearest the origin) to a linear term.
 * It keeps λ on a small "corral" S: each major step adds the index j ∉ S of least partial derivative
 * ∂_j q = ⟨x, u_j⟩ + b_j (x = Σλ_i u_i) while it is below the corral's level λᵀ∇q; minor steps move to
 * the minimiser of q on the affine hull of the corral, stopping at the boundary and dropping a vertex
 * when a weight would turn negative. The method is finite and exact up to rounding: the final λ
 * satisfies the simplex KKT conditions to OPTIMALITY_TOL relative.
 *
 * b = 0 (projections) runs Wolfe's own steps: the affine minimiser from the bordered Gram system. With a
 * linear term two things change, both met on the smooth worst cases:
 *  - u_j may lie in the affine hull of the corral and still improve q (a point below the lower envelope
 *    of the lifted points (u_i, b_i)). Then q is linear and decreasing along the exchange direction (add
 *    u_j, remove its affine representation), so the step goes to the first weight that vanishes and
 *    that vertex leaves the corral (an exchange, as in the simplex method). With b = 0 an improving u_j
 *    is never in that hull (⟨x, ·⟩ is constant there).
 *  - Corrals of consecutive gradient-method points are nearly flat. The bordered Gram system squares
 *    their conditioning, its solution misses Σλ = 1 by ~1e-8, and the renormalised λ sits off the
 *    corral's minimiser by more than the optimality test admits, so the iteration cycles. The affine
 *    minimiser is therefore solved on the differences u_a − u_0 (Gram–Schmidt twice, Σλ = 1 exact), and a
 *    major step that does not lower q ends the iteration (it has reached rounding).
 * Projections keep Wolfe's path bit for bit (the committed worst-case audit rests on it).
 *
 * Users: `hullProjector` (u_i = v_i − y, b = 0: the projection onto conv{v_i}) and `smoothInterpolant`
 * (the smooth interpolant's value and gradient at a point, docs/theory/worst-case-instances.md).
 */
export interface SimplexQp {
  readonly m: number;
  readonly d: number;
  /**
   * Minimises q for the vectors in `U` (row i = u_i, m × d, row-major) and the linear term `b` (null:
   * 0). Returns λ in a buffer the solver owns (overwritten by the next call); `what` names the caller
   * in the error raised if the iteration does not end.
   */
  solve(U: Float64Array, b: Float64Array | null, what: string): Float64Array;
}

/** Relative tolerances of the major step (Wolfe's Z1), the minor step (Z2) and the affine-dependence test. */
const OPTIMALITY_TOL = 1e-15;
const WEIGHT_TOL = 1e-14;
/** ‖u_j − its affine projection on the corral‖² below this (relative) counts as in the affine hull. */
const DEPENDENCE_TOL = 1e-24;
/** Major iterations allowed per vertex before the iteration is declared stuck (finite in exact arithmetic). */
const ITERATIONS_PER_VERTEX = 50;

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ao + k] * b[bo + k];
  return s;
}

/**
 * Wolfe's affine least-norm point of the corral (b = 0): [G_S 1; 1ᵀ 0][z; ν] = [0; 1], G_S the Gram
 * matrix of the corral, by Gaussian elimination with partial pivoting; null when singular.
 */
function bordered(gram: Float64Array, m: number, S: Int32Array, s: number): Float64Array | null {
  const n = s + 1;
  const A = new Float64Array(n * (n + 1));
  for (let a = 0; a < s; a++) {
    for (let c = 0; c < s; c++) A[a * (n + 1) + c] = gram[S[a] * m + S[c]];
    A[a * (n + 1) + s] = 1;
    A[a * (n + 1) + n] = 0;
  }
  for (let c = 0; c < s; c++) A[s * (n + 1) + c] = 1;
  A[s * (n + 1) + s] = 0;
  A[s * (n + 1) + n] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * (n + 1) + c]) > Math.abs(A[p * (n + 1) + c])) p = r;
    const piv = A[p * (n + 1) + c];
    if (!(Math.abs(piv) > 1e-300)) return null;
    if (p !== c)
      for (let k = 0; k <= n; k++) {
        const t = A[c * (n + 1) + k];
        A[c * (n + 1) + k] = A[p * (n + 1) + k];
        A[p * (n + 1) + k] = t;
      }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r * (n + 1) + c] / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) A[r * (n + 1) + k] -= f * A[c * (n + 1) + k];
    }
  }
  const z = new Float64Array(s);
  for (let a = 0; a < s; a++) z[a] = A[a * (n + 1) + n] / A[a * (n + 1) + a];
  return z;
}

/** A solver for m vectors in R^d; its work arrays are reused by every call (one per engine step). */
export function simplexQp(m: number, d: number): SimplexQp {
  if (!(Number.isInteger(m) && m >= 1)) throw new InvalidParameterError('simplex QP size m', m, 'an integer ≥ 1');
  if (!(Number.isInteger(d) && d >= 1)) throw new InvalidParameterError('simplex QP dimension d', d, 'an integer ≥ 1');
  const gram = new Float64Array(m * m);
  const S = new Int32Array(m + 1);
  const lambda = new Float64Array(m);
  const inCorral = new Uint8Array(m);
  const x = new Float64Array(d);
  // The corral's affine hull in coordinates: u_{S[a]} − u_{S[0]} = Σ_c R[c][a−1] q_c (a = 1..s−1), Q's
  // rows orthonormal. Solving on differences keeps Σλ = 1 exact and the accuracy that of R, not of
  // the Gram matrix (its square): corrals of consecutive gradient-method points are nearly flat.
  const Q = new Float64Array(Math.min(m, d + 1) * d);
  const R = new Float64Array(m * m);
  const v = new Float64Array(d);
  const y = new Float64Array(m);
  const mu = new Float64Array(m + 1);
  const beta = new Float64Array(m + 1);

  /**
   * Orthonormalises the column v (the difference of column k + 1) against q_0..q_{k−1} (Gram–Schmidt,
   * twice: one pass loses orthogonality on nearly dependent columns); writes R's column k. Returns
   * ‖v‖² after projection (its distance² from the span), and q_k = v/‖v‖ when that is positive.
   */
  function orthogonalise(k: number): number {
    for (let c = 0; c < k; c++) R[c * m + k] = 0;
    for (let pass = 0; pass < 2; pass++)
      for (let c = 0; c < k; c++) {
        const r = dot(Q, c * d, v, 0, d);
        R[c * m + k] += r;
        for (let i = 0; i < d; i++) v[i] -= r * Q[c * d + i];
      }
    const n2 = dot(v, 0, v, 0, d);
    const n = Math.sqrt(n2);
    R[k * m + k] = n;
    if (n > 0 && k < Math.min(m, d + 1)) for (let i = 0; i < d; i++) Q[k * d + i] = v[i] / n;
    return n2;
  }

  /**
   * Affine weights on the corral from weights on its differences: t = R⁻¹ y (back substitution over the
   * first k entries of y, in place), then out[a + 1] = t_a and out[0] = 1 − Σ t_a.
   */
  function affineWeights(k: number, out: Float64Array): void {
    for (let a = k - 1; a >= 0; a--) {
      let s = y[a];
      for (let c = a + 1; c < k; c++) s -= R[a * m + c] * y[c];
      y[a] = s / R[a * m + a];
    }
    let total = 0;
    for (let a = 0; a < k; a++) {
      out[a + 1] = y[a];
      total += y[a];
    }
    out[0] = 1 - total;
  }

  function solve(U: Float64Array, b: Float64Array | null, what: string): Float64Array {
    if (U.length !== m * d) throw new InvalidParameterError(`${what}: vectors`, U.length, `m × d = ${m * d} numbers`);
    if (b !== null && b.length !== m) throw new InvalidParameterError(`${what}: linear term`, b.length, `m = ${m}`);
    const lin = (i: number): number => (b === null ? 0 : b[i]);
    let scale = 0;
    let first = 0;
    let firstValue = Infinity;
    for (let i = 0; i < m; i++) {
      const n2 = dot(U, i * d, U, i * d, d);
      scale = Math.max(scale, n2);
      // Start at the best vertex (with b = 0: the vector nearest the origin).
      if (0.5 * n2 + lin(i) < firstValue) {
        firstValue = 0.5 * n2 + lin(i);
        first = i;
      }
    }
    if (b === null)
      for (let i = 0; i < m; i++) {
        gram[i * m + i] = dot(U, i * d, U, i * d, d);
        for (let j = 0; j < i; j++) gram[i * m + j] = gram[j * m + i] = dot(U, i * d, U, j * d, d);
      }
    else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < m; i++) {
        lo = Math.min(lo, b[i]);
        hi = Math.max(hi, b[i]);
      }
      scale += hi - lo;
    }
    lambda.fill(0);
    inCorral.fill(0);
    lambda[first] = 1;
    let s = 1;
    S[0] = first;
    inCorral[first] = 1;

    /** Q, R of the corral S[0..s); false when it is (numerically) affinely dependent. */
    function factor(): boolean {
      const o = S[0] * d;
      for (let a = 1; a < s; a++) {
        const oa = S[a] * d;
        for (let i = 0; i < d; i++) v[i] = U[oa + i] - U[o + i];
        if (!(orthogonalise(a - 1) > DEPENDENCE_TOL * scale)) return false;
      }
      return true;
    }

    /** mu: the minimiser of q on the corral's affine hull (weights over S[0..s), Σ = 1 exactly). */
    function affineMinimiser(): void {
      const k = s - 1;
      const o = S[0] * d;
      // With t the weights of the differences, q = ½‖u_0 + Q R t‖² + Σ_a t_a (b_a − b_0) + b_0;
      // z = R t solves z = −Qᵀu_0 − R⁻ᵀ c (c_a = b_a − b_0), then t = R⁻¹ z.
      for (let a = 0; a < k; a++) {
        let s2 = lin(S[a + 1]) - lin(S[0]);
        for (let c = 0; c < a; c++) s2 -= R[c * m + a] * y[c];
        y[a] = s2 / R[a * m + a];
      }
      for (let a = 0; a < k; a++) y[a] = -dot(Q, a * d, U, o, d) - y[a];
      affineWeights(k, mu);
    }

    /**
     * u_j in the corral's affine hull: β with u_j ≈ Σ β_a u_{S[a]}, Σβ = 1; returns the squared
     * distance of u_j from the hull (relative to `scale`, compared with DEPENDENCE_TOL).
     */
    function represent(j: number): number {
      const k = s - 1;
      const o = S[0] * d;
      for (let i = 0; i < d; i++) v[i] = U[j * d + i] - U[o + i];
      for (let a = 0; a < k; a++) y[a] = dot(Q, a * d, v, 0, d);
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        let w = v[i];
        for (let a = 0; a < k; a++) w -= y[a] * Q[a * d + i];
        r2 += w * w;
      }
      affineWeights(k, beta);
      return r2;
    }

    const xOf = (): void => {
      x.fill(0);
      for (let a = 0; a < s; a++) {
        const i = S[a];
        const l = lambda[i];
        for (let k = 0; k < d; k++) x[k] += l * U[i * d + k];
      }
    };
    const qOf = (): number => {
      let q = 0.5 * dot(x, 0, x, 0, d);
      if (b !== null) for (let a = 0; a < s; a++) q += lambda[S[a]] * b[S[a]];
      return q;
    };
    xOf();
    let qPrev = qOf();
    const maxIter = ITERATIONS_PER_VERTEX * m + 10;
    let iter = 0;
    for (;;) {
      if (++iter > maxIter)
        throw new InvalidParameterError(
          what,
          `${maxIter} iterations`,
          'convergence of Wolfe’s algorithm (check that the points are finite and not nearly coincident)',
        );
      // Major step: the index of least partial derivative; stop when none is below the corral's level.
      let level = dot(x, 0, x, 0, d);
      if (b !== null) for (let a = 0; a < s; a++) level += lambda[S[a]] * b[S[a]];
      let j = -1;
      let best = level - OPTIMALITY_TOL * scale;
      for (let i = 0; i < m; i++) {
        if (inCorral[i]) continue;
        const val = dot(x, 0, U, i * d, d) + lin(i);
        if (val < best) {
          best = val;
          j = i;
        }
      }
      if (j < 0) break;
      const saved = lambda.slice();
      const savedS = S.slice(0, s);
      if (b !== null && !factor())
        throw new InvalidParameterError(what, 'an affinely dependent corral', 'a non-degenerate problem');
      if (b !== null && represent(j) <= DEPENDENCE_TOL * scale) {
        // u_j in the corral's affine hull: along e_j − β, x stays and q falls (linearly, at rate
        // ∂_j q − level < 0); step until the first weight vanishes and put j in that vertex's place.
        let theta = Infinity;
        let out = -1;
        for (let a = 0; a < s; a++)
          if (beta[a] > 0 && lambda[S[a]] / beta[a] < theta) {
            theta = lambda[S[a]] / beta[a];
            out = a;
          }
        for (let a = 0; a < s; a++) lambda[S[a]] = Math.max(0, lambda[S[a]] - theta * beta[a]);
        lambda[S[out]] = 0;
        inCorral[S[out]] = 0;
        S[out] = j;
      } else S[s++] = j;
      inCorral[j] = 1;
      // Minor steps: towards the minimiser of q on the corral's affine hull, dropping vanishing weights.
      for (;;) {
        if (b === null) {
          const z = bordered(gram, m, S, s);
          if (z === null) {
            // An affinely dependent corral (rounding only; Wolfe's case): drop the vertex just added.
            s--;
            inCorral[j] = 0;
            lambda[j] = 0;
            break;
          }
          mu.set(z);
        } else {
          if (!factor())
            throw new InvalidParameterError(what, 'an affinely dependent corral', 'a non-degenerate problem');
          affineMinimiser();
        }
        let allPositive = true;
        for (let a = 0; a < s; a++) if (!(mu[a] > WEIGHT_TOL)) allPositive = false;
        if (allPositive) {
          for (let a = 0; a < s; a++) lambda[S[a]] = mu[a];
          break;
        }
        let theta = 1;
        for (let a = 0; a < s; a++) {
          const l = lambda[S[a]];
          if (mu[a] <= WEIGHT_TOL && l - mu[a] > 0) theta = Math.min(theta, l / (l - mu[a]));
        }
        let keep = 0;
        for (let a = 0; a < s; a++) {
          const i = S[a];
          const l = (1 - theta) * lambda[i] + theta * mu[a];
          if (l > WEIGHT_TOL) {
            lambda[i] = l;
            S[keep++] = i;
          } else {
            lambda[i] = 0;
            inCorral[i] = 0;
          }
        }
        s = keep;
        if (s === 0) throw new InvalidParameterError(what, 'an empty corral', 'a non-degenerate problem');
      }
      let total = 0;
      for (let a = 0; a < s; a++) total += lambda[S[a]];
      for (let a = 0; a < s; a++) lambda[S[a]] /= total;
      xOf();
      // In exact arithmetic every major step lowers q; one that does not has reached rounding: the
      // previous point is the answer (this, not a looser Z1, is what ends nearly flat corrals).
      const q = qOf();
      if (b !== null && !(q < qPrev)) {
        lambda.set(saved);
        inCorral.fill(0);
        s = savedS.length;
        S.set(savedS);
        for (let a = 0; a < s; a++) inCorral[S[a]] = 1;
        xOf();
        break;
      }
      qPrev = q;
    }
    return lambda;
  }

  return { m, d, solve };
}
