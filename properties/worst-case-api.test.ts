import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSgd, worstCase, type WorstCaseProblem } from '../src/index';
import { ljsbProblem } from '../examples/strongly-convex-weighted-averaging';
import { specCertificateName } from '../src/pep/cache';
import { REFERENCE_VALUES } from '../src/pep/references';
import { worstCaseSpecs } from '../src/pep/worst-case';
import type { WorstCaseInstance } from '../src/objectives/worst-case/from-certificate';

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

  /** The engine's iterates x_0..x_T on the instance (the certificate's schedule, from x_0 = 0). */
  function engineIterates(inst: WorstCaseInstance, T: number, schedule: WorstCaseProblem['steps']): Float64Array[] {
    const seen = [new Float64Array(inst.dim)];
    runSgd(
      {
        objective: inst.objective,
        T,
        schedule: schedule as Exclude<WorstCaseProblem['steps'], readonly number[]>,
        ...(inst.domain ? { domain: inst.domain } : {}),
      },
      { seed: 0, observe: (_t, r) => seen.push(r.w.slice()) },
    );
    return seen;
  }

  it('a smooth class: Drori & Teboulle’s gradient method, the instance runs to the certified value', async () => {
    const ref = REFERENCE_VALUES.find((v) => v.id === 'drori-teboulle-gd-N5')!;
    const dir = mkdtempSync(join(tmpdir(), 'fwa-worst-case-api-'));
    try {
      const name = specCertificateName(worstCaseSpecs(ref.problem).upper);
      copyFileSync(join('certificates', 'reference', `${ref.id}.json`), join(dir, `${name}.json`));
      const r = await worstCase(ref.problem, { cacheDir: dir });
      expect(r.instance, r.instanceUnavailable).not.toBeNull();
      const inst = r.instance!;
      expect(inst.interpolant.kind).toBe('smooth');
      expect(inst.membership.holds, inst.membership.detail).toBe(true);
      const measured = inst.measured(engineIterates(inst, ref.problem.T, ref.problem.steps));
      expect(Math.abs(measured - r.lower)).toBeLessThanOrEqual(1e-6 * r.lower);
      expect(Math.abs(measured - ref.value)).toBeLessThanOrEqual(1e-6 * ref.value);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the bounded-subgradient strongly convex class: the lower end is a checked member of the class', async () => {
    const problem = ljsbProblem(2, 1, 1);
    const r = await worstCase(problem, {
      committedDirs: [join('examples', 'strongly-convex-weighted-averaging.certificates')],
      cacheDir: null,
    });
    expect(r.exact).toBe(false);
    const inst = r.instance!;
    expect(inst.interpolant.kind).toBe('max-affine');
    expect(inst.membership.holds, inst.membership.detail).toBe(true);
    const measured = inst.measured(engineIterates(inst, problem.T, problem.steps));
    expect(Math.abs(measured - r.lower)).toBeLessThanOrEqual(1e-6 * r.lower);
    expect(measured).toBeLessThan(r.upper);
  });
});
