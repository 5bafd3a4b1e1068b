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
 * Optional structure of generalised linear models (logistic, hinge, least squares): the per-example
 * gradient is c(w; z_i)·x_i with x_i row i of `rows` (n×d, row-major). An objective that exposes it lets
 * the engine fuse the gradient into the update (no pass through a gradient buffer). Contract: `grad`
 * must write exactly out[j] = gradCoef(w, i) * rows[i·d + j], so both paths give the same bits.
 */
export interface LinearGradient {
  readonly rows: Float64Array;
  gradCoef(w: Float64Array, i: number): number;
}

export function linearGradientOf(obj: Objective): (Objective & LinearGradient) | undefined {
  const o = obj as Partial<LinearGradient>;
  return typeof o.gradCoef === 'function' && o.rows instanceof Float64Array && o.rows.length === obj.n * obj.d
    ? (obj as Objective & LinearGradient)
    : undefined;
}

/** F_S(w) = (1/n) Σ_i f(w; z_i) */
export function empiricalRisk(obj: Objective, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < obj.n; i++) s += obj.loss(w, i);
  return s / obj.n;
}
