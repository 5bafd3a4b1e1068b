import { InvalidParameterError } from '../../errors';
import { simplexQp } from './simplex-qp';

/**
 * Euclidean projection onto the convex hull of finitely many points, W = conv{v_1..v_m} ⊂ R^d, by
 * Wolfe's minimum-norm-point algorithm (Wolfe 1976, "Finding the nearest point in a polytope", Math.
 * Programming 11; the active-set core is `simplexQp` with no linear term): Π_W(y) is y plus the point
 * of conv{v_i − y} nearest the origin. The algorithm keeps the point as a convex combination Σ λ_i v_i
 * over a small affinely independent "corral" and is finite; each minor step solves the affine
 * least-norm problem of the corral, a bordered Gram system of size ≤ m + 1. Here m ≤ 2T + 3 (the
 * iterates of a worst case and x*), so each projection costs a few hundred flops per vertex. Frank–Wolfe with away steps reaches 1e-12 only after many iterations; an
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
  const qp = simplexQp(m, d);

  function projectWeights(y: Float64Array): { weights: Float64Array; point: Float64Array } {
    if (y.length !== d) throw new InvalidParameterError('point to project (length)', y.length, `the dimension ${d}`);
    for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) P[i * d + k] = V[i * d + k] - y[k];
    const weights = qp.solve(P, null, 'hull projection').slice();
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
