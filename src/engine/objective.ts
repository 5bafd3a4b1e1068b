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

/** F_S(w) = (1/n) Σ_i f(w; z_i) */
export function empiricalRisk(obj: Objective, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < obj.n; i++) s += obj.loss(w, i);
  return s / obj.n;
}
