import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';

/**
 * The weight-averaging family behind one small interface (optax-style init/update/read).
 * Specs are plain JSON so a sweep cell or a counterexample can name its averager.
 */
export type AveragerSpec =
  | { kind: 'last' }
  | { kind: 'fwa'; k: number };

export interface Averager {
  readonly spec: AveragerSpec;
  /** Restart from the initial point w_0 for a run of T steps. */
  init(w0: Float64Array, T: number): void;
  /** Observe w_t after step t (t = 1, 2, …, in order). */
  update(t: number, w: Float64Array): void;
  /** The current averaged point: a buffer the averager owns; copy it to keep it. */
  read(): Float64Array;
  /** The weight on each of w_0..w_T of the average after T steps (length T + 1, sums to 1). */
  weights(T: number): Float64Array;
}

export function averagerName(s: AveragerSpec): string {
  switch (s.kind) {
    case 'last':
      return 'SGD (last iterate)';
    case 'fwa':
      return `FWA(k=${s.k})`;
  }
}

export function makeAverager(spec: AveragerSpec, d: number): Averager {
  switch (spec?.kind) {
    case 'last':
      return new LastIterate(spec, d);
    case 'fwa':
      requireInteger('fwa.k', spec.k, 1);
      return spec.k === 1 ? new LastIterate(spec, d) : new FiniteWindowAverage(spec, d);
    default:
      throw new InvalidParameterError('averager.kind', (spec as { kind?: unknown })?.kind, 'one of last, fwa');
  }
}

/** SGD's last iterate; also FWA(1), so that FWA(k=1) ≡ SGD holds bit for bit. */
class LastIterate implements Averager {
  private readonly cur: Float64Array;
  constructor(
    readonly spec: AveragerSpec,
    d: number,
  ) {
    this.cur = new Float64Array(d);
  }
  init(w0: Float64Array): void {
    this.cur.set(w0);
  }
  update(_t: number, w: Float64Array): void {
    this.cur.set(w);
  }
  read(): Float64Array {
    return this.cur;
  }
  weights(T: number): Float64Array {
    const l = new Float64Array(T + 1);
    l[T] = 1;
    return l;
  }
}

/**
 * FWA(k): mean of the last min(k, t) iterates w_{t−k+1..t} (w_0 alone before the first step).
 * O(d) per step whatever k: a ring buffer of the window plus a running sum kept with Neumaier
 * compensation, recomputed exactly from the ring every `refreshEvery` steps so rounding cannot
 * accumulate over long runs.
 */
class FiniteWindowAverage implements Averager {
  private readonly k: number;
  private readonly d: number;
  private readonly ring: Float64Array;
  private readonly sum: Float64Array;
  private readonly comp: Float64Array;
  private readonly out: Float64Array;
  private readonly refreshEvery: number;
  private head = 0;
  private count = 0;
  private sinceRefresh = 0;
  private dirty = true;

  constructor(
    readonly spec: { kind: 'fwa'; k: number },
    d: number,
  ) {
    this.k = spec.k;
    this.d = d;
    this.ring = new Float64Array(this.k * d);
    this.sum = new Float64Array(d);
    this.comp = new Float64Array(d);
    this.out = new Float64Array(d);
    this.refreshEvery = Math.max(this.k, 4096);
  }

  init(w0: Float64Array, _T: number): void {
    this.head = 0;
    this.count = 0;
    this.sinceRefresh = 0;
    this.sum.fill(0);
    this.comp.fill(0);
    this.out.set(w0);
    this.dirty = false;
  }

  update(_t: number, w: Float64Array): void {
    const { d, ring, sum, comp } = this;
    const base = this.head * d;
    if (this.count < this.k) {
      for (let j = 0; j < d; j++) {
        const x = w[j];
        const s = sum[j];
        const tt = s + x;
        comp[j] += Math.abs(s) >= Math.abs(x) ? s - tt + x : x - tt + s;
        sum[j] = tt;
        ring[base + j] = x;
      }
      this.count++;
    } else {
      for (let j = 0; j < d; j++) {
        const x = w[j];
        const y = -ring[base + j];
        let s = sum[j];
        let tt = s + x;
        let c = comp[j] + (Math.abs(s) >= Math.abs(x) ? s - tt + x : x - tt + s);
        s = tt;
        tt = s + y;
        c += Math.abs(s) >= Math.abs(y) ? s - tt + y : y - tt + s;
        sum[j] = tt;
        comp[j] = c;
        ring[base + j] = x;
      }
    }
    this.head = this.head + 1 === this.k ? 0 : this.head + 1;
    if (++this.sinceRefresh >= this.refreshEvery) this.refresh();
    this.dirty = true;
  }

  /** Exact (compensated) recomputation of the window sum from the ring. */
  private refresh(): void {
    const { d, ring, sum, comp } = this;
    sum.fill(0);
    comp.fill(0);
    for (let r = 0; r < this.count; r++) {
      const base = r * d;
      for (let j = 0; j < d; j++) {
        const x = ring[base + j];
        const s = sum[j];
        const tt = s + x;
        comp[j] += Math.abs(s) >= Math.abs(x) ? s - tt + x : x - tt + s;
        sum[j] = tt;
      }
    }
    this.sinceRefresh = 0;
  }

  read(): Float64Array {
    if (this.dirty) {
      const inv = this.count;
      for (let j = 0; j < this.d; j++) this.out[j] = (this.sum[j] + this.comp[j]) / inv;
      this.dirty = false;
    }
    return this.out;
  }

  weights(T: number): Float64Array {
    const l = new Float64Array(T + 1);
    if (T === 0) {
      l[0] = 1;
      return l;
    }
    const m = Math.min(this.k, T);
    for (let t = T - m + 1; t <= T; t++) l[t] = 1 / m;
    return l;
  }
}
