/**
 * The confidence sequence is itself a claim: it must cover the true mean at every look at once with
 * probability ≥ 1 − δ, shrink, and decide an easy case sooner than the fixed-n Hoeffding bound it replaces.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { RandomStream } from '../engine/rng';
import { InvalidParameterError } from '../errors';
import { currentProfile, fastCheckParams } from '../profile';
import { ConfidenceSequence } from './confidence-sequence';

const profile = currentProfile();

/** Looks at t = 1, 2, 4, … and every 40 samples: a data-dependent stopping rule may pick any of them. */
const looksAt = (t: number) => (t & (t - 1)) === 0 || t % 40 === 0;

describe('betting confidence sequence (Waudby-Smith & Ramdas 2023)', () => {
  /**
   * Method: 200 independent streams of 256 samples; a stream misses when ANY look excludes the true mean.
   * The miss rate must be ≤ δ = 0.05 up to 4 binomial standard deviations of the estimate at δ.
   */
  test.prop([fc.integer({ min: 1, max: 19 }), fc.constantFrom<'bernoulli' | 'uniform'>('bernoulli', 'uniform')], {
    ...fastCheckParams(3, profile),
  })('covers the true mean at every look simultaneously in ≥ 1 − δ of 200 streams (δ = 0.05)', (p20, law) => {
    const p = p20 / 20;
    const rng = RandomStream.fromSeed(profile.seed + p20);
    const draw =
      law === 'bernoulli'
        ? () => rng.bernoulli(p)
        : () => rng.uniform(0, 2 * Math.min(p, 1 - p)) + Math.max(0, 2 * p - 1);
    const reps = 200;
    let misses = 0;
    for (let r = 0; r < reps; r++) {
      const cs = new ConfidenceSequence([0, 1], 0.05);
      let missed = false;
      for (let t = 1; t <= 256 && !missed; t++) {
        cs.push(draw());
        if (looksAt(t)) {
          const I = cs.interval();
          missed = I.lower > p || I.upper < p;
        }
      }
      if (missed) misses++;
    }
    expect(misses / reps).toBeLessThanOrEqual(0.05 + 4 * Math.sqrt((0.05 * 0.95) / reps));
  });

  it('shrinks: the interval of 2000 Bernoulli(1/2) samples is narrower than 0.2 and contains the sample mean', () => {
    const rng = RandomStream.fromSeed(profile.seed);
    const cs = new ConfidenceSequence([0, 1], 1e-6);
    for (let t = 0; t < 2000; t++) cs.push(rng.bernoulli(0.5));
    const I = cs.interval();
    expect(I.upper - I.lower).toBeLessThan(0.2);
    expect(I.lower).toBeLessThanOrEqual(I.mean);
    expect(I.upper).toBeGreaterThanOrEqual(I.mean);
  });

  /**
   * An easy case: samples uniform on [0.1, 0.2] in a certified range [0, 1], bound 0.5, δ = 1e-6. The
   * fixed-n Hoeffding bound decides "mean < 0.5" only once X̄ + √(ln(1/δ)/(2n)) < 0.5, at n ≥ 57 for a mean
   * of 0.15 (and that n must be fixed in advance); the sequence, looking after every sample, must decide sooner.
   */
  it('decides an easy case sooner than the fixed-n Hoeffding bound (δ = 1e-6)', () => {
    const rng = RandomStream.fromSeed(profile.seed);
    const cs = new ConfidenceSequence([0, 1], 1e-6);
    let sum = 0;
    let csAt = 0;
    let hoeffdingAt = 0;
    for (let t = 1; t <= 1000 && (csAt === 0 || hoeffdingAt === 0); t++) {
      const x = rng.uniform(0.1, 0.2);
      cs.push(x);
      sum += x;
      if (csAt === 0 && cs.interval().upper < 0.5) csAt = t;
      if (hoeffdingAt === 0 && sum / t + Math.sqrt(Math.log(1e6) / (2 * t)) < 0.5) hoeffdingAt = t;
    }
    expect(csAt).toBeGreaterThan(0);
    expect(csAt).toBeLessThan(hoeffdingAt);
  });

  it('a sample outside the certified range is an error, not clipped', () => {
    const cs = new ConfidenceSequence([0, 1], 0.01);
    expect(() => cs.push(1.5)).toThrow(InvalidParameterError);
    expect(() => new ConfidenceSequence([1, 1], 0.01)).toThrow(InvalidParameterError);
  });
});
