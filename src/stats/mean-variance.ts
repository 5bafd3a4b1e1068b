import { InvalidParameterError } from '../errors';

/**
 * Sample mean and variance (Welford). The suite's confidence intervals are confidence sequences
 * (confidence-sequence.ts); this summary is for reporting spreads (src/experiments).
 */
export interface MeanSummary {
  n: number;
  mean: number;
  /** Unbiased sample variance (0 when n = 1). */
  variance: number;
}

/** Welford's one-pass mean and variance (stable for samples far from 0). */
export function meanAndVariance(samples: ArrayLike<number>): MeanSummary {
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
