/**
 * The constants guard's machinery (src/guard/), checked against fake theorems with known answers:
 *   - mutants: every operator appears (bound scaled, constant scaled, term dropped, exponent
 *     nudged, k/T shape changed), every mutant compiles and differs from its bound;
 *   - kill matrix: on an instance that attains its bound, every mutant that shrinks the bound by
 *     ≥ 10 % somewhere is caught, and no mutant that only grows the bound is;
 *   - tightness search: the hill-climb finds a better ratio than sampling alone;
 *   - ledger: round trip, merge keeps the best record, malformed files are refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptFileError, InvalidParameterError } from '../src/errors';
import { certifiedRatio, withHypotheses, type EvaluatedTrial } from '../src/guard/evaluate';
import { atTK, fitShape, shapeTrend } from '../src/guard/shape';
import { killMatrixFor, summarizeKills, SHRINK_TARGET } from '../src/guard/killMatrix';
import { mergeEntry, readLedger, writeLedger, type LedgerEntry } from '../src/guard/ledger';
import { generateMutants } from '../src/guard/mutants';
import { tightnessSearch } from '../src/guard/search';
import { currentProfile } from '../src/profile';
import { compileBound } from '../src/theory/expr';
import { fakeAttainedCheck, fakeAttainedTheorem, fakeLooseCheck } from './guard-fakes';

const profile = currentProfile();
const CONVERGENCE_READING = '(D^2/c + c*G^2)*(2 + log(T/k))/sqrt(T)';

describe('mutant generation', () => {
  it('produces every mutation operator on the paper-reading convergence form', () => {
    const ms = generateMutants(CONVERGENCE_READING);
    const kinds = new Set(ms.map((m) => m.kind));
    for (const k of ['scale-bound', 'scale-constant', 'drop-term', 'nudge-exponent', 'shape'] as const)
      expect(kinds).toContain(k);
    const scope = { D: 2, c: 1, G: 0.5, T: 400, k: 10 };
    const value = (e: string): number => compileBound(e).evaluate(scope);
    const expected = {
      'log(T/(2k))': value('(D^2/c + c*G^2)*(2 + log(T/(2*k)))/sqrt(T)'),
      'log T': value('(D^2/c + c*G^2)*(2 + log(T))/sqrt(T)'),
      '1/T': value('(D^2/c + c*G^2)*(2 + log(T/k))/T'),
      'constant 2 → 1': value('(D^2/c + c*G^2)*(1 + log(T/k))/sqrt(T)'),
    };
    for (const [what, v] of Object.entries(expected)) {
      expect(
        ms.some((m) => Math.abs(m.compiled.evaluate(scope) - v) <= 1e-12 * v),
        `mutant ${what}`,
      ).toBe(true);
    }
  });

  it('every mutant compiles, has the same free symbols or fewer, and differs from the bound somewhere', () => {
    for (const e of [
      CONVERGENCE_READING,
      fakeAttainedTheorem.bound,
      '((1 + 1/(beta*c))/(n-1)) * (2*c*L^2)^(1/(beta*c+1)) * powmean(T, k, beta*c)^(1/(beta*c+1))',
      '(D^2/(2*c) + c*G^2)*(1 + Hdiff(T-1, k-1))/sqrt(T)',
    ]) {
      const orig = compileBound(e);
      const ms = generateMutants(e);
      expect(new Set(ms.map((m) => m.expression)).size).toBe(ms.length);
      const scopes = [
        { D: 2, c: 0.7, G: 0.5, T: 400, k: 10, a: 0.1, L: 1.5, n: 20, beta: 0.6 },
        { D: 1, c: 0.3, G: 2, T: 37, k: 3, a: 0.5, L: 0.7, n: 5, beta: 2 },
      ];
      for (const m of ms) {
        for (const s of m.compiled.symbols) expect(orig.symbols).toContain(s);
        const differs = scopes.some((s) => {
          try {
            return m.compiled.evaluate(s) !== orig.evaluate(s);
          } catch {
            return true;
          }
        });
        expect(differs, `${m.id}: ${m.expression}`).toBe(true);
      }
    }
  });

  it('the printed readings ([P], docs/theory) are among the mutants of the derived bounds', () => {
    const scope = { a: 0.1, L: 1.5, n: 20, T: 40, k: 9, beta: 0.8, c: 0.5 };
    const reading = compileBound('(2*a*L^2/n)*(T - k/2)').evaluate(scope);
    expect(
      generateMutants(fakeAttainedTheorem.bound).some(
        (m) => Math.abs(m.compiled.evaluate(scope) - reading) <= 1e-12 * reading,
      ),
    ).toBe(true);
    const integral = compileBound(
      '((1 + 1/(beta*c))/(n-1)) * (2*c*L^2)^(1/(beta*c+1)) * ((T^(beta*c+1) - (T-k)^(beta*c+1))/((beta*c+1)*k))^(1/(beta*c+1))',
    ).evaluate(scope);
    const g5 = '((1 + 1/(beta*c))/(n-1)) * (2*c*L^2)^(1/(beta*c+1)) * powmean(T, k, beta*c)^(1/(beta*c+1))';
    expect(
      generateMutants(g5).some(
        (m) => m.kind === 'shape' && Math.abs(m.compiled.evaluate(scope) - integral) <= 1e-12 * integral,
      ),
    ).toBe(true);
  });

  it('refuses an expression outside the restricted instance with a typed error', () => {
    expect(() => generateMutants('foo(T)')).toThrow(InvalidParameterError);
  });
});

describe('kill matrix', () => {
  const opts = { seed: profile.seed, samples: 40, confirmations: 3, searchEvaluations: 30, searchFrom: 0.5 };

  it('on an attaining instance catches every mutant that shrinks the bound by ≥ 10 %, and none that only grows it', () => {
    const check = fakeAttainedCheck();
    const report = killMatrixFor(fakeAttainedTheorem, check, profile, opts);
    expect(report.baselineViolations).toBe(0);
    expect(report.baselineRatio).toBeGreaterThan(1 - 1e-9);
    for (const m of report.mutants) {
      if (m.minFactor <= SHRINK_TARGET)
        expect(m.status, `${m.id} ${m.expression} (min factor ${m.minFactor})`).toBe('caught');
      if (m.minFactor >= 1) expect(m.status, `${m.id} ${m.expression}`).toBe('survived');
      if (m.status === 'caught') expect(m.caughtTrial?.theorem).toBe('fake-attained');
    }
    const s = summarizeKills(report.mutants);
    expect(s.shrinking).toBeGreaterThan(5);
    expect(s.shrinkingCaught).toBe(s.shrinking);
    // The re-scoring keeps the cost near one engine run per sample, not one per sample and mutant.
    expect(check.runs).toBeLessThan(opts.samples + report.mutants.length * (opts.confirmations + 1) + 200);
  });

  it('on a loose instance, scaled-constant mutants survive and report how far they are from being caught', () => {
    const report = killMatrixFor(fakeAttainedTheorem, fakeLooseCheck(), profile, { ...opts, searchEvaluations: 0 });
    const half = report.mutants.find((m) => m.id === 'scale-bound#x0.5');
    expect(half?.status).toBe('survived');
    expect(half?.bestRatio).toBeCloseTo(0.08, 6);
    const s = summarizeKills(report.mutants);
    expect(s.killRate).toBeLessThan(0.5);
  });
});

describe('tightness search', () => {
  it('the hill-climb reaches at least the best sample, and beyond it when the samples are poor', () => {
    // ratio = measured/bound grows with k/T on this fake (loose by a factor that vanishes at k = T).
    const check = fakeAttainedCheck();
    const tilted = (s: Record<string, number>): number => {
      fakeAttainedTheorem.assertHypotheses(s);
      return fakeAttainedTheorem.compiled.evaluate(s) * (1 + (s.T - s.k) / s.T);
    };
    const r = tightnessSearch(check, profile, tilted, {
      seed: 3,
      samples: 4,
      climbs: 2,
      climbEvaluations: 80,
      patience: 30,
    });
    const bestSample = Math.max(...r.sampled.map((e) => certifiedRatio(e.outcome)));
    expect(r.bestRatio).toBeGreaterThanOrEqual(bestSample);
    expect(r.bestRatio).toBeGreaterThan(0.9);
    expect(r.best?.trial.params.k).toBe(r.best?.trial.params.T);
  });

  it('never leaves the hypotheses, even when the check only validates inside theorem.evaluate()', () => {
    // Outside k ≤ T the fake measures 10× more: a climb that escaped would report a ratio ≈ 10.
    const r = tightnessSearch(
      fakeAttainedCheck(),
      profile,
      withHypotheses(fakeAttainedTheorem, fakeAttainedTheorem.compiled),
      { seed: 5, samples: 6, climbs: 3, climbEvaluations: 150, patience: 50 },
    );
    expect(r.bestRatio).toBeLessThanOrEqual(1 + 1e-9);
    expect(r.rejected).toBeGreaterThan(0);
  });
});

describe('shape check', () => {
  // Measurements exactly proportional to the bound: the ratio is flat, and a mutant that changes the
  // T- or k-dependence must show the trend it introduces (1/√T → 1/T: slope +1/2 in T).
  const bound = compileBound(CONVERGENCE_READING);
  const points: EvaluatedTrial[] = [];
  for (const T of [100, 200, 400, 800]) {
    for (const k of [1, 4, 16]) {
      const scope = { D: 2, c: 1, G: 0.5, T, k };
      const measured = 0.02 * bound.evaluate(scope);
      points.push({
        trial: {
          theorem: 'x',
          instance: { generator: 'harvey-convex', params: { T }, seed: 0 },
          params: { T, k, c: 1 },
          seed: 0,
          replicates: 1,
        },
        outcome: {
          measured,
          bound: bound.evaluate(scope),
          ratio: 0.02,
          verdict: 'holds',
          basis: { kind: 'exact', detail: 'fixture' },
          scope,
        },
        scopes: [scope],
      });
    }
  }
  const original = fitShape(points, bound);
  const mutants = generateMutants(CONVERGENCE_READING);
  const trendOf = (id: string): ReturnType<typeof shapeTrend> =>
    shapeTrend(original, fitShape(points, mutants.find((m) => m.id.endsWith(id))!.compiled));

  it('is flat for the true shape and shows the trend of a changed one', () => {
    expect(original.steepest).toBeLessThan(1e-9);
    expect(original.level).toBeCloseTo(0.02, 12);
    expect(trendOf('sqrt-to-linear').trend).toBeCloseTo(0.5, 9);
    expect(trendOf('sqrt-to-linear').detected).toBe(true);
    expect(trendOf('log-drop-denominator').detected).toBe(true);
    expect(trendOf('scale-bound#x0.5').detected).toBe(false);
  });

  it('moves Harvey’s horizon with T and pins c = 1 (the step its construction is built for)', () => {
    const t = atTK(
      {
        theorem: 'x',
        instance: { generator: 'harvey-convex', params: { T: 50 }, seed: 0 },
        params: { T: 50, k: 2, c: 3 },
        seed: 1,
        replicates: 1,
      },
      400,
      9,
    );
    expect(t.instance.params.T).toBe(400);
    expect(t.params).toEqual({ T: 400, k: 9, c: 1 });
  });
});

describe('ledger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwa-ledger-'));
  const entry = (ratio: number, bound = 'x'): LedgerEntry => ({
    theorem: 'fake-attained',
    status: 'derived',
    family: 'stability',
    bound,
    bestRatio: ratio,
    pointRatio: ratio,
    measured: ratio,
    boundValue: 1,
    verdict: 'holds',
    trial: {
      theorem: 'fake-attained',
      instance: { generator: 'g', params: {}, seed: 1 },
      params: { T: 2 },
      seed: 1,
      replicates: 1,
    },
    date: '2026-01-01',
    evaluations: 1,
  });

  it('round-trips, keeps the higher record, and replaces a record set against another bound', () => {
    const file = join(dir, 'ledger.json');
    expect(readLedger(file).entries).toEqual([]);
    let l = mergeEntry(readLedger(file), entry(0.5)).ledger;
    expect(mergeEntry(l, entry(0.4)).improved).toBe(false);
    l = mergeEntry(l, entry(0.6)).ledger;
    writeLedger(l, file);
    expect(readLedger(file).entries.map((e) => e.bestRatio)).toEqual([0.6]);
    expect(mergeEntry(l, entry(0.1, 'y')).improved).toBe(true);
  });

  it('a ratio above the record by round-off only (within the float tolerance) is the same finding: the record stays', () => {
    const attained = mergeEntry({ version: 1, entries: [] }, entry(1)).ledger;
    // 1 + 2 ulp: what a longer exact run of an attained bound reaches by rounding alone.
    expect(mergeEntry(attained, entry(1.0000000000000004)).improved).toBe(false);
    expect(mergeEntry(attained, entry(1 + 1e-6)).improved).toBe(true);
  });

  it('refuses a malformed ledger with a typed error naming the file', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 2}');
    expect(() => readLedger(bad)).toThrow(CorruptFileError);
    writeFileSync(bad, '{"version": 1,\n "entries": [\n {not json');
    expect(() => readLedger(bad)).toThrow(/ledger file .*bad\.json, line 3/);
  });
});
