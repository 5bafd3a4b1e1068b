/**
 * Bad input: every invalid parameter is a typed InvalidParameterError naming the parameter,
 * the value and what would be valid; a run whose iterate becomes non-finite stops with a
 * DivergenceError naming the step. Decisions: FWA(k > T) is allowed (uniform over all iterates, so that
 * FWA(k ≥ T) ≡ uniform average holds); a horizon that leaves an averager nothing to average (Polyak
 * t₀ ≥ T, SWA start > T, LAWA ν > T or a block k·ν > T) is an error.
 */
import { describe, expect, test } from 'vitest';
import { DivergenceError, InvalidParameterError } from '../src/errors';
import { averagerWeights, makeAverager } from '../src/engine/averaging';
import { type AveragerSpec } from '../src/engine/averagers/averager';
import { runCoupled } from '../src/engine/coupled';
import type { Objective } from '../src/engine/objective';
import { RandomStream } from '../src/engine/rng';
import type { ScheduleSpec } from '../src/engine/schedule';
import { runSgd, SgdRunner, type SgdConfig } from '../src/engine/sgd';
import { traceSgd } from '../src/engine/trace';
import { safeNorm } from '../src/engine/vec';
import { leastSquares } from './support/engine-fixtures';

const obj = leastSquares({ n: 5, d: 3, seed: 7 });
const base: SgdConfig = { objective: obj, T: 20, schedule: { kind: 'constant', alpha: 0.1 } };

function expectInvalid(fn: () => unknown, parameter: string, value: string, expected: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected an InvalidParameterError for ${parameter}`).toBeInstanceOf(InvalidParameterError);
  const e = err as InvalidParameterError;
  expect(e.parameter).toBe(parameter);
  expect(e.message).toContain(`${parameter} = ${value}`);
  expect(e.expected).toMatch(expected);
}

const run = (cfg: Partial<SgdConfig>) => () => runSgd({ ...base, ...cfg }, { seed: 1 });
const withAvg = (spec: AveragerSpec, T = 20) => run({ T, averagers: [spec] });

describe('averager parameters', () => {
  test.each([
    [0, '0'],
    [-3, '-3'],
    [2.5, '2.5'],
    [NaN, 'NaN'],
  ])('FWA k = %s (k < 1 or non-integer) is rejected', (k, shown) =>
    expectInvalid(withAvg({ kind: 'fwa', k }), 'fwa.k', shown, /integer ≥ 1/),
  );

  test('FWA k > T is allowed and means the mean of w_1..w_T (storage follows T, not k: k = 10^9 is fine)', () => {
    const r = runSgd(
      {
        ...base,
        T: 5,
        averagers: [
          { kind: 'fwa', k: 50 },
          { kind: 'polyak', t0: 0 },
          { kind: 'fwa', k: 1e9 },
        ],
      },
      { seed: 3 },
    );
    expect(r.averages[0]).toEqual(r.averages[1]);
    expect(r.averages[2]).toEqual(r.averages[1]);
  });

  test.each<[AveragerSpec, string, string]>([
    [{ kind: 'polyak', t0: 13 }, 'polyak.t0', '13'],
    [{ kind: 'lawa', k: 3, nu: 2, mode: 'block' }, 'lawa.k·ν', '6'],
    [{ kind: 'swa', start: 6 }, 'swa.start', '6'],
  ])('the weights of %j over a horizon no run accepts are refused as the run refuses it', (spec, parameter, value) => {
    // An audit's T-sweep point below the drawn averager's horizon was run and errored; its weights were
    // given, so the point was not recognised as outside the theorem's domain.
    expectInvalid(() => averagerWeights(spec, 5), parameter, value, /T/);
    expectInvalid(withAvg(spec, 5), parameter, value, /T/);
    expect(averagerWeights(spec, 20).length).toBe(21);
  });

  test('an averager updated more often than the T given to init refuses (its ring is sized by T)', () => {
    const a = makeAverager({ kind: 'fwa', k: 3 }, 2);
    a.init(new Float64Array(2), 2);
    a.update(1, new Float64Array(2));
    a.update(2, new Float64Array(2));
    expectInvalid(() => a.update(3, new Float64Array(2)), 'averager step t', '3', /at most the T given to init/);
  });

  test('LAWA: k, ν integers ≥ 1; ν ≤ T; a block k·ν ≤ T; mode sliding|block', () => {
    expectInvalid(withAvg({ kind: 'lawa', k: 0, nu: 2 }), 'lawa.k', '0', /integer ≥ 1/);
    expectInvalid(withAvg({ kind: 'lawa', k: 2, nu: 1.5 }), 'lawa.nu', '1.5', /integer ≥ 1/);
    expectInvalid(withAvg({ kind: 'lawa', k: 2, nu: 21 }), 'lawa.nu', '21', /≤ T = 20/);
    expectInvalid(withAvg({ kind: 'lawa', k: 4, nu: 6, mode: 'block' }), 'lawa.k·ν', '24', /at most T = 20/);
    expectInvalid(
      withAvg({ kind: 'lawa', k: 2, nu: 2, mode: 'rolling' as 'block' }),
      'lawa.mode',
      '"rolling"',
      /sliding/,
    );
  });

  test('suffix α outside (0, 1] is rejected', () => {
    for (const [a, shown] of [
      [0, '0'],
      [-0.5, '-0.5'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
    ] as const) {
      expectInvalid(withAvg({ kind: 'suffix', alpha: a }), 'suffix.alpha', shown, /\(0, 1\]/);
    }
  });

  test('EMA γ outside (0, 1] and bad warm-up parameters are rejected', () => {
    expectInvalid(withAvg({ kind: 'ema', gamma: 0 }), 'ema.gamma', '0', /\(0, 1\]/);
    expectInvalid(withAvg({ kind: 'ema', gamma: 1.01 }), 'ema.gamma', '1.01', /\(0, 1\]/);
    expectInvalid(
      withAvg({ kind: 'ema', gamma: 0.1, warmup: { minDecay: 0.95 } }),
      'ema.warmup.minDecay',
      '0.95',
      /\[0, 1 − γ\]/,
    );
    expectInvalid(
      withAvg({ kind: 'ema', gamma: 0.1, warmup: { warmupPower: -1 } }),
      'ema.warmup.warmupPower',
      '-1',
      /> 0/,
    );
    expectInvalid(
      withAvg({ kind: 'ema', gamma: 0.1, warmup: { warmupGamma: 0 } }),
      'ema.warmup.warmupGamma',
      '0',
      /> 0/,
    );
    expectInvalid(
      withAvg({ kind: 'ema', gamma: 0.1, warmup: { updateAfterStep: -1 } }),
      'ema.warmup.updateAfterStep',
      '-1',
      /integer ≥ 0/,
    );
  });

  test('explicit weights: not T + 1 of them (the error names T), a negative or non-finite weight, a sum ≠ 1', () => {
    const uniform = Array.from({ length: 21 }, () => 1 / 21);
    expectInvalid(
      withAvg({ kind: 'explicit', weights: uniform }, 21),
      'averager.weights',
      '"21 weights"',
      /T \+ 1 = 22 weights λ_0..λ_21/,
    );
    expectInvalid(
      withAvg({ kind: 'explicit', weights: uniform.slice(1).map(() => 1 / 20) }),
      'averager.weights',
      '"20 weights"',
      /T = 20 steps/,
    );
    const negative = uniform.map((l, t) => (t === 3 ? -l : t === 4 ? 3 * l : l));
    expectInvalid(
      withAvg({ kind: 'explicit', weights: negative }),
      'averager.weights[3] (λ_3)',
      String(-1 / 21),
      /≥ 0/,
    );
    expectInvalid(
      withAvg({ kind: 'explicit', weights: uniform.map((l, t) => (t === 0 ? 2 * l : l)) }),
      'averager.weights (their sum)',
      String(uniform.reduce((a, b) => a + b, 0) + 1 / 21),
      /summing to 1/,
    );
    expect(() => withAvg({ kind: 'explicit', weights: uniform })()).not.toThrow();
  });

  test('Polyak t₀ ≥ T and SWA start > T (nothing averaged) are rejected; SWA every ≥ 1', () => {
    expectInvalid(withAvg({ kind: 'polyak', t0: 20 }), 'polyak.t0', '20', /\[0, 19\]/);
    expectInvalid(withAvg({ kind: 'polyak', t0: -1 }), 'polyak.t0', '-1', /integer ≥ 0/);
    expectInvalid(withAvg({ kind: 'swa', start: 21 }), 'swa.start', '21', /≤ T = 20/);
    expectInvalid(withAvg({ kind: 'swa', start: 3, every: 0 }), 'swa.every', '0', /integer ≥ 1/);
  });

  test('an unknown averager kind is rejected, naming the valid ones', () => {
    expectInvalid(
      () => makeAverager({ kind: 'swag' } as unknown as AveragerSpec, 2),
      'averager.kind',
      '"swag"',
      /'fwa'/,
    );
  });
});

describe('run parameters', () => {
  test('T < 1 or non-integer T', () => {
    expectInvalid(run({ T: 0 }), 'T', '0', /integer ≥ 1/);
    expectInvalid(run({ T: -5 }), 'T', '-5', /integer ≥ 1/);
    expectInvalid(run({ T: 3.5 }), 'T', '3.5', /integer ≥ 1/);
  });

  test('negative, zero or non-finite step sizes', () => {
    const cases: [ScheduleSpec, string, string][] = [
      [{ kind: 'constant', alpha: -0.1 }, 'schedule.alpha', '-0.1'],
      [{ kind: 'constant', alpha: 0 }, 'schedule.alpha', '0'],
      [{ kind: 'constant', alpha: Infinity }, 'schedule.alpha', 'Infinity'],
      [{ kind: 'constant', alpha: NaN }, 'schedule.alpha', 'NaN'],
      [{ kind: 'inv-sqrt-t', c: -1 }, 'schedule.c', '-1'],
      [{ kind: 'inv-t', c: Infinity }, 'schedule.c', 'Infinity'],
      [{ kind: 'inv-sqrt-T', c: NaN }, 'schedule.c', 'NaN'],
    ];
    for (const [schedule, p, v] of cases) expectInvalid(run({ schedule }), p, v, /finite number > 0/);
  });

  test('explicit steps: fewer than T (the error names T), a step not finite and > 0, not an array', () => {
    const steps = Array.from({ length: 19 }, () => 0.1);
    expectInvalid(
      run({ schedule: { kind: 'explicit', steps } }),
      'schedule.steps',
      '"19 step sizes"',
      /T = 20 step sizes α_1..α_20/,
    );
    expectInvalid(
      run({ schedule: { kind: 'explicit', steps: [...steps, 0.1].map((a, i) => (i === 4 ? NaN : a)) } }),
      'schedule.steps[4] (α_5)',
      'NaN',
      /finite number > 0/,
    );
    expectInvalid(
      run({ schedule: { kind: 'explicit', steps: [...steps, -0.1] } }),
      'schedule.steps[19] (α_20)',
      '-0.1',
      /finite number > 0/,
    );
    expectInvalid(
      run({ schedule: { kind: 'explicit', steps: 0.1 as unknown as number[] } }),
      'schedule.steps',
      '0.1',
      /T = 20/,
    );
    // More steps than T: the run takes the first T (a schedule written for a longer horizon).
    expect(() => run({ schedule: { kind: 'explicit', steps: [...steps, 0.1, 0.1] } })()).not.toThrow();
  });

  test('w_0: wrong dimension, NaN/∞ entries, outside W', () => {
    expectInvalid(run({ w0: new Float64Array(2) }), 'w0.length', '2', /d = 3/);
    expectInvalid(run({ w0: Float64Array.from([0, NaN, 0]) }), 'w0[1]', 'NaN', /finite/);
    expectInvalid(run({ w0: Float64Array.from([Infinity, 0, 0]) }), 'w0[0]', 'Infinity', /finite/);
    expectInvalid(run({ w0: Float64Array.from([3, 4, 0]), radius: 1 }), '‖w0‖', '5', /radius = 1/);
  });

  test('empty data set (n = 0), bad radius, bad batch', () => {
    const empty: Objective = { ...obj, n: 0 };
    expectInvalid(run({ objective: empty }), 'objective.n', '0', /integer ≥ 1/);
    expectInvalid(run({ radius: 0 }), 'radius', '0', /> 0 or Infinity/);
    expectInvalid(run({ radius: NaN }), 'radius', 'NaN', /> 0 or Infinity/);
    expectInvalid(run({ batch: 0 }), 'batch', '0', /integer ≥ 1/);
  });

  test('coupled runs: neighbour of another dimension or size, i* outside [0, n)', () => {
    const c =
      (neighbour: Objective, differing = 0) =>
      () =>
        runCoupled({ ...base, neighbour, differing }, { seed: 1 });
    expectInvalid(c(leastSquares({ n: 5, d: 4, seed: 7 })), 'neighbour.d', '4', /d = 3/);
    expectInvalid(c(leastSquares({ n: 6, d: 3, seed: 7 })), 'neighbour.n', '6', /n = 5/);
    expectInvalid(c(obj, 5), 'differing', '5', /\[0, 4\]/);
  });

  test('trace steps outside [0, T]', () => {
    expectInvalid(() => traceSgd(base, { seed: 1, at: { steps: [3, 21] } }), 'trace.steps[1]', '21', /\[0, 20\]/);
    expectInvalid(() => traceSgd(base, { seed: 1, at: { logSpaced: 0 } }), 'trace.logSpaced', '0', /integer ≥ 1/);
  });
});

describe('divergence: a non-finite iterate stops the run with a DivergenceError naming the step', () => {
  function firstDraw(seed: number, n: number, i: number, T: number): number {
    const rng = RandomStream.fromSeed(seed);
    for (let t = 1; t <= T; t++) if (rng.index(n) === i) return t;
    return -1;
  }

  test.each([NaN, Infinity, -Infinity])(
    'data entry %s: the run stops at the first step drawing that example',
    (value) => {
      const poisoned = leastSquares({ n: 5, d: 3, seed: 7, poison: { index: 2, value } });
      const t = firstDraw(11, 5, 2, 50);
      expect(t).toBeGreaterThan(0);
      let err: unknown;
      try {
        runSgd({ ...base, objective: poisoned, T: 50 }, { seed: 11 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DivergenceError);
      expect((err as DivergenceError).step).toBe(t);
      expect((err as DivergenceError).message).toContain(`t = ${t}`);
      // The steps before it were finite: the same run stopped one step earlier completes.
      if (t > 1) expect(() => runSgd({ ...base, objective: poisoned, T: t - 1 }, { seed: 11 })).not.toThrow();
    },
  );

  test('a step size far above 2/β overflows the iterate; the error names the first step with a non-finite coordinate', () => {
    const runner = new SgdRunner({
      ...base,
      T: 100_000,
      schedule: { kind: 'constant', alpha: 50 },
      w0: Float64Array.from([1, 1, 1]),
    });
    const rng = RandomStream.fromSeed(2);
    let err: unknown;
    let finiteBefore = true;
    try {
      for (let t = 1; t <= runner.T; t++) {
        finiteBefore = runner.w.every(Number.isFinite);
        runner.step(rng.index(obj.n));
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DivergenceError);
    expect((err as DivergenceError).step).toBe(runner.t + 1);
    expect(finiteBefore).toBe(true);
    expect(runner.w.every(Number.isFinite)).toBe(false);
  });

  test('‖w_t‖² overflowing while w_t is finite is not a divergence, and the projection still applies', () => {
    const big = Float64Array.from([1e200, -1e200, 1e200]);
    const r = runSgd(
      { ...base, T: 3, w0: big, radius: 1e201, schedule: { kind: 'constant', alpha: 1e-300 } },
      { seed: 1 },
    );
    expect(r.w.every(Number.isFinite)).toBe(true);
    // A constant gradient −1e200·e_0 with α = 1 doubles w_0's first coordinate: ‖w_1‖ = √6·1e200 > R.
    const push: Objective = { d: 3, n: 1, loss: (w) => -1e200 * w[0], grad: (_w, _i, out) => out.set([-1e200, 0, 0]) };
    const R = 2e200;
    const shrink = runSgd(
      { objective: push, T: 1, w0: big, radius: R, schedule: { kind: 'constant', alpha: 1 } },
      { seed: 1 },
    );
    expect(Math.abs(safeNorm(shrink.w) / R - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(shrink.w[0] / shrink.w[1]).toBe(-2);
  });
});
