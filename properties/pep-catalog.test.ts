import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { currentProfile } from '../src/profile';
import { catalog as ljsb } from '../examples/strongly-convex-weighted-averaging';
import { catalog as ljsbHalved } from '../examples/strongly-convex-weighted-averaging-wrong';
import { pepCatalog } from '../src/cli/pep-catalog';
import { judgeByCertificates } from '../src/guard/pep';
import type { MutantResult } from '../src/guard/killMatrix';
import type { Trial } from '../src/theory/check';
import { CACHE_DIR_ENV, defaultCacheDir } from '../src/pep/cache';
import { worstCaseCheck, worstCaseOptionsOf } from '../src/measure/worst-case-check';
import { defineTheorem, type Theorem } from '../src/theory/theorem';

/**
 * A catalog theorem judged by the certificates committed beside it (examples/strongly-convex-weighted-
 * averaging.ts, Lacoste-Julien, Schmidt & Bach 2012), with no solver: every cell rests on a verified
 * certificate; the theorem holds at every point, its halved constant is violated, and a constant the
 * certificates cannot refute is reported as holding, not caught. `npx fwa-theorems pep --catalog
 * examples/strongly-convex-weighted-averaging.ts --write-certificates` re-solves the certificates.
 */
const theorem = ljsb.theorems[0];
const halved = ljsbHalved.theorems[0];
const points = worstCaseOptionsOf(theorem)!.points;
const trial = (t: Theorem, params: Record<string, number>): Trial => ({
  theorem: t.id,
  instance: { generator: 'none', params: {}, seed: 0 },
  params,
  seed: 0,
  replicates: 1,
});

describe('worstCaseCheck on committed certificates (no solver)', () => {
  it.each(points.map((p) => [JSON.stringify(p), p] as const))(
    'the published bound holds at %s, resting on a certificate',
    (_name, p) => {
      const o = theorem.check!.run(trial(theorem, p));
      expect(o.basis.kind).toBe('certificate');
      expect(o.verdict).toBe('holds');
      expect(o.extra!.upper).toBeGreaterThanOrEqual(o.measured);
      expect(o.extra!.upper).toBeLessThan(o.bound);
    },
  );

  it('the trial the check draws judges every committed point and returns the one closest to (or above) the bound', () => {
    const [drawn] = fc.sample(theorem.check!.trials(currentProfile()), 1);
    const all = theorem.check!.run(drawn);
    expect(all.extra!.points).toBe(points.length);
    const ratios = points.map((p) => theorem.check!.run(trial(theorem, p)).ratio);
    expect(all.ratio).toBe(Math.max(...ratios));
    const wrong = halved.check!.run(drawn);
    expect(wrong.verdict).toBe('violated');
    expect(wrong.ratio).toBe(Math.max(...points.map((p) => halved.check!.run(trial(halved, p)).ratio)));
  });

  it('the halved constant is violated wherever the worst case exceeds it (T ≥ 4 here), never at T = 2', () => {
    const verdicts = points.map((p) => [p.T, halved.check!.run(trial(halved, p)).verdict] as const);
    expect(verdicts.filter(([T]) => T >= 4).every(([, v]) => v === 'violated')).toBe(true);
    expect(verdicts.filter(([T]) => T === 2).every(([, v]) => v === 'holds')).toBe(true);
  });

  it('0.8 × the bound is above the certified worst case at every point: holds, not refuted', () => {
    for (const p of points) {
      const o = theorem.check!.run(trial(theorem, p), (s) => 0.8 * theorem.evaluate(s));
      expect(o.verdict).toBe('holds');
    }
  });

  it('a point without a committed certificate fails naming the command that solves it', () => {
    const t = defineTheorem({
      ...theorem,
      check: worstCaseCheck({ ...worstCaseOptionsOf(theorem)!, points: [{ T: 5, mu: 1, G: 1 }] }),
    });
    expect(() => t.check!.run(trial(t, { T: 5, mu: 1, G: 1 }))).toThrow(
      /missing or stale.*npx fwa-theorems pep --catalog <catalog file> --write-certificates/,
    );
  });

  it('the guard judges the mutants by the same certificates: × 0.5 caught, × 0.9 valid at every point', () => {
    const mutant = (id: string, expression: string): MutantResult => ({
      id,
      kind: 'scale-bound',
      description: id,
      expression,
      status: 'survived',
      minFactor: 1,
      maxFactor: 1,
      bestRatio: 0,
      runs: 0,
    });
    const results = [
      mutant('x0.5', '0.5 * (2 * G^2 / (mu * (T + 1)))'),
      mutant('x0.9', '0.9 * (2 * G^2 / (mu * (T + 1)))'),
    ];
    judgeByCertificates(theorem, results, { verified: [], rejected: [] });
    expect(results[0]).toMatchObject({ status: 'caught', caughtBy: 'pep' });
    expect(results[1].status).toBe('valid-deterministic');
  });
});

describe('fwa-theorems pep --catalog (in process, committed certificates)', () => {
  it('prints bound, lower and upper as JSON, from the certificates beside the catalog', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      const code = await pepCatalog(
        'examples/strongly-convex-weighted-averaging.ts',
        { theorem: theorem.id, at: { T: 8, mu: 4, G: 0.5 }, json: true },
        { cacheDir: null },
      );
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const r = JSON.parse(out.join('')) as {
      bound: number;
      lower: number;
      upper: number;
      exact: boolean;
      sources: string[];
    };
    expect(r.bound).toBeCloseTo((2 * 0.25) / (4 * 9), 12);
    expect(r.exact).toBe(false);
    expect(r.lower).toBeLessThanOrEqual(r.upper);
    expect(r.lower / r.bound).toBeGreaterThan(0.5);
    expect(r.sources.every((s) => s.startsWith('committed certificate examples/'))).toBe(true);
  });

  it('a theorem without a worst-case check is bad input (exit 2) naming the fix', async () => {
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      expect(
        await pepCatalog('examples/subgradient-averaging.ts', { theorem: 'bubeck15-averaged-subgradient', T: 3 }, {}),
      ).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.join('')).toMatch(/has a worst-case check.*worstCaseCheck\(\{ problem, points, certificates \}\)/);
  });
});

describe('the certificate cache directory', () => {
  it(`${CACHE_DIR_ENV} first, then XDG_CACHE_HOME/fwa-theorems/pep, then .cache/fwa-theorems/pep in the current directory`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwa-cache-dir-'));
    try {
      expect(defaultCacheDir({ [CACHE_DIR_ENV]: dir, XDG_CACHE_HOME: '/x' })).toBe(dir);
      expect(defaultCacheDir({ XDG_CACHE_HOME: dir })).toBe(join(dir, 'fwa-theorems', 'pep'));
      expect(defaultCacheDir({ [CACHE_DIR_ENV]: '', XDG_CACHE_HOME: '' })).toBe(
        resolve('.cache', 'fwa-theorems', 'pep'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
