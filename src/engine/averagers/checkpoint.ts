import { InvalidParameterError } from '../../errors';
import { CompensatedSum } from '../compensated';
import { copyRange } from '../vec';
import { type Averager, type AveragerSpec, sameClass } from './averager';

/**
 * Means over checkpoints w_ν, w_2ν, …: the last iterate, FWA(k) and LAWA (a sliding window or
 * non-overlapping blocks of k checkpoints).
 */

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

/** Suffix-sum tables computed so far in the process: each CheckpointWindow table gets its own number. */
let suffixTables = 0;

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
export class CheckpointWindow implements Averager {
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
  /**
   * Which computation of suffix sums rows sufFrom..k − 1 of sufS/sufC hold (a number unique in the
   * process, 0 for none), whether computed here or copied: a copy skips rows it already holds. In an
   * enumeration every node below the end of a block holds the same table, computed once.
   */
  private sufTable = 0;
  private sufFrom = 0;
  /** Checkpoints a run of init's T takes. */
  private capacity = 0;
  private readonly run: CompensatedSum;
  private readonly out: Float64Array;
  private preBlock = -1;
  private preCount = 0;
  private sufBlock = -1;
  /** Checkpoints so far: the latest is number pos (1..k; 0 before the first) of block blk. */
  private m = 0;
  private blk = 0;
  private pos = 0;
  private head = 0;
  private dirty = false;
  /** Whether the cached sums are as `settle` leaves them (until the next update). */
  private settled = false;

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
    this.blk = 0;
    this.pos = 0;
    this.head = 0;
    this.settled = false;
    this.preBlock = -1;
    this.sufBlock = -1;
    this.sufTable = 0;
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
    if (this.pos === this.k) {
      this.blk++;
      this.pos = 1;
    } else this.pos++;
    this.dirty = true;
    this.settled = false;
  }

  read(): Float64Array {
    if (!this.dirty) return this.out;
    const { k, d, out, blk: b, pos: c } = this;
    const pre = this.prefix(b, c);
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

  /**
   * Copies the state a later update or read can observe, after bringing `src`'s cached sums up to date
   * (`settle`: a cache, so src's mean keeps its bits). An enumeration copies each node's state to its
   * n children: settled once at the parent, the partial sums are inherited instead of recomputed at
   * every leaf, and what they cover need not be copied. Left out, because the copy never reads it
   * before overwriting it: ring rows already summed into `pre` whose block needs no suffix sums later,
   * the rows of the previous block (its suffix sums are settled), suffix rows below the current
   * position, `out` while a read would recompute it, and `run` (scratch).
   */
  copyFrom(from: Averager): void {
    const src = sameClass(this, from);
    if (!src.settled) src.settle();
    const { k, d } = this;
    if (this.ring.length !== src.ring.length) this.ring = new Float64Array(src.ring.length);
    if (this.sufS.length !== src.sufS.length) {
      this.sufS = new Float64Array(src.sufS.length);
      this.sufC = new Float64Array(src.sufC.length);
    }
    const m = src.m;
    if (!src.dirty) copyRange(this.out, src.out, 0, d);
    let sufBlock = -1;
    if (k > 1 && m > 0) {
      const { blk: b, pos: c } = src;
      // After settle: pre holds block b's first c checkpoints, and the suffix sums of block b − 1
      // (c < k) or of block b (c = k, when a checkpoint follows) are in sufS.
      if (c < k || src.dirty) {
        copyRange(this.pre.sum, src.pre.sum, 0, d);
        copyRange(this.pre.comp, src.pre.comp, 0, d);
      }
      if (c < k) {
        if (b > 0) {
          this.copySuffixes(src, c);
          sufBlock = b - 1;
        }
        // Rows 1..c − 1 of block b feed its suffix sums once the block completes, if a checkpoint follows it.
        if ((b + 1) * k < src.capacity) {
          const half = (b & 1) * k;
          copyRange(this.ring, src.ring, (half + 1) * d, (half + c) * d);
        }
      } else if (src.sufBlock === b) {
        this.copySuffixes(src, 1);
        sufBlock = b;
      }
    }
    this.capacity = src.capacity;
    this.preBlock = src.preBlock;
    this.preCount = src.preCount;
    this.sufBlock = sufBlock;
    this.m = m;
    this.blk = src.blk;
    this.pos = src.pos;
    this.head = src.head;
    this.dirty = src.dirty;
    this.settled = true;
  }

  /** Rows from..k − 1 of src's suffix sums, unless this averager holds them already (the same table). */
  private copySuffixes(src: CheckpointWindow, from: number): void {
    if (this.sufTable !== src.sufTable || this.sufFrom > from) {
      const { d, k } = this;
      copyRange(this.sufS, src.sufS, from * d, k * d);
      copyRange(this.sufC, src.sufC, from * d, k * d);
      this.sufTable = src.sufTable;
      this.sufFrom = from;
    }
  }

  /**
   * Brings the cached sums up to date without forming the mean: the prefix sum of the current block and
   * the suffix sums a later read needs (of the previous block, or of the current one once it is complete
   * and a checkpoint follows). The same additions in the same order as read's, whenever they happen.
   */
  private settle(): void {
    const { k, m, blk: b, pos: c } = this;
    this.settled = true;
    if (k === 1 || m === 0) return;
    this.prefix(b, c);
    if (c < k) {
      if (b > 0 && this.sufBlock !== b - 1) this.suffixes(b - 1);
    } else if (m < this.capacity && this.sufBlock !== b) this.suffixes(b);
  }

  /** The compensated prefix sum of block b over its first c checkpoints (extended from the cached one). */
  private prefix(b: number, c: number): CompensatedSum {
    const { k, d, pre } = this;
    const half = (b & 1) * k;
    if (this.preBlock !== b) {
      pre.clear();
      this.preBlock = b;
      this.preCount = 0;
    }
    for (; this.preCount < c; this.preCount++) pre.addAt(this.ring, (half + this.preCount) * d);
    return pre;
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
    this.sufTable = ++suffixTables;
    this.sufFrom = 1;
  }

  weights(T: number): Float64Array {
    return checkpointWeights(T, this.nu, (m) => [m, Math.min(this.k, m)]);
  }
}

/** LAWA in non-overlapping blocks of k checkpoints (Sanyal et al. 2023); see AveragerSpec. */
export class CheckpointBlocks implements Averager {
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
