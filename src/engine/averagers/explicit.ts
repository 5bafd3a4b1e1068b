import { InvalidParameterError } from '../../errors';
import { CompensatedSum } from '../compensated';
import { type Averager, sameClass } from './averager';

/**
 * Weights given one by one: the output after T steps is Σ_t λ_t w_t with λ_0..λ_T as written (a PEP
 * certificate's averaged output, or any convex combination a theorem names).
 */

/**
 * The weights must be a convex combination (each finite and ≥ 0, summing to 1 up to rounding: 1e-12 per
 * weight, the PEP's own check) so that the output lies in W like every other averager's.
 */
function validateWeights(weights: readonly number[]): void {
  if (!Array.isArray(weights) || weights.length === 0)
    throw new InvalidParameterError('averager.weights', weights, 'an array of weights λ_0..λ_T ≥ 0 summing to 1');
  let sum = 0;
  weights.forEach((l, t) => {
    if (typeof l !== 'number' || !Number.isFinite(l) || l < 0)
      throw new InvalidParameterError(`averager.weights[${t}] (λ_${t})`, l, 'a finite number ≥ 0');
    sum += l;
  });
  if (!(Math.abs(sum - 1) <= 1e-12 * weights.length))
    throw new InvalidParameterError('averager.weights (their sum)', sum, 'weights summing to 1 (a convex combination)');
}

/** The length T + 1 the weights of a T-step run need, or an error naming T. */
function requireHorizon(weights: readonly number[], T: number): void {
  if (weights.length !== T + 1)
    throw new InvalidParameterError(
      'averager.weights',
      `${weights.length} weights`,
      `T + 1 = ${T + 1} weights λ_0..λ_${T}, one per iterate w_0..w_T of a run of T = ${T} steps (or run T = ${weights.length - 1} steps)`,
    );
}

/**
 * Σ_{s ≤ t} λ_s w_s in a compensated sum. Read before step T, it is the weights' mean of the iterates so far,
 * Σ_{s ≤ t} λ_s w_s / Σ_{s ≤ t} λ_s (the latest iterate while that mass is 0), so every read is a point of W;
 * after step T it is Σ_t λ_t w_t itself, undivided, as `weights(T)` states it.
 */
export class ExplicitWeights implements Averager {
  private readonly acc: CompensatedSum;
  private readonly scaled: Float64Array;
  private readonly out: Float64Array;
  private T = 0;
  private t = 0;
  private mass = 0;
  private dirty = false;

  constructor(
    readonly spec: { kind: 'explicit'; weights: readonly number[] },
    d: number,
  ) {
    validateWeights(spec.weights);
    this.acc = new CompensatedSum(d);
    this.scaled = new Float64Array(d);
    this.out = new Float64Array(d);
  }

  init(w0: Float64Array, T: number): void {
    requireHorizon(this.spec.weights, T);
    this.T = T;
    this.t = 0;
    this.acc.clear();
    this.mass = 0;
    this.out.set(w0);
    this.dirty = false;
    this.add(0, w0);
  }

  update(t: number, w: Float64Array): void {
    this.t = t;
    if (this.spec.weights[t] > 0) this.add(t, w);
    else if (this.mass === 0) this.out.set(w);
    // At T the read is the undivided sum, even when it was last read divided by a mass within 1e-12 of 1.
    if (t === this.T) this.dirty = true;
  }

  private add(t: number, w: Float64Array): void {
    const l = this.spec.weights[t];
    if (!(l > 0)) return;
    const s = this.scaled;
    for (let j = 0; j < s.length; j++) s[j] = l * w[j];
    this.acc.add(s);
    this.mass += l;
    this.dirty = true;
  }

  read(): Float64Array {
    if (this.dirty) {
      this.acc.meanInto(this.out, this.t >= this.T ? 1 : this.mass);
      this.dirty = false;
    }
    return this.out;
  }

  copyFrom(from: Averager): void {
    const src = sameClass(this, from);
    this.acc.copyFrom(src.acc);
    this.out.set(src.out);
    this.T = src.T;
    this.t = src.t;
    this.mass = src.mass;
    this.dirty = src.dirty;
  }

  weights(T: number): Float64Array {
    requireHorizon(this.spec.weights, T);
    return Float64Array.from(this.spec.weights);
  }
}
