import { dotRow } from './vec';

/**
 * What the engine needs of a problem: n examples, per-example loss and (sub)gradient in R^d.
 * Certified constants live with the instances in src/objectives/.
 */
export interface Objective {
  readonly d: number;
  readonly n: number;
  /** f(w; z_i), i ∈ [0, n) */
  loss(w: Float64Array, i: number): number;
  /** Writes a (sub)gradient of f(·; z_i) at w into out (overwrites out). */
  grad(w: Float64Array, i: number, out: Float64Array): void;
}

/**
 * Optional structure of generalised linear models (logistic, hinge, least squares): f(w; z_i) = φ_i(u)
 * with u = x_i·w, x_i row i of `rows` (n×d, row-major), so the per-example gradient is φ_i′(u)·x_i. An
 * objective that exposes it lets the engine fuse the gradient into the update (no pass through a
 * gradient buffer) and run that step in its WebAssembly kernel (SgdConfig.kernel). The engine computes
 * u itself, as `marginOf` does; contract: `grad` must write exactly out[j] = slope(marginOf(rows, w,
 * i), i) * rows[i·d + j], so every path gives the same bits.
 */
export interface LinearGradient {
  readonly rows: Float64Array;
  /** φ_i′(u): the derivative of the loss of example i with respect to u = x_i·w. */
  slope(u: number, i: number): number;
}

/** u = x_i·w, in the order the engine computes it (dotRow's four partial sums). */
export function marginOf(rows: Float64Array, w: Float64Array, i: number): number {
  const d = w.length;
  return dotRow(rows, i * d, w, d);
}

export function linearGradientOf(obj: Objective): (Objective & LinearGradient) | undefined {
  const o = obj as Partial<LinearGradient>;
  return typeof o.slope === 'function' && o.rows instanceof Float64Array && o.rows.length === obj.n * obj.d
    ? (obj as Objective & LinearGradient)
    : undefined;
}

/** F_S(w) = (1/n) Σ_i f(w; z_i) */
export function empiricalRisk(obj: Objective, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < obj.n; i++) s += obj.loss(w, i);
  return s / obj.n;
}
