/**
 * The shared statistics are themselves claims: the lower confidence bound must cover the true mean
 * with probability ≥ 1 − δ, the slope fit must recover an exact power law, the budget must split.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { RandomStream } from '../engine/rng';
import { InvalidParameterError } from '../errors';
import { currentProfile, fastCheckParams } from '../profile';
import { bonferroniDelta, claimDelta, DECLARED_EXPECTATION_CLAIMS_CI, FALSE_ALARM_BUDGET } from './budget';
import { lowerConfidenceBound, summarize, upperConfidenceBound } from './confidence';
import { logLogSlope } from './slope';
import { eqTol, leqTol } from './tolerance';
import { pathwiseOutcome } from './verdict';

const profile = currentProfile();
const params = (n: number) => fastCheckParams(n, profile);

describe('lower confidence bound of a mean (Hoeffding ∨ empirical Bernstein, known range)', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 200 })], params(100))(
    'never above the sample mean, and the upper bound never below it',
    (ints) => {
      const xs = ints.map((v) => v / 1000);
      const o = { range: [0, 1] as const, delta: 1e-3 };
      const s = summarize(xs);
      expect(lowerConfidenceBound(xs, o).value).toBeLessThanOrEqual(s.mean);
      expect(upperConfidenceBound(xs, o).value).toBeGreaterThanOrEqual(s.mean);
    },
  );

  test.prop([fc.integer({ min: 1, max: 99 }), fc.constantFrom(5, 20, 100)], params(6))(
    'covers the true mean of Bernoulli(p) samples in ≥ 1 − δ of 4000 repetitions (δ = 0.05)',
    (p100, n) => {
      const p = p100 / 100;
      const rng = RandomStream.fromSeed(profile.seed + p100 * 1000 + n);
      const xs = new Float64Array(n);
      let misses = 0;
      const reps = 4000;
      for (let r = 0; r < reps; r++) {
        for (let i = 0; i < n; i++) xs[i] = rng.bernoulli(p);
        if (lowerConfidenceBound(xs, { range: [0, 1], delta: 0.05 }).value > p) misses++;
      }
      // Miss rate ≤ δ; the slack is 4 binomial standard deviations of the estimate at δ.
      expect(misses / reps).toBeLessThanOrEqual(0.05 + 4 * Math.sqrt((0.05 * 0.95) / reps));
    },
  );

  test.prop([fc.constantFrom(-1e-3, 1.5)], params(2))(
    'a sample outside the certified range is an error, not clipped',
    (bad) => {
      expect(() => lowerConfidenceBound([0.2, bad, 0.4], { range: [0, 1], delta: 0.01 })).toThrow(
        InvalidParameterError,
      );
    },
  );
});

describe('budget, slope fit and tolerance', () => {
  test.prop([fc.integer({ min: 1, max: 1_000_000 })], params(50))(
    'Bonferroni: claims × δ = the false-alarm budget',
    (claims) => {
      expect(eqTol(bonferroniDelta(claims) * claims, FALSE_ALARM_BUDGET)).toBe(true);
    },
  );

  test.prop([fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 1000 })], params(50))(
    'logLogSlope recovers the exponent of an exact power law y = C·x^s',
    (s100, C) => {
      const s = s100 / 100;
      const xs = [1, 2, 5, 10, 50, 100, 400];
      const fit = logLogSlope(
        xs,
        xs.map((x) => C * x ** s),
      );
      expect(Math.abs(fit.slope - s)).toBeLessThan(1e-9);
      expect(fit.r2).toBeGreaterThan(1 - 1e-9);
    },
  );

  test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true })], params(50))(
    'leqTol accepts rounding, rejects a 1e-6 relative excess',
    (x) => {
      const next = x + Math.abs(x) * 4 * Number.EPSILON;
      expect(leqTol(next, x)).toBe(true);
      expect(leqTol(x + Math.max(Math.abs(x), 1) * 1e-6, x)).toBe(false);
    },
  );

  it('the ci per-claim δ is the budget over the declared claims', () => {
    expect(claimDelta({ ...profile, runsScale: 1 })).toBe(FALSE_ALARM_BUDGET / DECLARED_EXPECTATION_CLAIMS_CI);
  });
});

describe('pathwise verdicts and the tightness ratio', () => {
  it('a zero bound met up to float tolerance is attained (ratio 1); exceeded, it is violated with ratio ∞', () => {
    const met = pathwiseOutcome(9.25e-18, 0, {});
    expect([met.verdict, met.ratio]).toEqual(['holds', 1]);
    const over = pathwiseOutcome(1e-6, 0, {});
    expect([over.verdict, over.ratio]).toEqual(['violated', Infinity]);
    const below = pathwiseOutcome(-1, 0, {});
    expect([below.verdict, below.ratio]).toEqual(['holds', 0]);
    expect(pathwiseOutcome(1, 4, {}).ratio).toBe(0.25);
  });
});
