import { CompensatedSum } from '../compensated';
import { type Averager, type AveragerSpec, sameClass } from './averager';

/**
 * Uniform means of the iterates a rule selects: SWA (from a start step, every c steps), Polyak
 * (t > t₀) and the suffix average (the last ⌈αT⌉ iterates).
 */

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
 * Uniform mean of the iterates a rule selects (SWA, Polyak, suffix), with a compensated running sum.
 * Before the first selected iterate it holds w_0 (SWA: the construction-time copy) or tracks the last
 * iterate (Polyak, suffix: ASGD's `ax ← p` while μ = 1).
 */
export class SelectedMean implements Averager {
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
