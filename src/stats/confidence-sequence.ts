import { InvalidParameterError } from '../errors';

/**
 * A confidence sequence for the mean of i.i.d. samples with a KNOWN range [a, b]: intervals C_1, C_2, …
 * that contain the true mean μ at EVERY sample count at once with probability ≥ 1 − δ, so a cell may look
 * after every batch and stop as soon as its verdict is decided (or its budget ends) without losing the
 * guarantee (docs/theory/statistics.md).
 *
 * Method (stated, as the suite requires): Waudby-Smith & Ramdas, "Estimating means of bounded random
 * variables by betting", JRSS-B 86(1), 2024 (online 2023; arXiv:2010.09686): the hedged capital process
 * (their "Hedged" confidence sequence) with predictable plug-in bets λ^PrPl± truncated at c/m and
 * c/(1 − m), at level 1 − δ. On x_i = (X_i − a)/(b − a) ∈
 * [0, 1] and a candidate mean m ∈ [0, 1]:
 *   λ_t = √(2 ln(2/δ) / (σ̂²_{t−1} · t · ln(1 + t)))  (predictable: uses x_1..x_{t−1} only),
 *   σ̂²_t = (1/4 + Σ_{i≤t} (x_i − μ̂_i)²)/(t + 1),  μ̂_t = (1/2 + Σ_{i≤t} x_i)/(t + 1),
 *   K⁺_t(m) = Π_{i≤t} (1 + min(λ_i, c/m)(x_i − m)),  K⁻_t(m) = Π_{i≤t} (1 − min(λ_i, c/(1 − m))(x_i − m)),
 * with c = 1/2 (their suggested truncation) and θ = 1/2. Under μ = m, θK⁺ + (1 − θ)K⁻ is a non-negative
 * martingale of initial value 1, so by Ville's inequality C_t = {m : max(θK⁺_t(m), (1 − θ)K⁻_t(m)) < 1/δ}
 * misses μ at some t with probability ≤ δ. K⁺ is non-increasing and K⁻ non-decreasing in m, so C_t is an
 * interval whose ends are found by bisection; the running intersection of the C_t is reported (equally
 * valid, never wider). Two-sided: the lower end refutes a bound (lower > bound ⇒ violated), the upper
 * end confirms it (upper < bound ⇒ holds).
 */
export const CS_METHOD =
  'betting confidence sequence (Waudby-Smith & Ramdas 2023, hedged capital, predictable plug-in)';

/** Hedging truncation c: bets are at most c/m (resp. c/(1 − m)), so no factor of the capital reaches 0. */
const TRUNCATION = 0.5;
/** Weight θ of the upward bet in the hedged capital (symmetric). */
const THETA = 0.5;
/** Bisection steps on [0, 1]: the ends to 2^-45 ≈ 3e-14 of the range (rounded outwards, never inwards). */
const BISECTION_STEPS = 45;

export interface MeanInterval {
  lower: number;
  upper: number;
  /** Samples so far. */
  n: number;
  mean: number;
  /** Coverage 1 − δ, simultaneous over all n. */
  level: number;
  method: string;
}

export class ConfidenceSequence {
  private readonly width: number;
  private readonly logThreshold: number;
  private readonly xs: number[] = [];
  private readonly bets: number[] = [];
  private sum = 0;
  /** Σ X_i in the samples' own units: the reported mean, free of the rescaling's rounding. */
  private rawSum = 0;
  /** Σ (x_i − μ̂_i)², for σ̂². */
  private sq = 0;
  private lo = 0;
  private hi = 1;
  private fresh = true;

  constructor(
    readonly range: readonly [number, number],
    readonly delta: number,
  ) {
    const [a, b] = range;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a))
      throw new InvalidParameterError('range', range, 'finite [a, b] with a < b');
    if (!(delta > 0 && delta < 1)) throw new InvalidParameterError('delta', delta, 'a number in (0, 1)');
    this.width = b - a;
    this.logThreshold = Math.log(1 / delta);
  }

  get n(): number {
    return this.xs.length;
  }

  /** Adds one sample; outside the certified range it is an error, never clipped. */
  push(X: number): void {
    const [a, b] = this.range;
    if (!(X >= a && X <= b))
      throw new InvalidParameterError(`sample ${this.xs.length}`, X, `a value in the certified range [${a}, ${b}]`);
    const t = this.xs.length + 1;
    const x = Math.min(1, Math.max(0, (X - a) / this.width));
    const varPrev = (0.25 + this.sq) / t;
    this.bets.push(Math.sqrt((2 * Math.log(2 / this.delta)) / (varPrev * t * Math.log(1 + t))));
    this.xs.push(x);
    this.sum += x;
    this.rawSum += X;
    const muHat = (0.5 + this.sum) / (t + 1);
    this.sq += (x - muHat) ** 2;
    this.fresh = false;
  }

  /** ln K⁺(m) or ln K⁻(m) over the samples so far. */
  private logCapital(m: number, up: boolean): number {
    const cap = up ? (m > 0 ? TRUNCATION / m : Infinity) : m < 1 ? TRUNCATION / (1 - m) : Infinity;
    // Factors lie in [1 − c, 1 + max λ] ⊂ [0.5, ~30]: a product of 32 of them neither under- nor
    // overflows, so one logarithm per 32 samples instead of one per sample.
    let s = 0;
    let prod = 1;
    for (let i = 0; i < this.xs.length; i++) {
      const l = Math.min(this.bets[i], cap);
      prod *= up ? 1 + l * (this.xs[i] - m) : 1 - l * (this.xs[i] - m);
      if ((i & 31) === 31) {
        s += Math.log(prod);
        prod = 1;
      }
    }
    return s + Math.log(prod);
  }

  private rejects(m: number, up: boolean): boolean {
    const theta = up ? THETA : 1 - THETA;
    return Math.log(theta) + this.logCapital(m, up) >= this.logThreshold;
  }

  /**
   * Bisection between `rejected` (rejected by the `up` capital) and `kept` (not rejected, unless the set is
   * empty): returns a point still rejected, within 2^-BISECTION_STEPS of the boundary, so the reported
   * interval is rounded outwards.
   */
  private boundary(rejected: number, kept: number, up: boolean): number {
    for (let k = 0; k < BISECTION_STEPS; k++) {
      const mid = (rejected + kept) / 2;
      if (this.rejects(mid, up)) rejected = mid;
      else kept = mid;
    }
    return rejected;
  }

  /** The running intersection of the intervals so far, in the samples' units. */
  interval(): MeanInterval {
    if (!this.fresh) {
      // K⁺ is non-increasing in m: the lower end moves up to the largest m it rejects; K⁻ mirrors it.
      if (this.rejects(this.lo, true)) this.lo = this.boundary(this.lo, this.hi, true);
      if (this.rejects(this.hi, false)) this.hi = this.boundary(this.hi, this.lo, false);
      this.fresh = true;
    }
    const [a0] = this.range;
    const n = this.xs.length;
    return {
      lower: a0 + this.width * this.lo,
      upper: a0 + this.width * this.hi,
      n,
      mean: n > 0 ? this.rawSum / n : NaN,
      level: 1 - this.delta,
      method: CS_METHOD,
    };
  }
}
