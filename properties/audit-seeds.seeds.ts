/**
 * Several audit seeds end to end, too slow for npm test (~1 s of planning per seed, ~1 min
 * per real audit on two cores): `npm run test:seeds`, run by .ci/run.
 *   - the plan invariant (properties/support/audit-plan-invariant.ts) as a fast-check property over
 *     audit seeds: every cell of every theorem runs what its bound is evaluated at;
 *   - real audits of the default profile at the seeds a new user hit (4, 7, 15, 424242) and the default one:
 *     no classical or derived theorem is violated and no cell errors.
 * Replay: FWA_SEED=<seed> FWA_PATH=<path> npm run test:seeds; one audit: npx fwa-theorems audit --seed <s>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_CATALOG } from '../src/catalog/load';
import { runAudit } from '../src/audit/run';
import { currentProfile, fastCheckParams } from '../src/profile';
import { planProblems } from './support/audit-plan-invariant';

const profile = currentProfile();
console.log(`audit seeds: profile ${profile.name}, seed ${profile.seed}`);
const tmp = mkdtempSync(join(tmpdir(), 'fwa-audit-seeds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the plan invariant over audit seeds', () => {
  it('every planned cell runs what its bound is evaluated at', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (seed) => {
        const problems = planProblems({ ...profile, seed });
        expect(
          problems,
          `audit seed ${seed}: ${problems.length} cell(s), first:\n${problems.slice(0, 3).join('\n')}`,
        ).toEqual([]);
      }),
      fastCheckParams(20, profile),
    );
  });

  it('the audit profile (wider sweeps, T up to 4× the base) at the default seed', () => {
    const problems = planProblems({ name: 'audit', seed: profile.seed, runsScale: 10 });
    expect(problems, `first:\n${problems.slice(0, 3).join('\n')}`).toEqual([]);
  });
});

describe('audits of the default profile', () => {
  // 424242: sweep points whose drawn averager cannot run at the point's T (Polyak t₀ ≥ T, a LAWA block
  // longer than T) errored until averagerWeights checked the horizon as a run does.
  for (const seed of [4, 7, 15, 424242, profile.seed]) {
    it(
      `seed ${seed}: no [S]/[D] theorem violated, no errored cell`,
      async () => {
        const s = await runAudit({
          catalog: REGISTRY_CATALOG,
          theoremIds: [],
          profile: { ...profile, seed },
          out: join(tmp, `seed-${seed}`),
          resume: false,
          threads: 2,
          budgetMs: 30 * 60_000,
          report: false,
        });
        const failing = s.theorems.filter((t) => t.fails).map((t) => `${t.id}: ${t.verdict}`);
        expect(failing, `replay: npx fwa-theorems audit --seed ${seed}`).toEqual([]);
        expect(s.run.unfinished).toBe(0);
      },
      30 * 60_000,
    );
  }
});
