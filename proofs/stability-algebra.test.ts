/**
 * Proof steps of the stability bounds that are pure algebra (docs/theory/setting.md#l3-weight-sum,
 * docs/theory/stability.md), in the order the proofs use them. Each is checked on random parameters
 * (fixed seed in the ci profile; a failure prints fast-check's seed and path) and, for the t₀
 * minimiser, symbolically with mathjs.
 *
 *   L3  Σ_t min{1,(T−t+1)/k} = T − (k−1)/2              (G2 from G1)
 *   L4  Σ_t min{1,(T−t+1)/k}/t = H_{T−k} + ((T+1)/k)(H_T − H_{T−k}) − 1   (G3 from G1)
 *   A_k sandwich: ∫_{T−k}^{T} x^q dx/k ≤ A_k ≤ ∫_{T−k+1}^{T+1} x^q dx/k    (G5; the integral reading is too small)
 *   t₀ minimiser of t₀/(n−1) + C·t₀^{−q}: t₀^{q+1} = qC(n−1), value (1 + 1/q)t₀/(n−1)   (G5, HRS 3.12)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harmonic, harmonicDiff, formulaEngine, windowPowerMean } from '../src/theory/expr';
import { getTheorem } from '../src/catalog/registry';
import { eqTol, leqTol } from '../src/stats/tolerance';
import { propParams } from '../properties/support/engine-fixtures';

const math = formulaEngine();

/** T and 1 ≤ k ≤ T, T log-spread so both tiny and long horizons appear. */
const horizonAndWindow = fc
  .integer({ min: 0, max: 12 })
  .chain((e) => fc.integer({ min: 1, max: 2 ** e + 1 }))
  .chain((T) => fc.record({ T: fc.constant(T), k: fc.integer({ min: 1, max: T }) }));

/** Exponent q = βc on a grid of printable values in (0, 4]. */
const exponent = fc.integer({ min: 1, max: 400 }).map((i) => i / 100);

describe('L3 and L4: the tail-mass sums behind G2 and G3 (docs/theory/setting.md#l4-harmonic-sum)', () => {
  it('L3: Σ_t min{1,(T−t+1)/k} = T − (k−1)/2, so G1 at p = 0 is G2', () => {
    fc.assert(
      fc.property(horizonAndWindow, ({ T, k }) => {
        let s = 0;
        for (let t = 1; t <= T; t++) s += Math.min(1, (T - t + 1) / k);
        expect(eqTol(s, T - (k - 1) / 2)).toBe(true);
        const scope = { T, k, n: 7, L: 1.5, a: 0.25, c: 0.25, p: 0 };
        expect(
          eqTol(
            getTheorem('fwa-stability-convex').evaluate(scope),
            getTheorem('fwa-stability-convex-constant-step').evaluate(scope),
          ),
        ).toBe(true);
      }),
      propParams(100),
    );
  });

  it('L4 (harmonic identity): Σ_t min{1,(T−t+1)/k}/t = H_{T−k} + ((T+1)/k)(H_T − H_{T−k}) − 1, so G1 at p = 1 is G3', () => {
    fc.assert(
      fc.property(horizonAndWindow, ({ T, k }) => {
        let s = 0;
        for (let t = 1; t <= T; t++) s += Math.min(1, (T - t + 1) / k) / t;
        const closed = harmonic(T - k) + ((T + 1) / k) * harmonicDiff(T, T - k) - 1;
        expect(eqTol(s, closed)).toBe(true);
        if (k === 1) expect(eqTol(closed, harmonic(T))).toBe(true);
        const scope = { T, k, n: 3, L: 0.5, c: 0.75, p: 1 };
        expect(
          eqTol(
            getTheorem('fwa-stability-convex').evaluate(scope),
            getTheorem('fwa-stability-convex-harmonic-step').evaluate(scope),
          ),
        ).toBe(true);
      }),
      propParams(100),
    );
  });
});

describe('the A_k sandwich of G5 (docs/theory/stability.md#g5-integral-reading)', () => {
  const integral = (lo: number, hi: number, q: number, k: number) => (hi ** (q + 1) - lo ** (q + 1)) / ((q + 1) * k);

  it('∫_{T−k}^{T} x^q dx / k ≤ A_k ≤ ∫_{T−k+1}^{T+1} x^q dx / k, so the integral form is a LOWER bound of A_k', () => {
    fc.assert(
      fc.property(horizonAndWindow, exponent, ({ T, k }, q) => {
        const A = windowPowerMean(T, k, q);
        expect(leqTol(integral(T - k, T, q, k), A)).toBe(true);
        expect(leqTol(A, integral(T - k + 1, T + 1, q, k))).toBe(true);
      }),
      propParams(200),
    );
  });

  it('hence the integral reading is strictly below the derived G5 bound for every q > 0 (never above it)', () => {
    fc.assert(
      fc.property(horizonAndWindow, exponent, ({ T, k }, q) => {
        const scope = { T, k, n: 11, L: 0.5, beta: 1, c: q };
        const derived = getTheorem('fwa-stability-nonconvex').evaluate(scope);
        const reading = getTheorem('fwa-stability-nonconvex-integral-reading').evaluate(scope);
        // x^q is strictly increasing for q > 0, so the integral over [i−1, i] is strictly below i^q.
        expect(reading).toBeLessThan(derived);
      }),
      propParams(100),
    );
  });
});

describe('the t₀ argument of G5 and HRS Thm 3.12, symbolically (mathjs)', () => {
  // φ(t₀) = t₀/m + C t₀^{−q}: the burn-in term (Hardt bounds t₀/n by t₀/(n−1) = t₀/m) plus the
  // conditional divergence bound L·(2L/(β(n−1)))·A_k·t₀^{−q}.
  const phi = math.parse('t0/m + C*t0^(-q)');
  const d1 = math.derivative(phi, 't0');
  const d2 = math.derivative(d1, 't0');
  const phiF = phi.compile();
  const d1F = d1.compile();
  const d2F = d2.compile();

  it(`φ′ = ${d1.toString()} vanishes at t₀* = (qCm)^{1/(q+1)}, φ″ = ${d2.toString()} > 0: the unique minimiser on (0, ∞)`, () => {
    fc.assert(
      fc.property(
        exponent,
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: -20, max: 20 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (q, m, e, u) => {
          const C = 2 ** (e / 2);
          const t0 = (q * C * m) ** (1 / (q + 1));
          const at = (t: number) => ({ t0: t, m, C, q });
          expect(Math.abs(d1F.evaluate(at(t0)) as number)).toBeLessThanOrEqual(1e-12 / m + 1e-9 * (1 / m));
          expect(d2F.evaluate(at(u * t0)) as number).toBeGreaterThan(0);
          expect(leqTol(phiF.evaluate(at(t0)) as number, phiF.evaluate(at(u * t0)) as number)).toBe(true);
        },
      ),
      propParams(200),
    );
  });

  it('φ(t₀*) = (1 + 1/q)·t₀*/m is exactly the registry bound of G5 (and of HRS 3.12 at k = 1)', () => {
    fc.assert(
      fc.property(
        horizonAndWindow,
        fc.integer({ min: 2, max: 5000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        ({ T, k }, n, l100, b100, c100) => {
          const [L, beta, c] = [l100 / 100, b100 / 100, c100 / 100];
          const q = beta * c;
          const m = n - 1;
          const C = ((2 * L * L) / (beta * m)) * windowPowerMean(T, k, q);
          const t0 = (q * C * m) ** (1 / (q + 1));
          // the minimiser in the form docs/theory/stability.md#g5-non-convex-decaying-steps writes: t₀^{q+1} = 2cL²A_k
          expect(eqTol(t0 ** (q + 1), 2 * c * L * L * windowPowerMean(T, k, q))).toBe(true);
          const value = phiF.evaluate({ t0, m, C, q }) as number;
          expect(eqTol(value, (1 + 1 / q) * (t0 / m))).toBe(true);
          const scope = { T, k, n, L, beta, c };
          expect(eqTol(value, getTheorem('fwa-stability-nonconvex').evaluate(scope))).toBe(true);
          if (k === 1) expect(eqTol(value, getTheorem('hrs-nonconvex').evaluate(scope))).toBe(true);
          // integer burn-ins can only do worse than the real minimiser
          for (const ti of [Math.floor(t0), Math.ceil(t0)]) {
            if (ti >= 1) expect(leqTol(value, phiF.evaluate({ t0: ti, m, C, q }) as number)).toBe(true);
          }
        },
      ),
      propParams(200),
    );
  });
});
