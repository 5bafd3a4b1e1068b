/**
 * Engine invariants: identities between averagers, the algebra lemmas L1/L2 of docs/theory/setting.md
 * §3.1 on unprojected SGD, invariance under f ↦ c·f with α ↦ α/c, and determinism. Each property states
 * what it checks; tolerances are forward error bounds stated beside them, never tuned to pass.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { AveragerSpec } from '../src/engine/averagers/averager';
import { averagerWeights } from '../src/engine/averaging';
import { RandomStream } from '../src/engine/rng';
import { stepSizes } from '../src/engine/schedule';
import { averagerArb } from '../src/measure/arbitraries';
import { runSgd, SgdRunner } from '../src/engine/sgd';
import { currentProfile } from '../src/profile';
import { EPS, fsum, genericOnly, propParams, sameBits } from './support/engine-fixtures';
import { configOf, runParams, type RunParams } from './support/engine-runs';

const profile = currentProfile();

/** Runs p with the given averagers and returns w_t and every averaged point after every step (copies). */
function recordRun(p: RunParams, averagers: AveragerSpec[], scale = 1) {
  const iterates: Float64Array[] = [];
  const averaged: Float64Array[][] = averagers.map(() => []);
  const grads: Float64Array[] = [];
  let alpha: Float64Array = new Float64Array(0);
  const result = runSgd(configOf(p, averagers, scale), {
    seed: p.runSeed,
    start: (r) => {
      alpha = r.alpha;
      iterates.push(r.w.slice());
      r.averagers.forEach((a, i) => averaged[i].push(a.read().slice()));
      grads.push(new Float64Array(r.d));
    },
    observe: (_t, r) => {
      iterates.push(r.w.slice());
      grads.push(r.g.slice());
      r.averagers.forEach((a, i) => averaged[i].push(a.read().slice()));
    },
  });
  return { result, iterates, averaged, grads, alpha };
}

function expectSameBitsEachStep(x: Float64Array[], y: Float64Array[], what: string) {
  expect(x.length).toBe(y.length);
  for (let t = 0; t < x.length; t++)
    if (!sameBits(x[t], y[t])) throw new Error(`${what}: bits differ at t = ${t}: ${x[t]} vs ${y[t]}`);
}

describe(`engine invariants (profile ${profile.name}, seed ${profile.seed})`, () => {
  test.prop([runParams()], propParams(60))(
    'FWA(k = 1) ≡ SGD last iterate bit for bit, at every step; averagers do not perturb the trajectory',
    (p) => {
      const r = recordRun(p, [
        { kind: 'fwa', k: 1 },
        { kind: 'fwa', k: 7 },
        { kind: 'ema', gamma: 0.3 },
      ]);
      expectSameBitsEachStep(r.averaged[0], r.iterates, 'FWA(1) vs w_t');
      const plain = runSgd(configOf(p, []), { seed: p.runSeed });
      expect(sameBits(plain.w, r.result.w)).toBe(true);
    },
  );

  test.prop([runParams({ batch: false })], propParams(40))(
    'fused linear-gradient path ≡ generic grad() path bit for bit (iterates, g_t, averages)',
    (p) => {
      const avg: AveragerSpec[] = [
        { kind: 'fwa', k: 3 },
        { kind: 'ema', gamma: 0.5 },
      ];
      const cfg = configOf(p, avg);
      const seen: Float64Array[] = [];
      const fused = runSgd(cfg, { seed: p.runSeed, observe: (_t, r) => seen.push(r.w.slice(), r.g.slice()) });
      let k = 0;
      const generic = runSgd(
        { ...cfg, objective: genericOnly(cfg.objective) },
        {
          seed: p.runSeed,
          observe: (t, r) => {
            if (!sameBits(seen[k++], r.w) || !sameBits(seen[k++], r.g))
              throw new Error(`w_t or g_t differ at t = ${t}`);
          },
        },
      );
      expect(sameBits(fused.w, generic.w)).toBe(true);
      fused.averages.forEach((a, i) => expect(sameBits(a, generic.averages[i])).toBe(true));
    },
  );

  test.prop([runParams(), fc.integer({ min: 0, max: 20 })], propParams(60))(
    'FWA(k ≥ T) ≡ uniform average of w_1..w_T: bit for bit with Polyak(t₀ = 0) and SWA(start 1), within (T + 2)ε·max|w| of the exact mean',
    (p, extra) => {
      const r = recordRun(p, [
        { kind: 'fwa', k: p.T + extra },
        { kind: 'polyak', t0: 0 },
        { kind: 'swa', start: 1 },
      ]);
      const [fwa, polyak, swa] = r.result.averages;
      expect(sameBits(fwa, polyak)).toBe(true);
      expect(sameBits(fwa, swa)).toBe(true);
      for (let j = 0; j < p.d; j++) {
        const col = r.iterates.slice(1).map((w) => w[j]);
        const exact = fsum(col) / p.T;
        const M = Math.max(...col.map(Math.abs));
        expect(Math.abs(fwa[j] - exact)).toBeLessThanOrEqual((p.T + 2) * EPS * M);
      }
    },
  );

  test.prop([runParams()], propParams(60))(
    'EMA(γ = 1) ≡ last iterate bit for bit, at every step (with and without timm warm-up)',
    (p) => {
      const r = recordRun(p, [
        { kind: 'ema', gamma: 1 },
        { kind: 'ema', gamma: 1, warmup: { warmupPower: 0.75 } },
      ]);
      expectSameBitsEachStep(r.averaged[0], r.iterates, 'EMA(1) vs w_t');
      expectSameBitsEachStep(r.averaged[1], r.iterates, 'EMA(1, warm-up) vs w_t');
    },
  );

  test.prop([runParams(), fc.integer({ min: 0, max: 5 })], propParams(60))(
    'explicit steps written out from a schedule (T of them, or more) ≡ that schedule bit for bit, at every step',
    (p, extra) => {
      const cfg = configOf(p, [{ kind: 'fwa', k: 3 }]);
      const steps = Array.from(stepSizes(cfg.schedule, p.T + extra).subarray(1, p.T + 1 + extra));
      // inv-sqrt-T's step depends on the horizon: written out for T, it is the T-step run's schedule.
      if (cfg.schedule.kind === 'inv-sqrt-T') steps.fill(stepSizes(cfg.schedule, p.T)[1]);
      const named: Float64Array[] = [];
      runSgd(cfg, { seed: p.runSeed, observe: (_t, r) => named.push(r.w.slice(), r.averagers[0].read().slice()) });
      const written: Float64Array[] = [];
      runSgd(
        { ...cfg, schedule: { kind: 'explicit', steps } },
        { seed: p.runSeed, observe: (_t, r) => written.push(r.w.slice(), r.averagers[0].read().slice()) },
      );
      expectSameBitsEachStep(written, named, 'explicit steps vs the schedule');
    },
  );

  test.prop([runParams()], propParams(60))(
    "explicit weights written out from any averager's weights(T) give its average to (2T + 4)ε·max|w|; before T, the weights' mean of the iterates so far",
    (p) => {
      const spec = fc.sample(averagerArb(p.T), { seed: p.runSeed, numRuns: 1 })[0];
      const weights = Array.from(averagerWeights(spec, p.T));
      const r = recordRun(p, [spec, { kind: 'explicit', weights }]);
      const [avg, written] = r.result.averages;
      // Both are convex combinations of the iterates: each rounding costs ≤ ε·max|w| (two per EMA step).
      const M = Math.max(...r.iterates.flatMap((w) => Array.from(w, Math.abs)));
      for (let j = 0; j < p.d; j++)
        expect(Math.abs(written[j] - avg[j]), `${JSON.stringify(spec)}, coordinate ${j}`).toBeLessThanOrEqual(
          (2 * p.T + 4) * EPS * M,
        );
      for (let t = 0; t < p.T; t++) {
        const mass = fsum(weights.slice(0, t + 1));
        for (let j = 0; j < p.d; j++) {
          const mean =
            mass === 0 ? r.iterates[t][j] : fsum(r.iterates.slice(0, t + 1).map((w, s) => weights[s] * w[j])) / mass;
          expect(Math.abs(r.averaged[1][t][j] - mean), `read after step ${t}`).toBeLessThanOrEqual((t + 4) * EPS * M);
        }
      }
    },
  );

  test.prop([runParams(), fc.integer({ min: 1, max: 40 })], propParams(60))(
    'LAWA(k, ν = 1) ≡ FWA(k) bit for bit, at every step',
    (p, k) => {
      const r = recordRun(p, [
        { kind: 'lawa', k, nu: 1 },
        { kind: 'fwa', k },
      ]);
      expectSameBitsEachStep(r.averaged[0], r.averaged[1], `LAWA(${k}, 1) vs FWA(${k})`);
    },
  );

  /*
   * L1 and L2 hold exactly in real arithmetic for unprojected SGD, with the recorded g_t. Forward error:
   * per coordinate every partial sum of w_0 − Σ α_t g_t is bounded by A = |w_0| + Σ|α_t g_t|; SGD commits
   * two roundings per step (ε·A together), so every computed w_t is within T·ε·A of the exact one, and so
   * is the mean of any k of them (the compensated window sum adds ≤ 2εA). The reference sums are exact
   * (fsum) over products c_t·α_t·g_t with ≤ 3 roundings each (3εA). Hence the tolerance (T + 6)·ε·A.
   */
  test.prop([runParams({ projected: false }), fc.integer({ min: 1, max: 60 })], propParams(60))(
    'L1 closed form: w̄_T = w_0 − Σ_t min{1, (T − t + 1)/k} α_t g_t without projection (docs/theory/setting.md#l1-closed-form)',
    (p, k) => {
      const { result, grads, alpha, iterates } = recordRun(p, [{ kind: 'fwa', k }]);
      const K = Math.min(k, p.T);
      for (let j = 0; j < p.d; j++) {
        const terms = [iterates[0][j]];
        let A = Math.abs(iterates[0][j]);
        for (let t = 1; t <= p.T; t++) {
          terms.push(-Math.min(1, (p.T - t + 1) / K) * alpha[t] * grads[t][j]);
          A += Math.abs(alpha[t] * grads[t][j]);
        }
        expect(Math.abs(result.averages[0][j] - fsum(terms))).toBeLessThanOrEqual((p.T + 6) * EPS * A);
      }
    },
  );

  /*
   * L2 compares two consecutive window means, each within (T + 6)εA of its exact value: tolerance twice
   * that. The digest states L2 "for t ≥ k"; the engine's FWA before the window fills averages w_1..w_t
   * (not w_0..w_{k−1}), so w̄_t − w̄_{t−1} = (w_t − w_{t−k})/k needs both windows full: t ≥ k + 1. At t = k
   * L2 holds with w̄_{k−1} read as (1/k)Σ_{i=0}^{k−1} w_i, which is checked too.
   */
  test.prop([runParams({ projected: false }), fc.integer({ min: 1, max: 30 })], propParams(60))(
    'L2 recursion: w̄_t = w̄_{t−1} − (1/k) Σ_{j=t−k+1..t} α_j g_j for t ≥ k + 1 (and t = k with the window w_0..w_{k−1})',
    (p, k) => {
      const { averaged, grads, alpha, iterates } = recordRun(p, [{ kind: 'fwa', k }]);
      const bar = averaged[0];
      for (let j = 0; j < p.d; j++) {
        let A = Math.abs(iterates[0][j]);
        for (let t = 1; t <= p.T; t++) A += Math.abs(alpha[t] * grads[t][j]);
        const tol = 2 * (p.T + 6) * EPS * A;
        for (let t = k; t <= p.T; t++) {
          const step = fsum(Array.from({ length: k }, (_, i) => alpha[t - i] * grads[t - i][j])) / k;
          const prev = t === k ? fsum(iterates.slice(0, k).map((w) => w[j])) / k : bar[t - 1][j];
          expect(Math.abs(bar[t][j] - (prev - step))).toBeLessThanOrEqual(tol);
        }
      }
    },
  );

  /*
   * f ↦ c·f with α ↦ α/c: the products (α/c)·(c·g) round differently from α·g unless c is a power of two,
   * so exact bits are expected only for c = 2^m. Otherwise each step of each run commits ≤ 4 roundings of
   * relative size ε/2 on vectors bounded by M = max_t(‖w_t‖ + ‖α_t g_t‖); every step (α_t·β ≤ 1) and the
   * projection are non-expansive, so differences never grow: ‖Δ_t‖ ≤ 4·t·ε·M for iterates and averages.
   */
  test.prop(
    [runParams(), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.integer({ min: -4, max: 4 })],
    propParams(60),
  )('rescaling f → c·f with α → α/c leaves iterates and averages unchanged (bit for bit when c = 2^m)', (p, c, m) => {
    const avg: AveragerSpec[] = [
      { kind: 'fwa', k: 5 },
      { kind: 'ema', gamma: 0.2 },
      { kind: 'suffix', alpha: 0.5 },
    ];
    const base = recordRun(p, avg);
    const pow2 = runSgd(configOf(p, avg, 2 ** m), { seed: p.runSeed });
    expect(sameBits(pow2.w, base.result.w)).toBe(true);
    pow2.averages.forEach((a, i) => expect(sameBits(a, base.result.averages[i])).toBe(true));
    const scaled = runSgd(configOf(p, avg, c), { seed: p.runSeed });
    let M = 0;
    for (let t = 0; t <= p.T; t++) {
      let w2 = 0;
      let s2 = 0;
      for (let j = 0; j < p.d; j++) {
        w2 += base.iterates[t][j] ** 2;
        s2 += (base.alpha[t] * base.grads[t][j]) ** 2;
      }
      M = Math.max(M, Math.sqrt(w2) + Math.sqrt(s2));
    }
    const tol = 4 * p.T * EPS * M;
    const gap = (x: Float64Array, y: Float64Array) => Math.sqrt(x.reduce((s, v, j) => s + (v - y[j]) ** 2, 0));
    expect(gap(scaled.w, base.result.w)).toBeLessThanOrEqual(tol);
    scaled.averages.forEach((a, i) => expect(gap(a, base.result.averages[i])).toBeLessThanOrEqual(tol));
  });

  test.prop([runParams({ maxT: 80 }).filter((p) => p.n >= 20 && p.T >= 20), fc.nat()], propParams(30))(
    'determinism: the same seed gives the same bits (iterates, averages, indices); a different seed gives a different run',
    (p, other) => {
      const avg: AveragerSpec[] = [
        { kind: 'fwa', k: 4 },
        { kind: 'lawa', k: 2, nu: 3, mode: 'block' },
        { kind: 'ema', gamma: 0.1, warmup: {} },
        { kind: 'polyak', t0: 5 },
      ];
      const a = runSgd(configOf(p, avg), { seed: p.runSeed, recordIndices: true });
      const b = runSgd(configOf(p, avg), { seed: p.runSeed, recordIndices: true });
      expect(sameBits(a.w, b.w)).toBe(true);
      a.averages.forEach((x, i) => expect(sameBits(x, b.averages[i])).toBe(true));
      expect(a.indices).toEqual(b.indices);
      // n ≥ 20 and T ≥ 20: two seeds draw the same index sequence with probability ≤ 20^−20.
      const seed2 = other === p.runSeed ? other + 1 : other;
      const c = runSgd(configOf(p, avg), { seed: seed2, recordIndices: true });
      expect(c.indices).not.toEqual(a.indices);
    },
  );

  test.prop([runParams({ maxT: 3000 }), fc.nat()], propParams(10))(
    'a RandomStream passed as the seed is advanced by exactly b·T draws (indices drawn in chunks or per step)',
    (p, s) => {
      const stream = RandomStream.fromSeed(s);
      const r = runSgd(configOf(p, []), { seed: stream, recordIndices: true });
      const ref = RandomStream.fromSeed(s);
      const first: number[] = [];
      for (let q = 0; q < p.batch * p.T; q++) {
        const i = ref.index(p.n);
        if (q % p.batch === 0) first.push(i);
      }
      expect([...(r.indices as Int32Array)]).toEqual(first);
      expect(stream.index(1 << 30)).toBe(ref.index(1 << 30));
    },
  );

  test('the runner exposes α_t at index t, α_0 = 0 (the index convention of src/engine/convention.ts)', () => {
    const p: RunParams = {
      n: 3,
      d: 2,
      T: 4,
      dataSeed: 1,
      runSeed: 2,
      c0: 0.5,
      schedule: 'inv-t',
      radius: Infinity,
      batch: 1,
      w0frac: 0.5,
    };
    const r = new SgdRunner(configOf(p, []));
    expect([...r.alpha]).toEqual([0, 0.25, 0.25 / 2, 0.25 / 3, 0.25 / 4]);
  });
});
