import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSgd, worstCase, type WorstCaseProblem } from '../src/index';
import { specCertificateName } from '../src/pep/cache';
import { worstCaseSpecs } from '../src/pep/worst-case';

/**
 * The public worstCase(problem): the certified range and the instance the engine runs to its lower
 * end. No solver: the problem's certificate is the committed grid point inv-sqrt-t-c1-T6-fwa-k1, put
 * where the cache looks for it (the committed grid names its files by grid point, the cache by spec).
 */
describe('worstCase() returns the worst-case instance', () => {
  const problem: WorstCaseProblem = {
    T: 6,
    steps: { kind: 'inv-sqrt-t', c: 1 },
    averager: { kind: 'fwa', k: 1 },
    measure: 'average',
    fclass: { kind: 'convex-lipschitz', G: 1 },
    domain: { kind: 'set', D: 1 },
  };

  it('the engine, run from x_0 on the returned instance, measures the certified lower bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwa-worst-case-api-'));
    try {
      const name = specCertificateName(worstCaseSpecs(problem).upper);
      copyFileSync(join('certificates', 'pep', 'inv-sqrt-t-c1-T6-fwa-k1.json'), join(dir, `${name}.json`));
      const r = await worstCase(problem, { cacheDir: dir });
      expect(r.sources[0]).toMatch(/^cached certificate/);
      expect(r.instance, r.instanceUnavailable).not.toBeNull();
      const inst = r.instance!;
      const run = runSgd(
        {
          objective: inst.objective,
          T: problem.T,
          schedule: { kind: 'inv-sqrt-t', c: 1 },
          ...(inst.domain ? { domain: inst.domain } : {}),
          averagers: [{ kind: 'fwa', k: 1 }],
        },
        { seed: 0 },
      );
      const gap = inst.interpolant.value(run.averages[0]) - inst.interpolant.value(inst.xStar);
      expect(Math.abs(gap - r.lower)).toBeLessThanOrEqual(1e-6 * r.lower);
      expect(r.lower).toBeLessThanOrEqual(r.upper);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
