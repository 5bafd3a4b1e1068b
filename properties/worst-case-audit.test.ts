import { describe, expect, it } from 'vitest';
import { findCheck } from '../src/audit/catalog';
import { planAudit } from '../src/audit/plan';
import { catalog } from '../src/audit/registry-catalog';
import type { BoundFn, Trial } from '../src/measure/trial';
import { currentProfile } from '../src/profile';
import { getTheorem } from '../src/theory/registry';

/**
 * The worst-case instances in the default audit (the ci profile's plan, seed 20241120): the cells the
 * convergence checks draw on committed worst cases reach the certified worst-case ratios, and a bound
 * scaled by 0.8 is refuted by those measurements alone, with no certificate consulted (the registry's
 * certificate test and the guard's ledger are other files). Worst-case cells are deterministic (n = 1),
 * so each verdict is pathwise: exact up to the float tolerance.
 */
const profile = currentProfile({});

const planned = new Map<string, Trial[]>();

/** The audit's cells on worst-case instances for one theorem, run with `bound` (the registry's when omitted). */
function worstCaseCells(id: string, bound?: BoundFn) {
  const check = findCheck(catalog, id)!;
  let trials = planned.get(id);
  if (!trials) {
    trials = planAudit(catalog, [id], profile)
      .map((c) => c.trial)
      .filter((t) => t.instance.generator === 'pep-worst-case');
    planned.set(id, trials);
  }
  return trials.map((trial) => ({ trial, outcome: check.run(trial, bound) }));
}

const replay = (t: unknown): string => `npx fwa-theorems audit --trial '${JSON.stringify(t)}'`;

describe('worst-case instances in the default audit', () => {
  it.each([
    ['fwa-convergence', 0.75],
    ['fwa-convergence-constant-step', 0.95],
  ] as const)('%s: best sampled ratio ≥ %s at T ≤ 40, every worst-case cell holds', (id, target) => {
    expect(profile.name).toBe('ci');
    const cells = worstCaseCells(id);
    expect(cells.length).toBeGreaterThan(0);
    for (const { trial, outcome } of cells) {
      expect(trial.params.T).toBeLessThanOrEqual(40);
      expect(outcome.verdict, replay(trial)).not.toBe('violated');
      expect(outcome.basis.kind).toBe('exact');
    }
    const best = Math.max(...cells.map((c) => c.outcome.ratio));
    expect(best).toBeGreaterThanOrEqual(target);
  });

  it.each(['fwa-convergence', 'fwa-convergence-constant-step'])(
    '%s × 0.8 is violated by a measured worst-case cell',
    (id) => {
      const theorem = getTheorem(id);
      const mutant: BoundFn = (s) => 0.8 * theorem.evaluate(s);
      const violated = worstCaseCells(id, mutant).filter((c) => c.outcome.verdict === 'violated');
      expect(violated.length).toBeGreaterThan(0);
      for (const { outcome } of violated) expect(outcome.measured).toBeGreaterThan(outcome.bound);
    },
  );
});
