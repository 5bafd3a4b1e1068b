import { InvalidParameterError } from '../../errors';

/**
 * Euclidean projection onto the convex hull of finitely many points, W = conv{v_1..v_m} ⊂ R^d, by
 * Wolfe's minimum-norm-point algorithm (Wolfe 1976, "Finding the nearest point in a polytope", Math.
 * Programming 11): Π_W(y) is y plus the point of conv{v_i − y} nearest the origin. The algorithm keeps
 * the point as a convex combination Σ λ_i v_i over a small affinely independent "corral" and is finite;
 * each minor step solves the affine least-norm problem of the corral, a bordered Gram system of size
 * ≤ m + 1. Here m ≤ 2T + 3 (the iterates of a worst case and x*), so each projection costs a few
 * hundred flops per vertex. Frank–Wolfe with away steps reaches 1e-12 only after many iterations; an
 * active-set method reaches it exactly, which is what a round trip to 1e-9 needs.
 */
export interface HullProjector {
  readonly dim: number;
  /** The vertices (as given; some may lie inside the hull). */
  readonly vertices: readonly Float64Array[];
  /** max ‖v_i − v_j‖: the diameter of the hull (attained at two vertices). */
  readonly diameter: number;
  /** Overwrites w with Π_W(w). */
  project(w: Float64Array): void;
  /** Π_W(y) as convex weights λ over the vertices (Σλ = 1, λ ≥ 0) and the point Σ λ_i v_i. */
  projectWeights(y: Float64Array): { weights: Float64Array; point: Float64Array };
}

/** Relative tolerances of Wolfe's tests (his Z1..Z3), scaled by max‖v_i − y‖². */
const OPTIMALITY_TOL = 1e-15;
const WEIGHT_TOL = 1e-14;
/** Major iterations allowed per vertex before the projection is declared stuck (finite in exact arithmetic). */
const ITERATIONS_PER_VERTEX = 50;

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[ao + k] * b[bo + k];
  return s;
}

/**
 * Solves the bordered system [Gs 1; 1ᵀ 0][μ; ν] = [0; 1] (the affine combination of the corral of least
 * norm) by Gaussian elimination with partial pivoting; null when singular (an affinely dependent corral).
 */
function affineLeastNorm(gram: Float64Array, m: number, S: Int32Array, s: number): Float64Array | null {
  const n = s + 1;
  const A = new Float64Array(n * (n + 1));
  for (let a = 0; a < s; a++) {
    for (let b = 0; b < s; b++) A[a * (n + 1) + b] = gram[S[a] * m + S[b]];
    A[a * (n + 1) + s] = 1;
    A[a * (n + 1) + n] = 0;
  }
  for (let b = 0; b < s; b++) A[s * (n + 1) + b] = 1;
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
  const mu = new Float64Array(s);
  for (let a = 0; a < s; a++) mu[a] = A[a * (n + 1) + n] / A[a * (n + 1) + a];
  return mu;
}

/** A projector onto conv(vertices); every vertex a finite vector of one dimension. */
export function hullProjector(vertices: readonly Float64Array[]): HullProjector {
  const m = vertices.length;
  if (m === 0) throw new InvalidParameterError('vertices', '[]', 'at least one point spanning the hull');
  const d = vertices[0].length;
  const V = new Float64Array(m * d);
  vertices.forEach((v, i) => {
    if (v.length !== d) throw new InvalidParameterError(`vertices[${i}].length`, v.length, `the dimension ${d}`);
    for (let k = 0; k < d; k++) {
      if (!Number.isFinite(v[k])) throw new InvalidParameterError(`vertices[${i}][${k}]`, v[k], 'a finite number');
      V[i * d + k] = v[k];
    }
  });
  let diameter = 0;
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (V[i * d + k] - V[j * d + k]) ** 2;
      diameter = Math.max(diameter, Math.sqrt(s));
    }
  // Work arrays, reused by every projection (the engine calls project once per step).
  const P = new Float64Array(m * d);
  const gram = new Float64Array(m * m);
  const S = new Int32Array(m + 1);
  const lambda = new Float64Array(m);
  const x = new Float64Array(d);

  function projectWeights(y: Float64Array): { weights: Float64Array; point: Float64Array } {
    if (y.length !== d) throw new InvalidParameterError('point to project (length)', y.length, `the dimension ${d}`);
    let scale = 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const u = V[i * d + k] - y[k];
        P[i * d + k] = u;
        s += u * u;
      }
      gram[i * m + i] = s;
      scale = Math.max(scale, s);
    }
    for (let i = 0; i < m; i++)
      for (let j = i + 1; j < m; j++) gram[i * m + j] = gram[j * m + i] = dot(P, i * d, P, j * d, d);
    // Start at the vertex nearest y.
    let first = 0;
    for (let i = 1; i < m; i++) if (gram[i * m + i] < gram[first * m + first]) first = i;
    lambda.fill(0);
    lambda[first] = 1;
    let s = 1;
    S[0] = first;
    const inCorral = new Uint8Array(m);
    inCorral[first] = 1;
    const xOf = (): void => {
      x.fill(0);
      for (let a = 0; a < s; a++) {
        const i = S[a];
        const l = lambda[i];
        for (let k = 0; k < d; k++) x[k] += l * P[i * d + k];
      }
    };
    xOf();
    const maxIter = ITERATIONS_PER_VERTEX * m + 10;
    let iter = 0;
    for (;;) {
      if (++iter > maxIter)
        throw new InvalidParameterError(
          'hull projection',
          `${maxIter} iterations`,
          'convergence of Wolfe’s algorithm (check that the vertices are finite and not nearly coincident)',
        );
      // Major step: the vertex most opposed to x; stop when none improves ⟨x, x⟩ (x is optimal).
      const xx = dot(x, 0, x, 0, d);
      let j = -1;
      let best = xx - OPTIMALITY_TOL * scale;
      for (let i = 0; i < m; i++) {
        if (inCorral[i]) continue;
        const v = dot(x, 0, P, i * d, d);
        if (v < best) {
          best = v;
          j = i;
        }
      }
      if (j < 0) break;
      S[s++] = j;
      inCorral[j] = 1;
      // Minor steps: move towards the affine least-norm point of the corral, dropping vertices whose weight vanishes.
      for (;;) {
        const mu = affineLeastNorm(gram, m, S, s);
        if (mu === null) {
          // An affinely dependent corral: drop the vertex just added (no progress possible with it).
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
        if (s === 0) throw new InvalidParameterError('hull projection', 'an empty corral', 'a non-degenerate hull');
      }
      let total = 0;
      for (let a = 0; a < s; a++) total += lambda[S[a]];
      for (let a = 0; a < s; a++) lambda[S[a]] /= total;
      xOf();
    }
    const weights = lambda.slice();
    const point = new Float64Array(d);
    // The point from the vertices themselves (not y + x): exact when the projection is a vertex.
    for (let i = 0; i < m; i++) if (weights[i] !== 0) for (let k = 0; k < d; k++) point[k] += weights[i] * V[i * d + k];
    return { weights, point };
  }

  return {
    dim: d,
    vertices,
    diameter,
    project(w) {
      w.set(projectWeights(w).point);
    },
    projectWeights,
  };
}
