import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { averagerWeights, runSgd, stepSizes, worstCase, type WorstCaseProblem } from '../src/index';
import { ljsbProblem } from '../examples/strongly-convex-weighted-averaging';
import type { WorstCaseInstance } from '../src/objectives/worst-case/from-certificate';
import { specCertificateName } from '../src/pep/cache';
import type { PepCertificate } from '../src/pep/certificate';
import { REFERENCE_VALUES } from '../src/pep/references';
import { certificatePath, readCertificateFile } from '../src/pep/store';
import { worstCaseSpecs } from '../src/pep/worst-case';

/**
 * The public worstCase(problem): the certified range and the instance the engine runs to its lower
 * end. No solver: the problem's certificate is a committed grid point, put where the cache looks for it
 * (the committed grid names its files by grid point, the cache by spec).
 */

/** A temporary cache directory for one test. */
function withCache(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwa-worst-case-api-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** The engine's run of the instance with the run it carries (or `schedule` instead): its largest iterate deviation and gap. */
function runInstance(inst: WorstCaseInstance, schedule = inst.run.schedule): { deviation: number; gap: number } {
  let deviation = 0;
  const res = runSgd(
    {
      objective: inst.objective,
      T: inst.run.T,
      schedule,
      ...(inst.domain ? { domain: inst.domain } : {}),
      averagers: [inst.run.averager],
    },
    {
      seed: 0,
      observe: (t, r) => {
        for (let k = 0; k < inst.dim; k++) deviation = Math.max(deviation, Math.abs(r.w[k] - inst.iterates[t][k]));
      },
    },
  );
  return { deviation, gap: inst.interpolant.value(res.averages[0]) - inst.interpolant.value(inst.xStar) };
}

describe('worstCase() returns the worst-case instance', () => {
  const problem: WorstCaseProblem = {
    T: 6,
    steps: { kind: 'inv-sqrt-t', c: 1 },
    averager: { kind: 'fwa', k: 1 },
    measure: 'average',
    fclass: { kind: 'convex-lipschitz', G: 1 },
    domain: { kind: 'set', D: 1 },
  };

  it(
    'the engine, run from x_0 on the returned instance with the run it carries, measures the certified lower bound',
    withCache(async (dir) => {
      const name = specCertificateName(worstCaseSpecs(problem).upper);
      copyFileSync(certificatePath('inv-sqrt-t-c1-T6-fwa-k1'), join(dir, `${name}.json`));
      const r = await worstCase(problem, { cacheDir: dir });
      expect(r.sources[0]).toMatch(/^cached certificate/);
      expect(r.instance, r.instanceUnavailable).not.toBeNull();
      const inst = r.instance!;
      expect(inst.run).toEqual({ T: 6, schedule: problem.steps, averager: problem.averager });
      const { deviation, gap } = runInstance(inst);
      expect(deviation).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(gap - r.lower)).toBeLessThanOrEqual(1e-6 * r.lower);
      expect(r.lower).toBeLessThanOrEqual(r.upper);
    }),
  );

  /*
   * The same problem as the committed grid point inv-sqrt-t-c1-T6-fwa-k3, its steps and weights written out
   * as numbers. Its certificate is the grid point's with the spec restated (the method it stores, α and λ,
   * is the same bits), and it must verify as such before the cache hands it out.
   */
  const T = 6;
  const steps = Array.from(stepSizes({ kind: 'inv-sqrt-t', c: 1 }, T).subarray(1));
  const weights = Array.from(averagerWeights({ kind: 'fwa', k: 3 }, T));
  const written: WorstCaseProblem = { ...problem, steps, averager: weights };

  function cacheWrittenOut(dir: string): PepCertificate {
    const grid = readCertificateFile<PepCertificate>(certificatePath('inv-sqrt-t-c1-T6-fwa-k3'));
    const spec = worstCaseSpecs(written).upper;
    const { point: _point, ...rest } = grid;
    const restated: PepCertificate = { ...rest, name: specCertificateName(spec), spec };
    writeFileSync(join(dir, `${restated.name}.json`), JSON.stringify(restated));
    return grid;
  }

  it(
    'explicit steps and weights: the instance carries them as written, and its engine run equals the named schedule’s certificate',
    withCache(async (dir) => {
      const grid = cacheWrittenOut(dir);
      const r = await worstCase(written, { cacheDir: dir });
      expect(r.sources[0]).toMatch(/^cached certificate/);
      const inst = r.instance!;
      expect(inst, r.instanceUnavailable).not.toBeNull();
      expect(inst.run).toEqual({
        T,
        schedule: { kind: 'explicit', steps },
        averager: { kind: 'explicit', weights },
      });
      expect(r.lower).toBe(grid.primal.value);
      const { deviation, gap } = runInstance(inst);
      expect(deviation).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(gap - r.lower), `f(x̄) − f(x*) = ${gap} vs certified ${r.lower}`).toBeLessThanOrEqual(
        1e-6 * r.lower,
      );
      // The named schedule on the same instance: the same run.
      expect(runInstance(inst, { kind: 'inv-sqrt-t', c: 1 })).toEqual({ deviation, gap });
      // A wrong step is caught: α_3 one percent short leaves the certified path (a longer step overshoots
      // and is projected back onto the same vertex of W, so it is no test).
      const wrong = steps.map((a, i) => (i === 2 ? 0.99 * a : a));
      expect(runInstance(inst, { kind: 'explicit', steps: wrong }).deviation).toBeGreaterThan(1e-4);
    }),
  );

  it('an explicit array of the wrong length is refused, naming T', async () => {
    await expect(worstCase({ ...written, steps: steps.slice(1) }, { cacheDir: null })).rejects.toThrow(
      /steps = "5 step sizes": expected exactly T = 6 step sizes α_1..α_6/,
    );
    await expect(worstCase({ ...written, averager: [...weights, 0] }, { cacheDir: null })).rejects.toThrow(
      /averager.weights = "8 weights": expected T \+ 1 = 7 weights λ_0..λ_6/,
    );
    // The engine too: the instance's run, asked for one step more than its steps.
    const objective = { d: 1, n: 1, loss: () => 0, grad: () => undefined };
    expect(() => runSgd({ objective, T: 7, schedule: { kind: 'explicit', steps } }, { seed: 0 })).toThrow(
      /schedule.steps = "6 step sizes": expected at least T = 7 step sizes α_1..α_7/,
    );
  });

  /** The engine's iterates x_0..x_T on the instance (the run it carries, from x_0 = 0). */
  function engineIterates(inst: WorstCaseInstance): Float64Array[] {
    const seen = [new Float64Array(inst.dim)];
    runSgd(
      {
        objective: inst.objective,
        T: inst.run.T,
        schedule: inst.run.schedule,
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
      const measured = inst.measured(engineIterates(inst));
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
    const measured = inst.measured(engineIterates(inst));
    expect(Math.abs(measured - r.lower)).toBeLessThanOrEqual(1e-6 * r.lower);
    expect(measured).toBeLessThan(r.upper);
  });
});
