import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';

/**
 * One-sided LOWER confidence bounds of a mean, for i.i.d. samples with a KNOWN range [a, b].
 *
 * Method (stated, as every statistical claim of the suite is): the larger of
 *   - Hoeffding (1963):          μ ≥ X̄ − (b − a)·√(ln(1/δ′)/(2n)),
 *   - empirical Bernstein (Maurer & Pontil 2009, Thm 4, applied to (b − X)/(b − a)):
 *                                μ ≥ X̄ − √(2·V·ln(2/δ′)/n) − 7(b − a)·ln(2/δ′)/(3(n − 1)),
 *     V the unbiased sample variance,
 * each at δ′ = δ/2, so the union bound keeps the miss probability ≤ δ. Both are exact
 * (non-asymptotic) for every n ≥ 2, which matters here: the per-claim levels are ~1e-6 (see
 * budget.ts), where a Student-t/normal approximation has no guarantee at 10–200 replicates of a
 * skewed optimisation gap. Hoeffding wins at small n or large variance, Bernstein when the samples
 * concentrate far inside their range (the usual case for an optimisation gap).
 *
 * The range must be certified by the caller (e.g. 0 ≤ F(w) − F* ≤ L·D on a ball of diameter D for an
 * L-Lipschitz F); a sample outside it is an error, never clipped.
 */
export interface MeanSummary {
  n: number;
  mean: number;
  /** Unbiased sample variance (0 when n = 1). */
  variance: number;
}

/** Welford's one-pass mean and variance (stable for samples far from 0). */
export function summarize(samples: ArrayLike<number>): MeanSummary {
  const n = samples.length;
  if (n < 1) throw new InvalidParameterError('samples.length', n, 'at least 1 sample');
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = samples[i];
    if (!Number.isFinite(x)) throw new InvalidParameterError(`samples[${i}]`, x, 'a finite number');
    const d = x - mean;
    mean += d / (i + 1);
    m2 += d * (x - mean);
  }
  return { n, mean, variance: n > 1 ? Math.max(0, m2 / (n - 1)) : 0 };
}

export interface LowerBoundOptions {
  /** Certified range [a, b] of every sample. */
  range: readonly [number, number];
  /** Probability that the true mean lies below the returned bound (per claim). */
  delta: number;
}

export interface ConfidenceBound {
  /** The one-sided bound on the true mean. */
  value: number;
  mean: number;
  n: number;
  /** Confidence level 1 − δ. */
  level: number;
  method: 'hoeffding' | 'empirical-bernstein';
}

function checkOptions(n: number, o: LowerBoundOptions): number {
  requireInteger('samples.length', n, 2);
  const [a, b] = o.range;
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(b > a)) {
    throw new InvalidParameterError('range', o.range, 'finite [a, b] with a < b');
  }
  if (!(o.delta > 0 && o.delta < 1)) throw new InvalidParameterError('delta', o.delta, 'a number in (0, 1)');
  return b - a;
}

function checkInRange(samples: ArrayLike<number>, range: readonly [number, number]): void {
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (!(x >= range[0] && x <= range[1])) {
      throw new InvalidParameterError(`samples[${i}]`, x, `a value in the certified range [${range[0]}, ${range[1]}]`);
    }
  }
}

/** Hoeffding's one-sided lower bound at level 1 − δ. */
export function hoeffdingLower(s: MeanSummary, width: number, delta: number): number {
  return s.mean - width * Math.sqrt(Math.log(1 / delta) / (2 * s.n));
}

/** Maurer–Pontil empirical-Bernstein one-sided lower bound at level 1 − δ (n ≥ 2). */
export function empiricalBernsteinLower(s: MeanSummary, width: number, delta: number): number {
  const l = Math.log(2 / delta);
  return s.mean - Math.sqrt((2 * s.variance * l) / s.n) - (7 * width * l) / (3 * (s.n - 1));
}

/** The lower confidence bound of the mean described in the header (level 1 − δ, n ≥ 2). */
export function lowerConfidenceBound(samples: ArrayLike<number>, o: LowerBoundOptions): ConfidenceBound {
  const width = checkOptions(samples.length, o);
  checkInRange(samples, o.range);
  const s = summarize(samples);
  const h = hoeffdingLower(s, width, o.delta / 2);
  const eb = empiricalBernsteinLower(s, width, o.delta / 2);
  return {
    value: Math.max(h, eb),
    mean: s.mean,
    n: s.n,
    level: 1 - o.delta,
    method: eb > h ? 'empirical-bernstein' : 'hoeffding',
  };
}

/** The mirror image: an upper confidence bound of the mean at level 1 − δ (same method). */
export function upperConfidenceBound(samples: ArrayLike<number>, o: LowerBoundOptions): ConfidenceBound {
  const neg = Float64Array.from(samples as ArrayLike<number>, (x) => -x);
  const r = lowerConfidenceBound(neg, { range: [-o.range[1], -o.range[0]], delta: o.delta });
  return { ...r, value: -r.value, mean: -r.mean };
}
