/**
 * The worst-case search and the database's machinery (src/worst-cases/):
 *   - Nelder–Mead minimises a curved valley, and a refused (infinite) region does not stop it;
 *   - the explicit-data generators certify the replacement example too, and the search moves only
 *     the data coordinates an instance reads;
 *   - a short search on G4 (non-convex, constant step) ends at least as high as its best start, and
 *     its best trial replays to the ratio it reported (exact cell: same bits);
 *   - the database keeps the best entries per source once each, and a damaged file is named;
 *   - the command line: `search` without --write leaves the database untouched, --write on a catalog
 *     writes <catalog>.worst/, and `check` replays that database first (a bound shrunk below a stored
 *     instance exits 1).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main';
import { CorruptFileError } from '../src/errors';
import { buildInstance } from '../src/objectives/index';
import { currentProfile } from '../src/profile';
import { getTheorem } from '../src/catalog/registry';
import { checkOf } from '../src/theory/theorem';
import {
  KEPT_PER_SOURCE,
  mergeWorstCases,
  readWorstCases,
  REGISTRY_WORST_CASES,
  writeWorstCases,
  type WorstCaseEntry,
} from '../src/worst-cases/database';
import { nelderMead } from '../src/worst-cases/nelder-mead';
import { continuousCoordinates, worstCaseSearch } from '../src/worst-cases/search';

const profile = currentProfile();

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock valley from (−1.2, 1)', () => {
    const rosenbrock = (x: Float64Array) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2;
    const r = nelderMead(rosenbrock, [-1.2, 1], { step: 0.5, maxEvaluations: 2000, tolerance: 1e-14 });
    expect(Math.abs(r.x[0] - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.x[1] - 1)).toBeLessThan(1e-3);
    expect(r.evaluations).toBeLessThanOrEqual(2000 + 3);
  });
  it('walks along the edge of a refused region (Infinity) to the constrained minimum', () => {
    // min (x − 2)² + (y − 2)² over x + y ≤ 2: the answer is (1, 1)
    const f = (x: Float64Array) => (x[0] + x[1] > 2 ? Infinity : (x[0] - 2) ** 2 + (x[1] - 2) ** 2);
    const r = nelderMead(f, [0, 0], { step: 0.5, maxEvaluations: 3000, tolerance: 1e-12 });
    expect(r.fx).toBeLessThan(2 + 1e-3);
    expect(Number.isFinite(r.fx)).toBe(true);
  });
});

describe('explicit-data instances', () => {
  it('certify the replacement example: ‖∇f(w; z′)‖ ≤ L on W although z′ is longer than every z_i', () => {
    const spec = {
      generator: 'tukey-data',
      params: { d: 2, n: 2, R: 1, c: 0.7, x0_0: 0.3, x0_1: 0.1, x1_0: -0.2, x1_1: 0.4, xr_0: -1.5, xr_1: 0.5, yr: 0.2 },
      seed: 0,
    };
    const inst = buildInstance(spec);
    const neighbour = inst.neighbour!(0);
    const g = new Float64Array(2);
    let largest = 0;
    for (let a = 0; a < 64; a++) {
      const w = Float64Array.of(Math.cos(a) * (a / 64), Math.sin(a) * (a / 64));
      neighbour.grad(w, 0, g);
      largest = Math.max(largest, Math.hypot(g[0], g[1]));
    }
    expect(largest).toBeLessThanOrEqual(inst.constants.L);
    // the replacement is what sets Rx, so L is the certificate's for ‖x′‖ = √2.5, not for the data's
    expect(largest).toBeGreaterThan(0.5 * inst.constants.L);
  });

  it('the search moves only the coordinates the instance reads (d = 1, n = 2: x0_0, x1_0, xr_0)', () => {
    const trial = {
      theorem: 'fwa-stability-nonconvex-constant-step',
      instance: { generator: 'sigmoid-data', params: { d: 1, n: 2, R: 1, x0_0: 1, x1_0: 0.5, xr_0: -1 }, seed: 0 },
      params: { T: 2, a: 0.1, k: 1, i: 0 },
      seed: 1,
      replicates: 1,
      exact: true,
    };
    const names = continuousCoordinates(trial).map((c) => `${c.where}.${c.key}`);
    expect(names.sort()).toEqual(['instance.R', 'instance.x0_0', 'instance.x1_0', 'instance.xr_0', 'params.a'].sort());
  });
});

describe('the worst-case search', () => {
  it('G4: ends at least as high as its best start, and its best trial replays to the ratio it reported', () => {
    const theorem = getTheorem('fwa-stability-nonconvex-constant-step');
    const check = checkOf(theorem);
    const r = worstCaseSearch(check, profile, { seed: 7, samples: 4, climbs: 1, evaluations: 60, maxPaths: 256 });
    expect(r.best).toBeDefined();
    expect(r.ratio).toBeGreaterThanOrEqual(r.startRatio);
    expect(r.evaluations).toBeLessThanOrEqual(60);
    const again = check.run(r.best!.trial);
    expect(again.basis.kind).toBe('exact');
    expect(again.ratio).toBe(r.ratio);
    expect(again.verdict).not.toBe('violated');
  });
});

describe('the database files', () => {
  let dir = '';
  beforeAll(() => void (dir = mkdtempSync(join(REGISTRY_WORST_CASES, '..', '..', 'reports', 'worst-cases-test-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const [sample] = readWorstCases(REGISTRY_WORST_CASES, 'fwa-stability-nonconvex-constant-step');
  const entry = (ratio: number, source: WorstCaseEntry['source'], seed: number): WorstCaseEntry => ({
    ...sample,
    ratio,
    source,
    trial: { ...sample.trial, seed },
  });

  it(`merge keeps the best ${KEPT_PER_SOURCE} per source, the same trial once`, () => {
    const merged = mergeWorstCases(
      [entry(0.5, 'search', 1), entry(0.7, 'guard', 2)],
      [entry(0.9, 'search', 3), entry(0.8, 'search', 4), entry(0.95, 'enumeration', 3)],
    );
    expect(merged.map((e) => [e.source, e.ratio])).toEqual([
      ['search', 0.9],
      ['search', 0.8],
      ['guard', 0.7],
    ]);
  });

  it('a damaged file is refused naming the file; an entry of another theorem too', () => {
    writeWorstCases(dir, 'x', [sample]);
    expect(() => readWorstCases(dir, 'x')).toThrow(/x\.json/);
    writeFileSync(join(dir, 'y.json'), '{"version": 1, "theorem": "y", "entries": [');
    expect(() => readWorstCases(dir, 'y')).toThrow(CorruptFileError);
  });
});

/** Runs the CLI in process, its console output kept (the search prints a line per climb). */
async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  try {
    return { code: await main(['node', 'fwa-theorems', ...args]), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

describe('the command line', () => {
  // created when the tests run (a filtered run that skips them leaves nothing behind)
  let work = '';
  let catalog = '';
  beforeAll(() => {
    work = mkdtempSync(join(REGISTRY_WORST_CASES, '..', '..', 'reports', 'worst-cases-cli-'));
    catalog = join(work, 'catalog.ts');
    cpSync('examples/weighted-averaging-stability.ts', catalog);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const id = 'linearly-weighted-stability-convex-constant-step';

  it('search without --write leaves the registry database byte for byte', async () => {
    const file = join(REGISTRY_WORST_CASES, 'fwa-stability-nonconvex-constant-step.json');
    const before = readFileSync(file, 'utf8');
    const code = await main([
      'node',
      'fwa-theorems',
      'search',
      '--theorem',
      'fwa-stability-nonconvex-constant-step',
      '--evaluations',
      '30',
      '--samples',
      '4',
    ]);
    expect(code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('search --catalog --write writes <catalog>.worst/, which check replays first; a shrunk bound exits 1', async () => {
    const args = [
      'node',
      'fwa-theorems',
      'search',
      '--catalog',
      catalog,
      '--all',
      '--evaluations',
      '40',
      '--samples',
      '6',
    ];
    expect(await main([...args, '--write'])).toBe(0);
    const file = join(`${catalog}.worst`, `${id}.json`);
    expect(existsSync(file)).toBe(true);
    expect(readWorstCases(`${catalog}.worst`, id).length).toBeGreaterThan(0);
    // The same catalog with its bound halved: the stored (attaining) instance refutes it before any trial is drawn.
    const halved = join(work, 'halved.ts');
    writeFileSync(halved, readFileSync(catalog, 'utf8').replace("bound: '2 * a * L^2", "bound: '1 * a * L^2"));
    expect(readFileSync(halved, 'utf8')).not.toBe(readFileSync(catalog, 'utf8'));
    cpSync(`${catalog}.worst`, `${halved}.worst`, { recursive: true });
    const checked = await run(['check', halved, '--theorem', id]);
    expect(checked.code, checked.out).toBe(1);
    expect(checked.out).toMatch(/VIOLATED by a stored worst case/);
  });
});
