import { InvalidParameterError } from '../errors';

/**
 * The finite sums the bounds use, summed without cancellation. Kept free of mathjs so that hot
 * code (generators, engine tests) can use them without loading the formula engine.
 */

/** H_m = Σ_{j=1}^{m} 1/j, H_0 = 0; summed from small terms up (exact to a few ulps). */
export function harmonic(m: number): number {
  if (!Number.isInteger(m) || m < 0) throw new InvalidParameterError('H(m): m', m, 'an integer ≥ 0');
  return harmonicDiff(m, 0);
}

/** H_a − H_b = Σ_{j=b+1}^{a} 1/j for a ≥ b ≥ 0, summed directly: no cancellation. */
export function harmonicDiff(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || b < 0 || a < b) {
    throw new InvalidParameterError('Hdiff(a, b)', [a, b], 'integers a ≥ b ≥ 0');
  }
  let s = 0;
  for (let j = a; j > b; j--) s += 1 / j;
  return s;
}

/** A = (1/k) Σ_{i=T−k+1}^{T} i^q: the window mean of i^q (non-convex FWA stability, G5). */
export function windowPowerMean(T: number, k: number, q: number): number {
  if (!Number.isInteger(T) || !Number.isInteger(k) || k < 1 || k > T) {
    throw new InvalidParameterError('powmean(T, k, q)', [T, k], 'integers 1 ≤ k ≤ T');
  }
  let s = 0;
  for (let i = T - k + 1; i <= T; i++) s += Math.pow(i, q);
  return s / k;
}

/**
 * Σ_{t=1}^{T} min{1, (T−t+1)/k} · t^(−p): the FWA tail masses times the step shape t^(−p)
 * (G1 for steps α_t = c·t^(−p): p = 0 constant, 1/2 for c/√t, 1 for c/t). Summed from t = T down,
 * all terms positive, so there is no cancellation.
 */
export function tailPowerSum(T: number, k: number, p: number): number {
  if (!Number.isInteger(T) || !Number.isInteger(k) || k < 1 || k > T) {
    throw new InvalidParameterError('tailpow(T, k, p)', [T, k], 'integers 1 ≤ k ≤ T');
  }
  if (!Number.isFinite(p) || p < 0) throw new InvalidParameterError('tailpow(T, k, p): p', p, 'a finite number ≥ 0');
  let s = 0;
  for (let t = T; t >= 1; t--) s += (Math.min(k, T - t + 1) / k) * Math.pow(t, -p);
  return s;
}
