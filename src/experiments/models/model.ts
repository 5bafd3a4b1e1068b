import { maxRowNormSquared, type Dataset, type SparseRows } from '../../data/dataset';
import type { Objective } from '../../engine/objective';

/**
 * A model on a data set: an engine Objective (per-example loss and gradient, Float64, no allocation
 * in grad) plus what the experiments need around it.
 */
export interface Model extends Objective {
  /** e.g. "softmax", "mlp(h=32)", "logistic", "hinge". */
  readonly name: string;
  readonly data: Dataset;
  readonly convex: boolean;
  /** Certified constants of every f(·; z) with z a row of `data`, on W = R^d (null: not certified). */
  readonly constants: ModelConstants;
  /** out += a·∇f(w; z_i) touching only the entries the example reaches (sparse full gradients). */
  addGrad(w: Float64Array, i: number, a: number, out: Float64Array): void;
  /** Mean loss and accuracy over `data` at w, in one pass. */
  evaluate(w: Float64Array): { loss: number; accuracy: number };
  /** The same model (same architecture) on another data set: test set, neighbouring set. */
  rebind(ds: Dataset): Model;
  /** A seeded initial point w_0 (zero for the convex models, small random for the network). */
  init(seed: number): Float64Array;
}

export interface ModelConstants {
  /** Lipschitz constant L of f(·; z) in w. */
  L: number | null;
  /** Smoothness β (Infinity when non-smooth). */
  beta: number | null;
  /** How the constants were derived, for the report. */
  note: string;
}

/** x̃_i · w[off .. off + p] + w[off + p]: one row of a linear layer with its bias last. */
export function rowDot(X: SparseRows, i: number, w: Float64Array, off: number): number {
  let s = w[off + X.p];
  for (let q = X.rowPtr[i], e = X.rowPtr[i + 1]; q < e; q++) s += X.val[q] * w[off + X.col[q]];
  return s;
}

/** out[off .. off + p] += a·x̃_i (the bias slot gets a): the gradient of a linear layer row. */
export function rowAxpy(X: SparseRows, i: number, a: number, out: Float64Array, off: number): void {
  for (let q = X.rowPtr[i], e = X.rowPtr[i + 1]; q < e; q++) out[off + X.col[q]] += a * X.val[q];
  out[off + X.p] += a;
}

/** max_i ‖x̃_i‖ with x̃ = (x, 1): the augmented rows the linear layers see. */
export function maxAugmentedNorm(X: SparseRows): number {
  return Math.sqrt(1 + maxRowNormSquared(X));
}

/**
 * log Σ_c exp(z_c) and the softmax probabilities written into prob (stable: shifted by max z).
 * Shared by the softmax regression and the network's output layer.
 */
export function logSoftmax(z: Float64Array, prob: Float64Array): number {
  let m = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c] > m) m = z[c];
  let s = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp(z[c] - m);
    prob[c] = e;
    s += e;
  }
  const inv = 1 / s;
  for (let c = 0; c < z.length; c++) prob[c] *= inv;
  return m + Math.log(s);
}

export function argmax(z: Float64Array): number {
  let b = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[b]) b = c;
  return b;
}
