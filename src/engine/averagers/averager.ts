import { InvalidParameterError } from '../../errors';

/**
 * The weight-averaging family behind one small interface (optax-style init/update/read).
 * Specs are plain JSON so a sweep cell or a counterexample can name its averager.
 *
 * Every averager is a fixed linear combination of w_0..w_T; `weights(T)` gives it analytically so the
 * theory can compute tail masses Λ_t (`tailMass` in src/engine/averaging.ts). Iterates are indexed as in
 * src/engine/convention.ts: `update(t, w_t)` is called after step t = 1..T.
 */

export type AveragerSpec =
  /** w_T */
  | { kind: 'last' }
  /** FWA(k): mean of w_{T−k+1..T}; k > T is allowed and means the mean of w_1..w_T. */
  | { kind: 'fwa'; k: number }
  /**
   * LAWA over checkpoints w_ν, w_2ν, … (w_0 is not a checkpoint). `sliding` (Kaddour 2022): mean of the
   * latest k checkpoints. `block` (Sanyal et al. 2023): checkpoints in consecutive non-overlapping groups
   * of k; the mean of the latest complete group. Before there is one, the mean of the checkpoints so far
   * (w_0 before the first checkpoint). LAWA(k, ν = 1, sliding) ≡ FWA(k).
   */
  | { kind: 'lawa'; k: number; nu: number; mode?: 'sliding' | 'block' }
  /**
   * SWA (PyTorch AveragedModel): uniform over w_s, w_{s+c}, w_{s+2c}, … ≤ T; the first update copies,
   * and before step s the averaged model is still the copy of w_0 made at construction.
   */
  | { kind: 'swa'; start: number; every?: number }
  /**
   * EMA: w̃_0 = w_0, w̃_t = (1 − γ_t) w̃_{t−1} + γ_t w_t with γ_t ≡ γ (EMA(γ = 1) ≡ last). With `warmup`,
   * timm ModelEmaV3(use_warmup=True) semantics instead (docs/theory/averagers.md#ema).
   */
  | { kind: 'ema'; gamma: number; warmup?: EmaWarmup }
  /** Polyak–Ruppert from t₀: uniform over w_{t₀+1..T}; tracks the last iterate while t ≤ t₀. Needs t₀ < T. */
  | { kind: 'polyak'; t0: number }
  /**
   * α-suffix (Rakhlin–Shamir–Sridharan): uniform over the last m = ⌈αT⌉ iterates, α ∈ (0, 1]. Horizon-aware:
   * m comes from init's T, and the last iterate is tracked until step T − m.
   */
  | { kind: 'suffix'; alpha: number }
  /**
   * Weights given one by one, `weights[t]` = λ_t for t = 0..T: the output Σ_t λ_t w_t. Its length fixes the
   * horizon (T + 1 weights for a run of T steps); each λ_t ≥ 0, summing to 1.
   */
  | { kind: 'explicit'; weights: readonly number[] };

/**
 * timm ModelEmaV3 warm-up. At step t, s = max(0, t − updateAfterStep − 1); s = 0 copies (decay 0);
 * otherwise decay_s = clamp(1 − (1 + s/warmupGamma)^(−warmupPower), minDecay, 1 − γ). Here γ_t = 1 − decay_t.
 */
export interface EmaWarmup {
  /** timm default 2/3 */
  warmupPower?: number;
  /** timm default 1 */
  warmupGamma?: number;
  /** timm default 0 */
  minDecay?: number;
  /** timm default 0 */
  updateAfterStep?: number;
}

export interface Averager {
  /** Restart from the initial point w_0 for a run of T steps. */
  init(w0: Float64Array, T: number): void;
  /** Observe w_t after step t (t = 1, 2, …, in order). */
  update(t: number, w: Float64Array): void;
  /** The current averaged point: a buffer the averager owns; copy it to keep it. */
  read(): Float64Array;
  /** The weight on each of w_0..w_T of the average after T steps (length T + 1, sums to 1). */
  weights(T: number): Float64Array;
  /**
   * Takes over `src`'s state (an averager of the same kind, dimension and T): every later update and read
   * gives the bits src's would, whatever this averager held before. What lets an enumeration
   * (src/engine/enumerate.ts) resume every path from a shared prefix, bit for bit. It may copy only the
   * state a later update or read can observe, and bring src's caches up to date first (src's own reads
   * keep their bits). Optional for a user's averager: without it, enumerations replay each path from w_0.
   */
  copyFrom?(src: Averager): void;
}

/** `src` as the same class as `self`, or a typed error (copying state between different averagers is a bug). */
export function sameClass<A extends Averager>(self: A, src: Averager): A {
  if (src.constructor !== self.constructor)
    throw new InvalidParameterError(
      'averager to copy',
      src.constructor.name,
      `an averager of the same kind (${self.constructor.name})`,
    );
  return src as A;
}

/**
 * A user's averager for the engine: a name, and a constructor that returns a fresh Averager (its
 * update rule and its weights(T)) for dimension d. Every run, and each side of a coupled pair, makes
 * its own, so state is never shared between runs.
 */
export interface CustomAverager {
  name: string;
  make(d: number): Averager;
}

/** What a run averages with: one of the engine's specs (plain JSON) or a user's averager. */
export type AveragerChoice = AveragerSpec | CustomAverager;
