import { describe, expect, it } from 'vitest';
import { runCell } from '../src/audit/run-cell';
import { cellKey } from '../src/audit/cell';
import {
  axisValues,
  certifiedAt,
  curvePoint,
  firstTrial,
  invalidity,
  isInvalid,
  outcomeOf,
  theoremInfo,
} from '../src/explore/model';
import type { CertifiedPoint } from '../src/explore/protocol';
import { varyTrial } from '../src/measure/trial';
import type { Trial } from '../src/theory/check';
import { getTheorem, registry } from '../src/catalog/registry';

/**
 * The explorer's model (what its Web Worker computes) against the command line: the same trial gives
 * the same outcome as `fwa-theorems audit --trial` (runCell), bit for bit; a trial outside the
 * hypotheses is named, never run; certified points are used only where one covers the trial exactly.
 * The page itself is tested in chromium by properties/explore-browser.ts (npm run test:explorer).
 */
describe('explorer model', () => {
  const theorem = getTheorem('fwa-convergence');
  /** A trial on Harvey's instance (built for its horizon, so T may vary): the worst-case instance the
   * check may draw first is built for one run only. */
  const harvey = (): Trial => {
    const t = firstTrial(theorem)!;
    return { ...t, instance: { generator: 'harvey-convex', params: { T: t.params.T }, seed: 0 } };
  };

  it('describes every registry theorem, with a first trial wherever the check runs the engine', () => {
    for (const t of registry.slice(0, 6)) {
      const info = theoremInfo(t);
      expect(info.tex.length).toBeGreaterThan(0);
      expect(info.trial !== null).toBe(t.check !== undefined);
      if (info.trial) expect(info.instances.map((s) => s.generator)).toContain(info.trial.instance.generator);
    }
  });

  it('measures a trial exactly as `audit --trial` does (same bits)', () => {
    const trial = varyTrial(harvey(), { T: 9, k: 3 });
    const cli = runCell(theorem.check, { key: cellKey(trial), index: 0, theorem: theorem.id, trial, axes: ['sample'] });
    const page = outcomeOf(theorem, trial);
    if (isInvalid(page)) throw new Error(page.message);
    expect(Object.is(page.measured, cli.outcome!.measured)).toBe(true);
    expect(Object.is(page.bound, cli.outcome!.bound)).toBe(true);
  });

  it('names the hypothesis a trial breaks instead of running it', () => {
    const trial = varyTrial(harvey(), { c: -1 });
    expect(invalidity(theorem, trial)).toMatchObject({ hypothesis: 'c > 0' });
    const point = curvePoint(theorem, [], trial, 'T', 8, true);
    expect(point.outcome).toBeNull();
    expect(point.error).toMatch(/c > 0/);
  });

  it('runs a check without configure (a user catalog may have none) and names its hypothesis when it refuses', async () => {
    const { catalog } = await import('../examples/subgradient-averaging');
    const user = catalog.theorems[0];
    const trial = firstTrial(user)!;
    expect(invalidity(user, trial)).toBeNull();
    const ok = outcomeOf(user, trial);
    if (isInvalid(ok)) throw new Error(ok.message);
    expect(ok.verdict).toMatch(/holds|attained/);
    const refused = outcomeOf(user, varyTrial(trial, { T: 0 }));
    expect(isInvalid(refused)).toBe(true);
  });

  it('sweeps T and k within the trial (k ≤ T, the trial’s own value included)', () => {
    const trial = varyTrial(harvey(), { T: 16, k: 5 });
    expect(axisValues(trial, 'k')).toContain(5);
    expect(Math.max(...axisValues(trial, 'k'))).toBe(16);
    expect(axisValues(trial, 'T')).toContain(16);
  });

  it('uses a certificate only at its own T, k and scaled step c·G/D, scaled by D·G', () => {
    const trial = varyTrial(harvey(), { T: 6, k: 2, c: 2 });
    const points: CertifiedPoint[] = [{ T: 6, k: 2, c: 1, lower: 0.5, upper: 0.5000001, certificate: 'x' }];
    // c·G/D = 2·1/2 = 1: the certificate at D = G = 1 speaks, times D·G = 2.
    expect(certifiedAt(points, trial, { D: 2, G: 1 })).toEqual({ lower: 1, upper: 1.0000002, certificate: 'x' });
    expect(certifiedAt(points, trial, { D: 1, G: 1 })).toBeNull();
    expect(certifiedAt(points, varyTrial(trial, { k: 3 }), { D: 2, G: 1 })).toBeNull();
  });
});
