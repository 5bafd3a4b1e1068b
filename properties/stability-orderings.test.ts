/**
 * Reductions and consistency of the stability bounds (docs/theory/stability.md#orderings-and-ratios), on random
 * parameter points (fixed seed in ci; fast-check prints seed and path on failure):
 *   - each FWA bound with a window k equals its SGD parent at k = 1 (the "constant guard": change a
 *     constant and this equality breaks); the two [P] readings do NOT, which the suite states;
 *   - SWA's bound is G2 at k = T, EMA's at γ = 1 is HRS's;
 *   - the unified bound G6, fed the tail masses of the ENGINE's averagers (weights(T)), reproduces
 *     every closed form: G1 (any p), G2, G3, EMA, SWA, HRS (and, non-convex, G5 and HRS 3.12). So the closed forms and the averagers
 *     agree on the index convention.
 * Monotonicity in k and the predicted ratios are registry entries of their own (kind ordering /
 * equality), checked by properties/stability.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AveragerSpec } from '../src/engine/averagers/averager';
import { emaRateArb } from '../src/measure/arbitraries';
import { exponentP } from '../src/measure/stability/trials';
import { polynomialSchedule, tailStepWeights, indexMoment } from '../src/measure/stability/schedules';
import { log2Grid } from '../src/objectives/arbitraries';
import { HypothesisError } from '../src/errors';
import { eqTol } from '../src/stats/tolerance';
import { stabilityTheorems } from '../src/catalog/stability';
import { getTheorem } from '../src/catalog/registry';
import type { Scope } from '../src/theory/scope';
import { propParams } from './support/engine-fixtures';

/** A parameter point every stability bound accepts (convex step rule α ≤ 2/β included). */
const pointArb = fc
  .record({
    T: fc.integer({ min: 1, max: 3000 }),
    n: fc.integer({ min: 2, max: 10_000 }),
    L: log2Grid(-12, 12, 2),
    beta: log2Grid(-12, 12, 2),
    s: log2Grid(-16, 0, 2),
    p: exponentP,
    g: emaRateArb(0, 16),
  })
  .map(({ s, ...r }): Scope => ({ ...r, a: (2 / r.beta) * s, c: (2 / r.beta) * s }));

const READINGS = new Set([
  'fwa-stability-convex-constant-step-paper-reading',
  'fwa-stability-nonconvex-integral-reading',
]);
const reducible = stabilityTheorems.filter(
  (t) => t.kind === 'upper' && t.parent && t.compiled.symbols.includes('k') && !READINGS.has(t.id),
);

describe('each FWA bound equals its SGD parent at k = 1', () => {
  it(`${reducible.map((t) => t.id).join(', ')}`, () => {
    // G4 (fwa-stability-nonconvex-constant-step) has no SGD parent in the registry
    expect(reducible.map((t) => t.id)).toEqual([
      'fwa-stability-convex',
      'fwa-stability-convex-constant-step',
      'fwa-stability-convex-harmonic-step',
      'fwa-stability-nonconvex',
    ]);
    fc.assert(
      fc.property(pointArb, (s) => {
        for (const t of reducible) {
          const parent = getTheorem(t.parent as string);
          expect(eqTol(t.evaluate({ ...s, k: 1 }), parent.evaluate(s)), `${t.id} at k = 1 vs ${parent.id}`).toBe(true);
        }
      }),
      propParams(100),
    );
  });

  it('FINDING: the printed reading (2αL²/n)(T − k/2) does not reduce to HRS at k = 1: it is αL²/n below it', () => {
    fc.assert(
      fc.property(pointArb, (s) => {
        const reading = getTheorem('fwa-stability-convex-constant-step-paper-reading').evaluate({ ...s, k: 1 });
        const hrs = getTheorem('hrs-convex-constant-step').evaluate(s);
        expect(eqTol(hrs - reading, (s.a * s.L * s.L) / s.n, hrs)).toBe(true);
      }),
      propParams(100),
    );
  });

  it('FINDING: the integral reading of A_k lies below HRS Thm 3.12 at k = 1 (A_1 = T^q, the integral is smaller)', () => {
    fc.assert(
      fc.property(pointArb, (s) => {
        const reading = getTheorem('fwa-stability-nonconvex-integral-reading').evaluate({ ...s, k: 1 });
        expect(reading).toBeLessThan(getTheorem('hrs-nonconvex').evaluate(s));
      }),
      propParams(100),
    );
  });
});

describe('SWA and EMA are special cases', () => {
  it('SWA (uniform over w_1..w_T) is G2 at k = T; EMA at γ = 1 is HRS (last iterate)', () => {
    fc.assert(
      fc.property(pointArb, (s) => {
        const swa = getTheorem('swa-stability-convex-constant-step').evaluate(s);
        expect(eqTol(swa, getTheorem('fwa-stability-convex-constant-step').evaluate({ ...s, k: s.T }))).toBe(true);
        const ema1 = getTheorem('ema-stability-convex-constant-step').evaluate({ ...s, g: 1 });
        expect(eqTol(ema1, getTheorem('hrs-convex-constant-step').evaluate(s))).toBe(true);
      }),
      propParams(100),
    );
  });
});

describe("G6 with the engine's averager weights reproduces every closed form", () => {
  const unified = getTheorem('fwa-stability-unified-convex');
  const Lam = (avg: AveragerSpec, step: number, p: number, T: number) => {
    const w = tailStepWeights(avg, polynomialSchedule(step, p), T);
    let sum = 0;
    for (let t = 1; t <= T; t++) sum += w[t];
    return sum;
  };

  it('FWA(k) → G1 (any p), G2 (p = 0), G3 (p = 1); last → HRS; EMA(γ) → EMA; SWA → SWA; non-convex: FWA(k) → G5, last → HRS 3.12', () => {
    fc.assert(
      fc.property(
        pointArb.chain((s) => fc.integer({ min: 1, max: s.T }).map((k): Scope => ({ ...s, k }))),
        (s) => {
          const { T, k, p, c, a, g } = s;
          const at = (avg: AveragerSpec, step: number, pe: number) =>
            unified.evaluate({ ...s, Lam: Lam(avg, step, pe, T) });
          const same = (x: number, id: string, scope: Scope) =>
            expect(eqTol(x, getTheorem(id).evaluate(scope)), id).toBe(true);
          same(at({ kind: 'fwa', k }, c, p), 'fwa-stability-convex', s);
          same(at({ kind: 'fwa', k }, a, 0), 'fwa-stability-convex-constant-step', s);
          same(at({ kind: 'fwa', k }, c, 1), 'fwa-stability-convex-harmonic-step', s);
          same(at({ kind: 'last' }, c, p), 'hrs-convex', s);
          same(at({ kind: 'ema', gamma: g }, a, 0), 'ema-stability-convex-constant-step', s);
          same(at({ kind: 'swa', start: 1 }, a, 0), 'swa-stability-convex-constant-step', s);
          // non-convex G6: Σ_i λ_i i^q of the engine's weights gives G5 for FWA(k), HRS 3.12 for the last iterate
          const nonconvex = getTheorem('fwa-stability-unified-nonconvex');
          const q = s.beta * c;
          same(nonconvex.evaluate({ ...s, Aq: indexMoment({ kind: 'fwa', k }, T, q) }), 'fwa-stability-nonconvex', s);
          same(nonconvex.evaluate({ ...s, Aq: indexMoment({ kind: 'last' }, T, q) }), 'hrs-nonconvex', s);
        },
      ),
      propParams(60),
    );
  });
});

describe('a violated hypothesis raises a HypothesisError naming it', () => {
  const base = { T: 10, k: 3, n: 5, L: 1, beta: 2, a: 0.5, c: 0.5, p: 1, g: 0.5, Lam: 1, Lhit: 1 };
  const cases: [string, Scope, string][] = [
    ['fwa-stability-convex-constant-step', { ...base, k: 11 }, 'k in [1, T]'],
    ['fwa-stability-convex-constant-step', { ...base, a: 1.5 }, 'a <= 2/beta'],
    ['hrs-convex-harmonic-step', { ...base, c: 1.01 }, 'c <= 2/beta'],
    ['fwa-stability-unified-convex', { ...base, a: 3 }, 'alpha_1 <= 2/beta'],
    ['fwa-coupling-pathwise-convex', { ...base, a: 3 }, 'alpha_1 <= 2/beta'],
    ['ema-stability-convex-constant-step', { ...base, g: 0 }, 'g in (0, 1]'],
    ['hrs-nonconvex', { ...base, n: 1 }, 'n integer >= 2'],
    ['fwa-stability-nonconvex', { ...base, lossMin: 0, lossMax: 2 }, 'f(w; z) in [0, 1]'],
    ['fwa-stability-convex', { ...base, p: -1 }, 'p >= 0'],
    ['fwa-stability-convex-nonincreasing-in-k', { ...base, k: 10, B: 1 }, 'k in [1, T-1]'],
  ];
  for (const [id, scope, hyp] of cases) {
    it(`${id}: "${hyp}"`, () => {
      let caught: unknown;
      try {
        getTheorem(id).evaluate(scope);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(HypothesisError);
      expect((caught as HypothesisError).hypothesis).toBe(hyp);
    });
  }
});
