import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import { CompensatedSum } from './compensated';

/**
 * The weight-averaging family behind one small interface (optax-style init/update/read).
 * Specs are plain JSON so a sweep cell or a counterexample can name its averager.
 *
 * Every averager is a fixed linear combination of w_0..w_T; `weights(T)` gives it analytically so the
 * theory can compute tail masses Λ_t (see `tailMass`). Iterates are indexed as in
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
  | { kind: 'suffix'; alpha: number };

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
   * Becomes an exact copy of `src`'s state (an averager of the same kind, dimension and T): what lets an
   * enumeration (src/engine/enumerate.ts) resume every path from a shared prefix, bit for bit. Optional
   * for a user's averager: without it, enumerations replay each path from w_0 instead.
   */
  copyFrom?(src: Averager): void;
}

/** `src` as the same class as `self`, or a typed error (copying state between different averagers is a bug). */
function sameClass<A extends Averager>(self: A, src: Averager): A {
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

/** The Averager of a choice, for dimension d. */
export function createAverager(choice: AveragerChoice, d: number): Averager {
  if ('make' in choice) {
    requireInteger('averager dimension d', d, 1);
    return choice.make(d);
  }
  return makeAverager(choice, d);
}

export function averagerName(s: AveragerChoice): string {
  if ('make' in s) return s.name;
  switch (s.kind) {
    case 'last':
      return 'SGD (last iterate)';
    case 'fwa':
      return `FWA(k=${s.k})`;
    case 'lawa':
      return `LAWA(k=${s.k}, ν=${s.nu}${s.mode === 'block' ? ', blocks' : ''})`;
    case 'swa':
      return `SWA(start=${s.start}, every=${s.every ?? 1})`;
    case 'ema':
      return `EMA(γ=${s.gamma}${s.warmup ? ', warm-up' : ''})`;
    case 'polyak':
      return `Polyak(t₀=${s.t0})`;
    case 'suffix':
      return `suffix(α=${s.alpha})`;
  }
}

export function makeAverager(spec: AveragerSpec, d: number): Averager {
  requireInteger('averager dimension d', d, 1);
  switch (spec?.kind) {
    case 'last':
      return new CheckpointWindow(spec, d, 1, 1);
    case 'fwa':
      return new CheckpointWindow(spec, d, requireInteger('fwa.k', spec.k, 1), 1);
    case 'lawa': {
      const k = requireInteger('lawa.k', spec.k, 1);
      const nu = requireInteger('lawa.nu', spec.nu, 1);
      const mode = spec.mode ?? 'sliding';
      if (mode === 'sliding') return new CheckpointWindow(spec, d, k, nu);
      if (mode === 'block') return new CheckpointBlocks(spec, d, k, nu);
      throw new InvalidParameterError('lawa.mode', mode, "'sliding' | 'block'");
    }
    case 'swa': {
      const s = requireInteger('swa.start', spec.start, 0);
      const c = requireInteger('swa.every', spec.every ?? 1, 1);
      const sel = (t: number) => t >= s && (t - s) % c === 0;
      return new SelectedMean(spec, d, sel, 'w0', (T) => {
        if (s > T) throw new InvalidParameterError('swa.start', s, `a step ≤ T = ${T} (else nothing is averaged)`);
      });
    }
    case 'ema':
      return new ExponentialAverage(spec, d);
    case 'polyak': {
      const t0 = requireInteger('polyak.t0', spec.t0, 0);
      return new SelectedMean(
        spec,
        d,
        (t) => t > t0,
        'last',
        (T) => {
          if (t0 >= T)
            throw new InvalidParameterError(
              'polyak.t0',
              t0,
              `an integer in [0, T − 1] = [0, ${T - 1}] (uniform over t > t₀)`,
            );
        },
      );
    }
    case 'suffix': {
      const a = spec.alpha;
      if (typeof a !== 'number' || !(a > 0 && a <= 1))
        throw new InvalidParameterError('suffix.alpha', a, 'a number in (0, 1]');
      return new SelectedMean(spec, d, (t, T) => t > T - suffixLength(a, T), 'last');
    }
    default:
      throw new InvalidParameterError(
        'averager.kind',
        (spec as { kind?: unknown })?.kind,
        "one of 'last' | 'fwa' | 'lawa' | 'swa' | 'ema' | 'polyak' | 'suffix'",
      );
  }
}

/** The weights over w_0..w_T of an averager after T steps (a d = 1 instance; O(T)). */
export function averagerWeights(choice: AveragerChoice, T: number): Float64Array {
  requireInteger('T', T, 0);
  return createAverager(choice, 1).weights(T);
}

/**
 * Tail masses Λ_t = Σ_{i ≥ t} λ_i of weights λ over w_0..w_T, at index t (Λ_0 = Σλ). The averaged point of
 * unprojected SGD is w_0 − Σ_{t≥1} Λ_t α_t g_t (docs/theory/setting.md#tail-masses). Summed from the tail, the end that
 * carries the mass.
 */
export function tailMass(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let t = weights.length - 1; t >= 0; t--) {
    s += weights[t];
    out[t] = s;
  }
  return out;
}

/**
 * m = ⌈αT⌉, where an αT within 1e-9 of an integer counts as that integer: 0.1·30 evaluates to
 * 3.0000000000000004 and must give 3, not 4.
 */
export function suffixLength(alpha: number, T: number): number {
  const x = alpha * T;
  const r = Math.round(x);
  const m = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
  return Math.min(T, Math.max(1, m));
}

/** Horizon checks an averager makes at init (a degenerate final average is an error, not a silent w_0). */
type HorizonCheck = (T: number) => void;

function uniformWeights(T: number, selected: (t: number) => boolean, fallback: 'w0' | 'last'): Float64Array {
  const l = new Float64Array(T + 1);
  let m = 0;
  for (let t = 0; t <= T; t++) if (selected(t)) m++;
  if (m === 0) {
    l[fallback === 'w0' ? 0 : T] = 1;
    return l;
  }
  for (let t = 0; t <= T; t++) if (selected(t)) l[t] = 1 / m;
  return l;
}

/**
 * Weights of a mean over checkpoints: 1/used on checkpoints last − used + 1..last (checkpoint c is
 * w_{cν}), chosen by `pick` from the number m ≥ 1 of checkpoints taken by T; w_0 alone when m = 0.
 */
function checkpointWeights(T: number, nu: number, pick: (m: number) => [last: number, used: number]): Float64Array {
  const l = new Float64Array(T + 1);
  const m = Math.floor(T / nu);
  if (m === 0) {
    l[0] = 1;
    return l;
  }
  const [last, used] = pick(m);
  for (let c = last - used + 1; c <= last; c++) l[c * nu] = 1 / used;
  return l;
}

/**
 * Mean of the latest k checkpoints w_ν, w_2ν, … (FWA(k) at ν = 1; the last iterate at k = ν = 1);
 * k = 1 copies, so FWA(k = 1) ≡ SGD bit for bit.
 *
 * Checkpoints fall into blocks of k (block b holds checkpoints bk+1..bk+k), and the window is the c newest
 * of the current block plus the k − c last of the previous one. `update` only copies w_t into a ring of
 * two blocks; `read` brings the current block's compensated prefix sum up to date and, once per block,
 * computes the previous block's compensated suffix sums, then adds the two parts in double-double. So a
 * step costs O(d) amortised whatever k, whether the mean is read after every step or never (then only
 * the copy is paid). No running sum ever subtracts, and every sum is over ≤ 2k terms in a fixed order:
 * nothing drifts over long runs, and the bits do not depend on when, or how often, the mean is read.
 */
class CheckpointWindow implements Averager {
  /**
   * Rows of d: block b in rows (b mod 2)·k .. + k − 1, i.e. checkpoint number m (0-based) in row m mod 2k.
   * Sized at init: 2k rows, or only the ⌊T/ν⌋ a run can take when that is fewer than k (then there is
   * one block, and no suffix sums).
   */
  private ring = new Float64Array(0);
  /** Compensated prefix of block preBlock over its first preCount checkpoints. */
  private readonly pre: CompensatedSum;
  /** Compensated suffix sums of block sufBlock: positions i..k−1 at row i (i ≥ 1; sum and compensation). */
  private sufS = new Float64Array(0);
  private sufC = new Float64Array(0);
  /** Checkpoints a run of init's T takes. */
  private capacity = 0;
  private readonly run: CompensatedSum;
  private readonly out: Float64Array;
  private preBlock = -1;
  private preCount = 0;
  private sufBlock = -1;
  /** Checkpoints so far. */
  private m = 0;
  private head = 0;
  private dirty = false;

  constructor(
    readonly spec: AveragerSpec,
    private readonly d: number,
    private readonly k: number,
    private readonly nu: number,
  ) {
    this.pre = new CompensatedSum(d);
    this.run = new CompensatedSum(d);
    this.out = new Float64Array(d);
  }

  init(w0: Float64Array, T: number): void {
    if (this.nu > 1 && this.nu > T)
      throw new InvalidParameterError(
        'lawa.nu',
        this.nu,
        `a checkpoint spacing ≤ T = ${T} (else no checkpoint is taken)`,
      );
    const { k, d } = this;
    this.capacity = Math.floor(T / this.nu);
    const rows = k === 1 ? 0 : k > this.capacity ? this.capacity : 2 * k;
    const sufRows = k === 1 || k > this.capacity ? 0 : k;
    if (this.ring.length !== rows * d) this.ring = new Float64Array(rows * d);
    if (this.sufS.length !== sufRows * d) {
      this.sufS = new Float64Array(sufRows * d);
      this.sufC = new Float64Array(sufRows * d);
    }
    this.m = 0;
    this.head = 0;
    this.preBlock = -1;
    this.sufBlock = -1;
    this.out.set(w0);
    this.dirty = false;
  }

  update(t: number, w: Float64Array): void {
    if (this.nu !== 1 && t % this.nu !== 0) return;
    if (this.k === 1) {
      this.out.set(w);
      return;
    }
    if (this.m === this.capacity)
      throw new InvalidParameterError(
        'averager step t',
        t,
        `at most the T given to init (${this.capacity} checkpoints)`,
      );
    this.ring.set(w, this.head * this.d);
    this.head = this.head + 1 === 2 * this.k ? 0 : this.head + 1;
    this.m++;
    this.dirty = true;
  }

  read(): Float64Array {
    if (!this.dirty) return this.out;
    const { k, d, pre, out } = this;
    const b = Math.floor((this.m - 1) / k);
    const c = this.m - b * k;
    const half = (b & 1) * k;
    if (this.preBlock !== b) {
      pre.clear();
      this.preBlock = b;
      this.preCount = 0;
    }
    for (; this.preCount < c; this.preCount++) pre.addAt(this.ring, (half + this.preCount) * d);
    if (b === 0 || c === k) {
      pre.meanInto(out, c);
    } else {
      if (this.sufBlock !== b - 1) this.suffixes(b - 1);
      const { sufS, sufC } = this;
      const off = c * d;
      const inv = 1 / k;
      for (let j = 0; j < d; j++) {
        const x = pre.sum[j];
        const y = sufS[off + j];
        const h = x + y;
        const v = h - x;
        const lo = x - (h - v) + (y - v);
        out[j] = (h + (lo + (pre.comp[j] + sufC[off + j]))) * inv;
      }
    }
    this.dirty = false;
    return out;
  }

  copyFrom(from: Averager): void {
    const src = sameClass(this, from);
    // `run` is scratch, cleared before each use: nothing of it survives a read.
    if (this.ring.length !== src.ring.length) this.ring = new Float64Array(src.ring.length);
    this.ring.set(src.ring);
    if (this.sufS.length !== src.sufS.length) {
      this.sufS = new Float64Array(src.sufS.length);
      this.sufC = new Float64Array(src.sufC.length);
    }
    this.sufS.set(src.sufS);
    this.sufC.set(src.sufC);
    this.pre.copyFrom(src.pre);
    this.out.set(src.out);
    this.capacity = src.capacity;
    this.preBlock = src.preBlock;
    this.preCount = src.preCount;
    this.sufBlock = src.sufBlock;
    this.m = src.m;
    this.head = src.head;
    this.dirty = src.dirty;
  }

  /** Compensated suffix sums of block `blk`, from its last checkpoint backwards. */
  private suffixes(blk: number): void {
    const { k, d, run } = this;
    const half = (blk & 1) * k;
    run.clear();
    for (let i = k - 1; i >= 1; i--) {
      run.addAt(this.ring, (half + i) * d);
      this.sufS.set(run.sum, i * d);
      this.sufC.set(run.comp, i * d);
    }
    this.sufBlock = blk;
  }

  weights(T: number): Float64Array {
    return checkpointWeights(T, this.nu, (m) => [m, Math.min(this.k, m)]);
  }
}

/** LAWA in non-overlapping blocks of k checkpoints (Sanyal et al. 2023); see AveragerSpec. */
class CheckpointBlocks implements Averager {
  private readonly acc: CompensatedSum;
  private readonly out: Float64Array;
  private count = 0;
  /** Whether a block has completed (out then holds its mean until the next one completes). */
  private completed = false;

  constructor(
    readonly spec: AveragerSpec,
    d: number,
    private readonly k: number,
    private readonly nu: number,
  ) {
    this.acc = new CompensatedSum(d);
    this.out = new Float64Array(d);
  }

  init(w0: Float64Array, T: number): void {
    if (this.k * this.nu > T) {
      throw new InvalidParameterError(
        'lawa.k·ν',
        this.k * this.nu,
        `at most T = ${T} (block mode needs one complete block)`,
      );
    }
    this.acc.clear();
    this.count = 0;
    this.completed = false;
    this.out.set(w0);
  }

  update(t: number, w: Float64Array): void {
    if (t % this.nu !== 0) return;
    this.acc.add(w);
    this.count++;
    if (this.count === this.k) {
      this.acc.meanInto(this.out, this.k);
      this.acc.clear();
      this.count = 0;
      this.completed = true;
    } else if (!this.completed) {
      this.acc.meanInto(this.out, this.count);
    }
  }

  read(): Float64Array {
    return this.out;
  }

  copyFrom(from: Averager): void {
    const src = sameClass(this, from);
    this.acc.copyFrom(src.acc);
    this.out.set(src.out);
    this.count = src.count;
    this.completed = src.completed;
  }

  weights(T: number): Float64Array {
    return checkpointWeights(T, this.nu, (m) => (m >= this.k ? [m - (m % this.k), this.k] : [m, m]));
  }
}

/**
 * Uniform mean of the iterates a rule selects (SWA, Polyak, suffix), with a compensated running sum.
 * Before the first selected iterate it holds w_0 (SWA: the construction-time copy) or tracks the last
 * iterate (Polyak, suffix: ASGD's `ax ← p` while μ = 1).
 */
class SelectedMean implements Averager {
  private readonly acc: CompensatedSum;
  private readonly out: Float64Array;
  private count = 0;
  private T = 0;
  private dirty = false;

  constructor(
    readonly spec: AveragerSpec,
    d: number,
    private readonly selects: (t: number, T: number) => boolean,
    private readonly fallback: 'w0' | 'last',
    private readonly check?: HorizonCheck,
  ) {
    this.acc = new CompensatedSum(d);
    this.out = new Float64Array(d);
  }

  init(w0: Float64Array, T: number): void {
    this.check?.(T);
    this.T = T;
    this.acc.clear();
    this.count = 0;
    this.out.set(w0);
    this.dirty = false;
    if (this.selects(0, T)) {
      this.acc.add(w0);
      this.count = 1;
    }
  }

  update(t: number, w: Float64Array): void {
    if (this.selects(t, this.T)) {
      this.acc.add(w);
      this.count++;
      this.dirty = true;
    } else if (this.count === 0 && this.fallback === 'last') {
      this.out.set(w);
    }
  }

  read(): Float64Array {
    if (this.dirty) {
      this.acc.meanInto(this.out, this.count);
      this.dirty = false;
    }
    return this.out;
  }

  copyFrom(from: Averager): void {
    const src = sameClass(this, from);
    this.acc.copyFrom(src.acc);
    this.out.set(src.out);
    this.count = src.count;
    this.T = src.T;
    this.dirty = src.dirty;
  }

  weights(T: number): Float64Array {
    return uniformWeights(T, (t) => this.selects(t, T), this.fallback);
  }
}

/** EMA, plain or with timm ModelEmaV3 warm-up; see AveragerSpec and EmaWarmup. */
class ExponentialAverage implements Averager {
  private readonly cur: Float64Array;
  private readonly gamma: number;
  private readonly warm?: Required<EmaWarmup>;

  constructor(
    readonly spec: { kind: 'ema'; gamma: number; warmup?: EmaWarmup },
    d: number,
  ) {
    const g = spec.gamma;
    if (typeof g !== 'number' || !(g > 0 && g <= 1))
      throw new InvalidParameterError('ema.gamma', g, 'a number in (0, 1] (weight of the new iterate)');
    this.gamma = g;
    if (spec.warmup !== undefined) {
      const w = spec.warmup;
      const warm: Required<EmaWarmup> = {
        warmupPower: w.warmupPower ?? 2 / 3,
        warmupGamma: w.warmupGamma ?? 1,
        minDecay: w.minDecay ?? 0,
        updateAfterStep: w.updateAfterStep ?? 0,
      };
      if (!(warm.warmupPower > 0 && Number.isFinite(warm.warmupPower))) {
        throw new InvalidParameterError('ema.warmup.warmupPower', warm.warmupPower, 'a finite number > 0');
      }
      if (!(warm.warmupGamma > 0 && Number.isFinite(warm.warmupGamma))) {
        throw new InvalidParameterError('ema.warmup.warmupGamma', warm.warmupGamma, 'a finite number > 0');
      }
      if (!(warm.minDecay >= 0 && warm.minDecay <= 1 - g)) {
        throw new InvalidParameterError('ema.warmup.minDecay', warm.minDecay, `a number in [0, 1 − γ] = [0, ${1 - g}]`);
      }
      requireInteger('ema.warmup.updateAfterStep', warm.updateAfterStep, 0);
      this.warm = warm;
    }
    this.cur = new Float64Array(d);
  }

  /** γ_t = 1 − decay_t; clamping γ rather than the decay keeps γ_t ≡ γ exact once the cap binds. */
  gammaAt(t: number): number {
    const w = this.warm;
    if (!w) return this.gamma;
    const s = Math.max(0, t - w.updateAfterStep - 1);
    if (s <= 0) return 1;
    const raw = Math.pow(1 + s / w.warmupGamma, -w.warmupPower);
    return Math.min(Math.max(raw, this.gamma), 1 - w.minDecay);
  }

  init(w0: Float64Array): void {
    this.cur.set(w0);
  }

  update(t: number, w: Float64Array): void {
    const g = this.gammaAt(t);
    // A copy, not 0·w̃ + w: that would turn w_j = −0 into +0 and break EMA(γ = 1) ≡ last bit for bit.
    if (g === 1) {
      this.cur.set(w);
      return;
    }
    const h = 1 - g;
    const cur = this.cur;
    for (let j = 0; j < cur.length; j++) cur[j] = h * cur[j] + g * w[j];
  }

  read(): Float64Array {
    return this.cur;
  }

  copyFrom(from: Averager): void {
    this.cur.set(sameClass(this, from).cur);
  }

  weights(T: number): Float64Array {
    const l = new Float64Array(T + 1);
    let keep = 1;
    for (let t = T; t >= 1; t--) {
      const g = this.gammaAt(t);
      l[t] = g * keep;
      keep *= 1 - g;
    }
    l[0] = keep;
    return l;
  }
}
