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
 * the minimiser of q on the affine hull of the corral (a bordered Gram system of size |S| + 1), stopping
 * at the boundary and dropping a vertex when a weight would turn negative. The method is finite and
 * exact up to rounding: the final λ satisfies the simplex KKT conditions to OPTIMALITY_TOL relative.
 *
 * The linear term adds one case Wolfe's method never meets: u_j may lie in the affine hull of the corral
 * and still improve q (a point below the lower envelope of the lifted points (u_i, b_i)). Then q is
 * linear and decreasing along the exchange direction (add u_j, remove its affine representation), so
 * the step goes to the first weight that vanishes and that vertex leaves the corral (an exchange, as in
 * the simplex method). With b = 0 an improving u_j is never in the affine hull of the corral (⟨x, ·⟩ is
 * constant there), so a projection runs Wolfe's original steps.
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

/** Relative tolerances of the major step (Wolfe's Z1), the minor step (Z2) and the exchange test. */
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
 * Solves the bordered system [G_S 1; 1ᵀ 0][z; ν] = [rhs; 1] (G_S the Gram matrix of the corral) by
 * Gaussian elimination with partial pivoting; null when singular. With rhs = −b_S, z is the minimiser
 * of q on the affine hull of the corral; with rhs = G_{S,j}, the affine combination nearest u_j.
 */
function bordered(
  gram: Float64Array,
  m: number,
  S: Int32Array,
  s: number,
  rhs: (a: number) => number,
): Float64Array | null {
  const n = s + 1;
  const A = new Float64Array(n * (n + 1));
  for (let a = 0; a < s; a++) {
    for (let c = 0; c < s; c++) A[a * (n + 1) + c] = gram[S[a] * m + S[c]];
    A[a * (n + 1) + s] = 1;
    A[a * (n + 1) + n] = rhs(a);
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

  function solve(U: Float64Array, b: Float64Array | null, what: string): Float64Array {
    if (U.length !== m * d) throw new InvalidParameterError(`${what}: vectors`, U.length, `m × d = ${m * d} numbers`);
    if (b !== null && b.length !== m) throw new InvalidParameterError(`${what}: linear term`, b.length, `m = ${m}`);
    const lin = (i: number): number => (b === null ? 0 : b[i]);
    let scale = 0;
    for (let i = 0; i < m; i++) {
      const s = dot(U, i * d, U, i * d, d);
      gram[i * m + i] = s;
      scale = Math.max(scale, s);
    }
    for (let i = 0; i < m; i++)
      for (let j = i + 1; j < m; j++) gram[i * m + j] = gram[j * m + i] = dot(U, i * d, U, j * d, d);
    if (b !== null) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < m; i++) {
        lo = Math.min(lo, b[i]);
        hi = Math.max(hi, b[i]);
      }
      scale += hi - lo;
    }
    // Start at the best vertex (with b = 0: the vector nearest the origin).
    let first = 0;
    for (let i = 1; i < m; i++)
      if (0.5 * gram[i * m + i] + lin(i) < 0.5 * gram[first * m + first] + lin(first)) first = i;
    lambda.fill(0);
    inCorral.fill(0);
    lambda[first] = 1;
    let s = 1;
    S[0] = first;
    inCorral[first] = 1;
    const xOf = (): void => {
      x.fill(0);
      for (let a = 0; a < s; a++) {
        const i = S[a];
        const l = lambda[i];
        for (let k = 0; k < d; k++) x[k] += l * U[i * d + k];
      }
    };
    xOf();
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
        const v = dot(x, 0, U, i * d, d) + lin(i);
        if (v < best) {
          best = v;
          j = i;
        }
      }
      if (j < 0) break;
      // With a linear term j may replace a vertex instead (the corral keeps its size).
      if (!(b !== null && exchange(U, j, s))) {
        S[s++] = j;
        inCorral[j] = 1;
      }
      // Minor steps: towards the minimiser of q on the corral's affine hull, dropping vanishing weights.
      for (;;) {
        const mu = bordered(gram, m, S, s, (a) => -lin(S[a]));
        if (mu === null) {
          // An affinely dependent corral: drop the vertex just added, no progress with it (after an
          // exchange the corral is independent by construction, so this is Wolfe's case).
          if (S[s - 1] !== j)
            throw new InvalidParameterError(
              what,
              'an affinely dependent corral after an exchange',
              'points in general position',
            );
          s--;
          inCorral[j] = 0;
          lambda[j] = 0;
          break;
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
    }
    return lambda;

    /**
     * When u_j lies in the affine hull of the corral (u_j = Σ β_a u_a, Σβ = 1), moves along
     * e_j − Σ β_a e_a (x unchanged to first order, q decreasing) until the first weight vanishes and
     * puts j in that vertex's place; true when it did. Otherwise j is added as Wolfe adds it.
     */
    function exchange(Uv: Float64Array, jj: number, size: number): boolean {
      const beta = bordered(gram, m, S, size, (a) => gram[S[a] * m + jj]);
      if (beta === null) return false;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        let v = Uv[jj * d + k];
        for (let a = 0; a < size; a++) v -= beta[a] * Uv[S[a] * d + k];
        r2 += v * v;
      }
      if (!(r2 <= DEPENDENCE_TOL * scale)) return false;
      let theta = Infinity;
      let out = -1;
      for (let a = 0; a < size; a++)
        if (beta[a] > 0 && lambda[S[a]] / beta[a] < theta) {
          theta = lambda[S[a]] / beta[a];
          out = a;
        }
      for (let a = 0; a < size; a++) lambda[S[a]] = Math.max(0, lambda[S[a]] - theta * beta[a]);
      lambda[S[out]] = 0;
      inCorral[S[out]] = 0;
      S[out] = jj;
      inCorral[jj] = 1;
      lambda[jj] = theta;
      return true;
    }
  }

  return { m, d, solve };
}
