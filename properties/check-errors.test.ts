/**
 * Errors are not violations (src/measure/property.ts, src/audit/run-cell.ts): a trial whose check
 * throws, returns a NaN measured value or a complex bound, or draws `instance: null` is an ERROR of the
 * check (failure.kind 'error', an 'error' cell), with the trial and the message naming the field; a
 * draw outside the hypotheses is rejected (counted, not run to a verdict); a wrong constant is still
 * 'violated' (examples/subgradient-averaging-wrong.ts), so the classification cannot hide a refutation.
 * The catalogs that loop, exit or exhaust the heap run as real processes in npm run test:hostile.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load';
import { cellKey } from '../src/audit/cell';
import { runCell } from '../src/audit/run-cell';
import { runProperty } from '../src/measure/property';
import type { Trial } from '../src/theory/check';
import { currentProfile } from '../src/profile';
import { checkOf } from '../src/theory/theorem';

const profile = { ...currentProfile(), name: 'ci' as const, runsScale: 1 };
const hostile = (name: string) => `properties/fixtures/hostile/${name}.ts`;

async function propertyOf(file: string) {
  const { theorems } = await loadCatalog(file);
  return runProperty(theorems[0], { profile });
}

describe('a check that fails is an error, not a violation', () => {
  const cases: [string, RegExp][] = [
    ['throw', /RangeError: the check indexed past the end of its buffer/],
    ['nan', /measured = NaN/],
    ['complex-bound', /Complex.*expected a real number/],
    [
      'null-instance',
      /MalformedTrialError: theorem hostile-null-instance: trial\.instance = null\. Fix: an instance spec/,
    ],
  ];
  for (const [name, message] of cases) {
    it(name, async () => {
      const r = await propertyOf(hostile(name));
      expect(r.failure?.kind, JSON.stringify(r.failure)).toBe('error');
      expect(r.failure!.error).toMatch(message);
      expect(r.failure!.trial).toBeDefined();
      expect(r.verdicts.violated).toBe(0);
    });
  }

  it('a wrong constant is still violated (the classification does not swallow refutations)', async () => {
    const r = await propertyOf('examples/subgradient-averaging-wrong.ts');
    expect(r.failure?.kind).toBe('violated');
    expect(r.failure?.outcome?.verdict).toBe('violated');
  });

  it('draws outside the hypotheses are rejected: a μ > 0 theorem over the strongly convex class holds', async () => {
    const r = await propertyOf(hostile('strongly-convex'));
    expect(r.failure, JSON.stringify(r.failure)).toBeUndefined();
    expect(r.runs).toBeGreaterThan(0);
  });

  it('a check that rejects every draw is an error (fast-check gave up), not a pass', async () => {
    const { theorems } = await loadCatalog(hostile('strongly-convex'));
    const theorem = theorems[0];
    const check = checkOf(theorem);
    // The same theorem with its μ > 0 test inverted: every draw is outside its hypotheses.
    const { HypothesisError } = await import('../src/errors');
    const never = {
      ...theorem,
      check: {
        ...check,
        run: (): never => {
          throw new HypothesisError(theorem.id, 'never', 'test');
        },
      },
    };
    const r = runProperty(never, { profile });
    expect(r.failure?.kind).toBe('error');
    expect(r.failure?.error).toMatch(/gave up after \d+ draws outside the hypotheses/);
    expect(r.rejected).toBeGreaterThan(0);
  });
});

describe('audit cells: an exception or a NaN is an error cell on every axis', () => {
  it.each([
    ['nan', /measured = NaN/],
    ['throw', /RangeError/],
  ])('%s', async (name, message) => {
    const { theorems } = await loadCatalog(hostile(name));
    const trial: Trial = {
      theorem: theorems[0].id,
      instance: { generator: 'linear', params: { d: 2, n: 4, R: 1, L: 1 }, seed: 1 },
      params: { T: 8 },
      seed: 3,
      replicates: 1,
    };
    for (const axis of ['sample', 'T'] as const) {
      const r = runCell(theorems[0].check, {
        key: cellKey(trial),
        index: 0,
        theorem: trial.theorem,
        trial,
        axes: [axis],
      });
      expect(r.verdict).toBe('error');
      expect(`${r.error!.name}: ${r.error!.message}`).toMatch(message);
    }
  });

  it('instance: null is an error cell naming the field', async () => {
    const { theorems } = await loadCatalog(hostile('null-instance'));
    const trial = { theorem: 'hostile-null-instance', instance: null, params: { T: 10 }, seed: 1, replicates: 1 };
    const r = runCell(theorems[0].check, {
      key: 'k',
      index: 0,
      theorem: trial.theorem,
      trial: trial as unknown as Trial,
      axes: ['sample'],
    });
    expect(r.verdict).toBe('error');
    expect(r.error!.message).toMatch(/trial\.instance = null\. Fix:/);
  });
});

describe('sizes that would exhaust the machine are refused before the run (src/limits.ts)', () => {
  const trial = (T: number, d: number, n: number): Trial => ({
    theorem: 'hostile-throw',
    instance: { generator: 'linear', params: { d, n, R: 1, L: 1 }, seed: 1 },
    params: { T },
    seed: 1,
    replicates: 1,
  });

  it('a huge d × T is an error cell naming the sizes, the limit and FWA_MAX_CELL_MB; a normal one runs', async () => {
    const { theorems } = await loadCatalog(hostile('nan'));
    const huge = trial(1e6, 1e4, 4);
    const r = runCell(theorems[0].check, { key: 'k', index: 0, theorem: huge.theorem, trial: huge, axes: ['T'] });
    expect(r.verdict).toBe('error');
    expect(r.error!.message).toMatch(/"T":1000000,"n":4,"d":10000/);
    expect(r.error!.message).toMatch(/cell memory limit of 4096 MB .*FWA_MAX_CELL_MB/);
    // The same check on a trial that fits reaches the check (and its own NaN error), not the size refusal.
    const small = trial(10, 2, 4);
    const ok = runCell(theorems[0].check, { key: 'k', index: 0, theorem: small.theorem, trial: small, axes: ['T'] });
    expect(ok.error!.message).toMatch(/measured = NaN/);
  });

  it('the limit has power: lowered to 1 MB it refuses a trial of 1.3 MB, and Harvey counts d = T', async () => {
    const { assertTrialFits, cellBytes } = await import('../src/limits');
    const t = trial(5000, 10, 4);
    expect(cellBytes(t)).toBe(8 * (4 * 10 + 3 * 5001 * 10 + 4 * 5001));
    expect(() => assertTrialFits('x', t, { FWA_MAX_CELL_MB: '1' })).toThrow(/limit of 1 MB/);
    expect(() => assertTrialFits('x', t, { FWA_MAX_CELL_MB: '2' })).not.toThrow();
    const harvey = { instance: { generator: 'harvey-convex', params: { T: 100 } }, params: { T: 100 } };
    expect(cellBytes(harvey)).toBe(8 * (100 + 3 * 101 * 100 + 4 * 101));
  });
});
