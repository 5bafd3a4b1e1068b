import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csdpAvailable } from '../src/pep/csdp';
import { REFERENCE_VALUES, referenceCertificate, type ReferenceValue } from '../src/pep/references';
import { linearlyWeighted } from '../examples/weighted-averaging-stability';
import { pepLayout } from '../src/pep/problem';
import { pointName } from '../src/pep/grid';
import { worstCase, worstCaseSpecs, type WorstCaseProblem } from '../src/pep/worst-case';

/**
 * Published worst-case values (PEPit's subgradient example, Drori & Teboulle 2014, Taylor, Hendrickx &
 * Glineur 2017) reproduced by committed certificates, verified without a solver: the certified bracket
 * [lower, upper] (primal instance, dual proof; at most 1e-6 relative wide) must contain the published
 * closed form. A missing or stale certificate: `npm run pep:references` re-solves it.
 */
function bracket(r: ReferenceValue): { lower: number; upper: number } {
  const found = referenceCertificate(r);
  if (found === null)
    throw new Error(`${r.id}: no verifying certificate in certificates/reference/ (npm run pep:references)`);
  return found.bounds;
}

/** The published value lies in the certified bracket (1e-12 relative for the closed form's own rounding). */
function contains(b: { lower: number; upper: number }, v: number): boolean {
  return b.lower <= v * (1 + 1e-12) && v <= b.upper * (1 + 1e-12);
}

describe('published PEP values, from committed certificates (no solver)', () => {
  it.each(REFERENCE_VALUES.map((r) => [r.id, r] as const))(
    '%s: certified bracket contains the published value',
    (_id, r) => {
      const b = bracket(r);
      expect(b.upper - b.lower).toBeLessThanOrEqual(1e-6 * b.upper);
      if (!contains(b, r.value))
        throw new Error(
          `${r.id}: published ${r.formula} = ${r.value} is outside the certified [${b.lower}, ${b.upper}] (${r.source})`,
        );
    },
  );

  it('a deliberately wrong constant is caught: Drori–Teboulle with 4N + 1 instead of 4N + 2', () => {
    const r = REFERENCE_VALUES.find((x) => x.id === 'drori-teboulle-gd-N5')!;
    const { beta } = r.problem.fclass as { beta: number };
    const R = (r.problem.domain as { R: number }).R;
    expect(contains(bracket(r), r.value)).toBe(true);
    expect(contains(bracket(r), (beta * R * R) / (4 * r.problem.T + 1))).toBe(false);
  });

  it('a wrong rate is caught: Taylor et al. distance with exponent N instead of 2N', () => {
    const r = REFERENCE_VALUES.find((x) => x.id === 'taylor-gd-distance-N5-h1')!;
    expect(contains(bracket(r), Math.sqrt(r.value))).toBe(false);
  });
});

describe('a problem the PEP cannot state is refused, naming what is supported (no solver)', () => {
  const ok = REFERENCE_VALUES[0].problem;
  it.each([
    [
      'measure',
      { ...ok, measure: 'median' },
      /measure = "median": expected 'average' \| 'last-iterate' \| 'best-iterate'/,
    ],
    [
      'class',
      { ...ok, fclass: { kind: 'quadratic', L: 1 } },
      /class = "quadratic": expected 'convex-lipschitz' \| .*'strongly-convex-bounded-subgradient'/,
    ],
    [
      'bounded subgradients without a set',
      { ...ok, fclass: { kind: 'strongly-convex-bounded-subgradient', mu: 1, G: 1 } },
      /expected \{ kind: 'set', D \} for the class 'strongly-convex-bounded-subgradient'/,
    ],
    [
      'weights that do not sum to 1',
      { ...ok, measure: 'average', averager: [0.5, 0.4], T: 1 },
      /averager.weights \(their sum\) = 0.9: expected weights summing to 1/,
    ],
    [
      'too few steps',
      { ...ok, steps: [0.1, 0.2] },
      /steps = "2 step sizes": expected exactly T = 6 step sizes α_1..α_6/,
    ],
  ])('%s', (_what, problem, message) => {
    expect(() => {
      const { upper } = worstCaseSpecs(problem as WorstCaseProblem);
      pepLayout(upper);
    }).toThrow(message);
  });
});

describe('a problem from any steps and weights (no solver)', () => {
  it("a user averager's weights(T) and a step array become the explicit method the certificate stores", () => {
    const T = 5;
    const { upper } = worstCaseSpecs({
      T,
      steps: [0.5, 0.4, 0.3, 0.2, 0.1],
      averager: linearlyWeighted,
      measure: 'average',
      fclass: { kind: 'convex-lipschitz', G: 1 },
      domain: { kind: 'set', D: 1 },
    });
    // Plain JSON in the certificate: the user's object is not serialisable, its weights are.
    expect(upper.averager.kind).toBe('explicit');
    expect(JSON.parse(JSON.stringify(upper))).toEqual(upper);
    const layout = pepLayout(upper);
    expect(Array.from(layout.weights)).toEqual(Array.from(linearlyWeighted.make(1).weights(T)));
    expect(Array.from(layout.steps)).toEqual([0, 0.5, 0.4, 0.3, 0.2, 0.1]);
  });

  it('a grid point with explicit weights is named by them (two weightings never share a certificate file)', () => {
    const at = (weights: number[]) =>
      pointName({ schedule: 'inv-sqrt-t', c: 1, T: 2, averager: { kind: 'explicit', weights } });
    expect(at([0, 0.5, 0.5])).toMatch(/^inv-sqrt-t-c1-T2-explicit-[0-9a-f]{12}$/);
    expect(at([0, 0.5, 0.5])).toBe(at([0, 0.5, 0.5]));
    expect(at([0, 0.25, 0.75])).not.toBe(at([0, 0.5, 0.5]));
  });

  it("'last-iterate' is the one-hot average on x_T, whatever averager is given", () => {
    const base = {
      T: 3,
      steps: { kind: 'constant', alpha: 0.1 },
      fclass: { kind: 'convex-lipschitz', G: 1 },
      domain: { kind: 'set', D: 1 },
    } as const;
    const last = pepLayout(worstCaseSpecs({ ...base, measure: 'last-iterate', averager: { kind: 'fwa', k: 3 } }).upper);
    expect(Array.from(last.weights)).toEqual([0, 0, 0, 1]);
    expect(last.outputIterate).toBe(3);
  });
});

const haveCsdp = csdpAvailable();
if (!haveCsdp) console.warn('worstCase solver test skipped: csdp not found (apt-get install coinor-csdp)');

describe.skipIf(!haveCsdp)('worstCase() with CSDP', () => {
  const lipschitzSet = { fclass: { kind: 'convex-lipschitz', G: 1 }, domain: { kind: 'set', D: 1 } } as const;

  it('an averager spec and its weight array give the same worst case; the second ask is served by the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwa-pep-cache-'));
    try {
      const base = { T: 4, steps: { kind: 'inv-sqrt-t', c: 1 }, measure: 'average', ...lipschitzSet } as const;
      const bySpec = await worstCase({ ...base, averager: { kind: 'fwa', k: 2 } }, { cacheDir: dir });
      const byArray = await worstCase({ ...base, averager: [0, 0, 0, 0.5, 0.5] }, { cacheDir: dir });
      expect(Math.abs(bySpec.lower - byArray.lower)).toBeLessThan(1e-6 * bySpec.lower);
      expect(bySpec.sources[0]).toMatch(/solved now/);
      const again = await worstCase({ ...base, averager: { kind: 'fwa', k: 2 } }, { cacheDir: dir });
      expect(again.sources[0]).toMatch(/cached certificate/);
      expect(again.lower).toBe(bySpec.lower);
      expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('at μ = 0 the strongly convex bracket collapses onto the convex Lipschitz worst case (0.6502 at T = 6)', async () => {
    const problem = {
      T: 6,
      steps: { kind: 'inv-sqrt-t', c: 1 },
      averager: { kind: 'fwa', k: 1 },
      measure: 'average',
      domain: { kind: 'set', D: 1 },
    } as const;
    const sc = await worstCase(
      { ...problem, fclass: { kind: 'strongly-convex-bounded-subgradient', mu: 0, G: 1 } },
      { cacheDir: null },
    );
    const lip = await worstCase({ ...problem, fclass: { kind: 'convex-lipschitz', G: 1 } }, { cacheDir: null });
    expect(Math.abs(sc.lower - lip.lower)).toBeLessThan(1e-6);
    expect(Math.abs(sc.upper - lip.upper)).toBeLessThan(1e-6);
    expect(Math.abs(lip.lower - 0.6502)).toBeLessThan(1e-4);
  });

  it('strongly convex, bounded subgradients: sufficient-condition lower ≤ necessary-condition upper, not exact', async () => {
    const w = await worstCase(
      {
        T: 3,
        steps: { kind: 'inv-t', c: 2 },
        averager: [0.1, 0.2, 0.3, 0.4],
        measure: 'average',
        fclass: { kind: 'strongly-convex-bounded-subgradient', mu: 1, G: 1 },
        domain: { kind: 'set', D: 2 },
      },
      { cacheDir: null },
    );
    expect(w.exact).toBe(false);
    expect(w.lower).toBeGreaterThan(0);
    expect(w.lower).toBeLessThanOrEqual(w.upper);
    expect(w.lowerCertificate.spec.fclass).toMatchObject({ conditions: 'sufficient' });
    expect(w.certificate.spec.fclass).toMatchObject({ conditions: 'necessary' });
  });
});
