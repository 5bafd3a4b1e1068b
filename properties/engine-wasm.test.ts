/**
 * The WebAssembly kernel of the fused linear-gradient step (src/engine/wasm/) against the JavaScript loops,
 * the reference: the same bits on every run (iterates, g_t, averages, errors), the committed binary is the
 * assembly of the committed source, and the engine's choice of kernel follows its stated rule.
 */
import { test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { AveragerSpec } from '../src/engine/averagers/averager';
import { enumerateRuns } from '../src/engine/enumerate';
import { RandomStream } from '../src/engine/rng';
import { runSgd, SgdRunner, WASM_MIN_D, WASM_MIN_T, type SgdConfig, type StepKernel } from '../src/engine/sgd';
import { dotRow } from '../src/engine/vec';
import { LINEAR_STEP_WASM_BASE64 } from '../src/engine/wasm/linear-step-binary';
import { compileKernel, LinearStepKernel } from '../src/engine/wasm/linear-step';
import { DivergenceError, InvalidParameterError } from '../src/errors';
import { assembleKernel, kernelSource } from '../scripts/build-wasm';
import { genericOnly, leastSquares, propParams, sameBits } from './support/engine-fixtures';
import { configOf, runParams } from './support/engine-runs';

const AVERAGERS: AveragerSpec[] = [
  { kind: 'fwa', k: 3 },
  { kind: 'ema', gamma: 0.5 },
  { kind: 'swa', start: 1 },
];

/** Every w_t and g_t of a run (copies), and its result. */
function recorded(cfg: SgdConfig, seed: number, kernel: StepKernel) {
  const steps: Float64Array[] = [];
  const result = runSgd({ ...cfg, kernel }, { seed, observe: (_t, r) => steps.push(r.w.slice(), r.g.slice()) });
  return { steps, result };
}

/** The index of the first differing array, or −1. */
function firstDifference(a: Float64Array[], b: Float64Array[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (!a[i] || !b[i] || !sameBits(a[i], b[i])) return i;
  return -1;
}

describe('the WebAssembly kernel gives the bits of the JavaScript loops', () => {
  // d up to 13: every tail length d mod 4 with and without full blocks of four.
  test.prop([runParams({ maxD: 13, batch: false })], propParams(60))(
    'w_t and g_t at every step, the averages and w_T: bit for bit (projected and unprojected, every schedule)',
    (p) => {
      const cfg = configOf(p, AVERAGERS);
      const js = recorded(cfg, p.runSeed, 'js');
      const wasm = recorded(cfg, p.runSeed, 'wasm');
      expect(firstDifference(js.steps, wasm.steps), 'first differing w_t or g_t (index 2(t − 1) or +1)').toBe(-1);
      expect(sameBits(js.result.w, wasm.result.w)).toBe(true);
      js.result.averages.forEach((a, i) => expect(sameBits(a, wasm.result.averages[i])).toBe(true));
    },
  );

  test.prop([runParams({ maxD: 13, batch: false, maxT: 40 })], propParams(30))(
    'the same seed gives the same bits on the kernel, and the generic grad() path agrees with it',
    (p) => {
      const cfg = configOf(p, AVERAGERS);
      const a = recorded(cfg, p.runSeed, 'wasm');
      const b = recorded(cfg, p.runSeed, 'wasm');
      expect(firstDifference(a.steps, b.steps)).toBe(-1);
      const generic = runSgd({ ...cfg, objective: genericOnly(cfg.objective) }, { seed: p.runSeed });
      expect(sameBits(generic.w, a.result.w)).toBe(true);
      generic.averages.forEach((x, i) => expect(sameBits(x, a.result.averages[i])).toBe(true));
    },
  );

  test('enumeration: prefix sharing (copyFrom between kernels) and recomputation give the JavaScript bits at every leaf', () => {
    const cfg: SgdConfig = {
      objective: leastSquares({ n: 3, d: 9, seed: 5 }),
      T: 5,
      schedule: { kind: 'inv-sqrt-t', c: 0.05 },
      radius: 0.3,
      averagers: [{ kind: 'fwa', k: 2 }],
    };
    const leaves = (kernel: StepKernel, strategy: 'prefix' | 'recompute') => {
      const out: Float64Array[] = [];
      enumerateRuns({ ...cfg, kernel }, (r) => out.push(r.w.slice(), r.averagers[0].read().slice()), { strategy });
      return out;
    };
    const reference = leaves('js', 'prefix');
    expect(reference.length).toBe(2 * 3 ** 5);
    expect(firstDifference(reference, leaves('wasm', 'prefix'))).toBe(-1);
    expect(firstDifference(reference, leaves('wasm', 'recompute'))).toBe(-1);
  });

  test('a diverging run stops at the same step with the same DivergenceError on both kernels', () => {
    const cfg: SgdConfig = {
      objective: leastSquares({ n: 5, d: 7, seed: 7 }),
      T: 100_000,
      schedule: { kind: 'constant', alpha: 50 },
    };
    const failure = (kernel: StepKernel) => {
      try {
        runSgd({ ...cfg, kernel }, { seed: 2 });
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const js = failure('js');
    const wasm = failure('wasm');
    expect(js).toBeInstanceOf(DivergenceError);
    expect(wasm).toBeInstanceOf(DivergenceError);
    expect((wasm as DivergenceError).step).toBe((js as DivergenceError).step);
    expect((wasm as Error).message).toBe((js as Error).message);
  });
});

describe('the bit comparison has the power to catch a reordered sum', () => {
  test("on random rows the committed kernel gives dotRow's bits on every row; one adding its partial sums in another order does not", async () => {
    const source = kernelSource();
    const lane0 = '(local.set $s0 (f64x2.extract_lane 0 (local.get $lo)))';
    const finalSum = '(f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $lo)))';
    expect(source).toContain(lane0);
    expect(source).toContain(finalSum);
    // (s0 + s1) + tail instead of (s0 + tail) + s1: equal in exact arithmetic, not in Float64.
    const reordered = source
      .replace(
        lane0,
        '(local.set $s0 (f64x2.extract_lane 0 (f64x2.add (local.get $lo) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $lo) (local.get $lo)))))',
      )
      .replace(finalSum, '(local.get $s0)');
    const d = 7;
    const n = 500;
    const rng = RandomStream.fromSeed(3);
    const X = new Float64Array(n * d).map(() => rng.uniform(-1, 1));
    const w = new Float64Array(d).map(() => rng.uniform(-1, 1));
    const mismatches = (kernel: LinearStepKernel) => {
      kernel.w.set(w);
      let bad = 0;
      for (let i = 0; i < n; i++) if (!Object.is(kernel.dot(i * d), dotRow(X, i * d, w, d))) bad++;
      return bad;
    };
    expect(mismatches(new LinearStepKernel(X, d))).toBe(0);
    expect(mismatches(new LinearStepKernel(X, d, compileKernel(await assembleKernel(reordered))))).toBeGreaterThan(0);
  });
});

describe('the committed binary and the choice of kernel', () => {
  test('the committed binary is the assembly of the committed source (npm run build:wasm rebuilds it)', async () => {
    const rebuilt = Buffer.from(await assembleKernel()).toString('base64');
    expect(rebuilt === LINEAR_STEP_WASM_BASE64, 'run `npm run build:wasm` and commit the result').toBe(true);
  });

  const linear = (d: number) => leastSquares({ n: 4, d, seed: 1 });
  const kernelOf = (cfg: Partial<SgdConfig>) =>
    new SgdRunner({
      objective: linear(WASM_MIN_D),
      T: WASM_MIN_T,
      schedule: { kind: 'constant', alpha: 0.01 },
      ...cfg,
    }).kernel;

  test('default: wasm exactly when the step is fused, d ≥ WASM_MIN_D and T ≥ WASM_MIN_T', () => {
    expect(kernelOf({})).toBe('wasm');
    expect(kernelOf({ objective: linear(WASM_MIN_D - 1) })).toBe('js');
    expect(kernelOf({ T: WASM_MIN_T - 1 })).toBe('js');
    expect(kernelOf({ batch: 2 })).toBe('js');
    expect(kernelOf({ objective: genericOnly(linear(WASM_MIN_D)) })).toBe('js');
    expect(kernelOf({ kernel: 'js' })).toBe('js');
    expect(kernelOf({ objective: linear(1), T: 1, kernel: 'wasm' })).toBe('wasm');
  });

  test.each([
    [{ batch: 2, kernel: 'wasm' as const }, /batch = 2/],
    [{ objective: genericOnly(linear(3)), kernel: 'wasm' as const }, /no LinearGradient/],
    [{ kernel: 'simd' as unknown as StepKernel }, /'js' \| 'wasm'/],
  ])('an explicit kernel where it cannot run is an InvalidParameterError naming kernel (%#)', (cfg, expected) => {
    let err: unknown;
    try {
      kernelOf(cfg);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidParameterError);
    expect((err as InvalidParameterError).parameter).toBe('kernel');
    expect((err as InvalidParameterError).expected).toMatch(expected);
  });
});
