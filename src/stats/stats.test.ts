/**
 * The shared statistics are themselves claims: the lower confidence bound must cover the true mean
 * with probability ≥ 1 − δ, the slope fit must recover an exact power law, the budget must split.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { InvalidParameterError } from '../errors';
import { currentProfile, fastCheckParams } from '../profile';
import { bonferroniDelta, claimDelta, DECLARED_EXPECTATION_CLAIMS_CI, FALSE_ALARM_BUDGET } from './budget';
import { meanAndVariance } from './mean-variance';
import { logLogSlope } from './slope';
import { eqTol, leqTol } from './tolerance';
import { ATTAINED_EPSILON, intervalVerdict, judgeExpectation, judgePathwise } from './verdict';

const profile = currentProfile();
const params = (n: number) => fastCheckParams(n, profile);

describe('verdicts of sampled means (the confidence sequence read once)', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 200 })], params(100))(
    'the interval contains the sample mean; its verdict agrees with where the bound sits against it',
    (ints) => {
      const xs = ints.map((v) => v / 1000);
      const o = { range: [0, 1] as const, delta: 1e-3 };
      const s = meanAndVariance(xs);
      for (const bound of [0.05, s.mean, 0.95]) {
        const out = judgeExpectation(xs, bound, o);
        const ci = out.interval as { lower: number; upper: number };
        expect(ci.lower).toBeLessThanOrEqual(s.mean + 1e-12);
        expect(ci.upper).toBeGreaterThanOrEqual(s.mean - 1e-12);
        expect(out.verdict).toBe(intervalVerdict(ci.lower, ci.upper, bound));
        if (out.verdict === 'holds') expect(out.slack).toBe(bound - ci.upper);
        expect(out.basis.kind).toBe('sampled');
      }
    },
  );

  test.prop([fc.constantFrom(-1e-3, 1.5)], params(2))(
    'a sample outside the certified range is an error, not clipped',
    (bad) => {
      expect(() => judgeExpectation([0.2, bad, 0.4], 0.5, { range: [0, 1], delta: 0.01 })).toThrow(
        InvalidParameterError,
      );
    },
  );

  it('intervalVerdict: lower end above refutes, upper end below confirms, inside [1 ± ε] × bound attains', () => {
    expect(intervalVerdict(1.01, 1.2, 1)).toBe('violated');
    expect(intervalVerdict(0.5, 0.99, 1)).toBe('holds');
    expect(intervalVerdict(1 - ATTAINED_EPSILON, 1 + ATTAINED_EPSILON, 1)).toBe('attained');
    expect(intervalVerdict(0.9, 1.02, 1)).toBe('undecided');
  });
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
    const met = judgePathwise(9.25e-18, 0);
    expect([met.verdict, met.ratio]).toEqual(['attained', 1]);
    const over = judgePathwise(1e-6, 0);
    expect([over.verdict, over.ratio]).toEqual(['violated', Infinity]);
    const below = judgePathwise(-1, 0);
    expect([below.verdict, below.ratio]).toEqual(['holds', 0]);
    expect(judgePathwise(1, 4).ratio).toBe(0.25);
  });
});
