import { describe, expect, it } from 'vitest';
import type { MutantResult } from '../src/guard/killMatrix';
import { generateMutants } from '../src/guard/mutants';
import { judgeByCertificates } from '../src/guard/pep';
import { getTheorem } from '../src/catalog/registry';

/** A mutant as the kill matrix leaves it when sampling did not catch it. */
function survivor(m: Pick<MutantResult, 'id' | 'kind' | 'description' | 'expression'>): MutantResult {
  return { ...m, status: 'survived', minFactor: NaN, maxFactor: NaN, bestRatio: NaN, runs: 0 };
}

/** The guard's exact judge: convergence mutants against the committed PEP certificates. */
function judged(id: string, expressionFor?: (original: string) => string): MutantResult[] {
  const th = getTheorem(id);
  const mutants = expressionFor
    ? [{ id: 'custom', kind: 'scale-bound' as const, description: 'custom', expression: expressionFor(th.bound) }]
    : generateMutants(th.bound);
  const rs = mutants.map(survivor);
  judgeByCertificates(th, rs);
  return rs;
}

describe('guard: convergence mutants judged by PEP certificates', () => {
  it('fwa-convergence-constant-step × 0.5 and × 0.9 are killed, each with its certificate as counterexample', () => {
    const rs = judged('fwa-convergence-constant-step');
    for (const id of ['scale-bound#x0.5', 'scale-bound#x0.9']) {
      const r = rs.find((m) => m.id === id)!;
      expect(r.status, `${id}: ${r.note}`).toBe('caught');
      expect(r.caughtBy).toBe('pep');
      expect(r.note).toMatch(
        /certificate c-over-sqrt-horizon-.*npx fwa-theorems pep --theorem fwa-convergence-constant-step/,
      );
    }
  });

  it('the unmutated bound (and anything larger) is valid on the deterministic class, not a survivor', () => {
    for (const id of ['fwa-convergence', 'fwa-convergence-constant-step', 'sz13-last-iterate']) {
      const [same] = judged(id, (b) => b);
      expect(same.status, `${id}: ${same.note}`).toBe('valid-deterministic');
      const [larger] = judged(id, (b) => `1.5 * (${b})`);
      expect(larger.status).toBe('valid-deterministic');
    }
  });

  it('a theorem without certificates is left to the sampled property', () => {
    const th = getTheorem('fwa-jensen');
    const rs = [survivor({ id: 'x', kind: 'scale-bound', description: '', expression: '0.5 * meanF' })];
    judgeByCertificates(th, rs);
    expect(rs[0].status).toBe('survived');
  });
});
