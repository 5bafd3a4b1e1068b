/**
 * The audit measures what it judges: every cell planned for the default seed runs what its
 * bound is evaluated at (properties/support/audit-plan-invariant.ts; many seeds and real audits of
 * seeds 4, 7, 15 in properties/audit-seeds.seeds.ts, `npm run test:seeds`). The k-sweep once changed
 * the bound's window and ran another one: a proved bound was reported violated.
 * Also: the sweep base is an informative (stochastic) trial where the theorem draws one.
 * Replay another seed: FWA_SEED=<seed> npx vitest run properties/audit-plan.test.ts
 */
import { describe, expect, it } from 'vitest';
import { planAudit, SWEEP_SIZES, sweepBase } from '../src/audit/plan';
import { catalog } from '../src/catalog/registry-catalog';
import { currentProfile } from '../src/profile';
import { planProblems } from './support/audit-plan-invariant';

const profile = currentProfile();
console.log(`audit plan invariant: profile ${profile.name}, seed ${profile.seed}`);

describe('every planned audit cell runs what its bound is evaluated at', () => {
  it(`audit seed ${profile.seed}, every theorem of the registry`, () => {
    const problems = planProblems(profile);
    expect(
      problems,
      `${problems.length} cell(s), first:\n${problems.slice(0, 3).join('\n')}\nreplay: npx fwa-theorems audit --seed ${profile.seed}`,
    ).toEqual([]);
  });
});

describe('sweep base', () => {
  it('is a stochastic trial when the theorem draws one, the largest T among those', () => {
    const t = (replicates: number, T: number) =>
      ({
        theorem: 'x',
        instance: { generator: 'g', params: {}, seed: 0 },
        params: { T },
        seed: 0,
        replicates,
      }) as const;
    expect(sweepBase([t(1, 300), t(256, 20), t(256, 40), t(1, 100)])).toEqual(t(256, 40));
    expect(sweepBase([t(1, 30), t(1, 90)])).toEqual(t(1, 90));
  });

  it('every convergence theorem with stochastic samples sweeps from one (sizes of the ci profile)', () => {
    const cells = planAudit(
      catalog,
      catalog.theorems.filter((t) => t.family === 'convergence').map((t) => t.id),
      profile,
      SWEEP_SIZES.ci,
    );
    for (const id of new Set(cells.map((c) => c.theorem))) {
      const mine = cells.filter((c) => c.theorem === id);
      const stochastic = mine.some((c) => c.axes.includes('sample') && c.trial.replicates > 1);
      const swept = mine.filter((c) => c.axes.some((a) => a !== 'sample'));
      if (stochastic && swept.length > 0)
        expect(
          swept.every((c) => c.trial.replicates > 1),
          `${id}: a sweep from a deterministic trial`,
        ).toBe(true);
    }
  });
});
