/**
 * Coupled runs (S and S^(i*) sharing one index stream) and traces. The coupling must be exactly two
 * independent-looking runs that happen to draw the same indices; the trace must record exactly what a
 * run that stores every iterate would compute at the chosen steps.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { AveragerSpec } from '../src/engine/averagers/averager';
import { runCoupled } from '../src/engine/coupled';
import { empiricalRisk } from '../src/engine/objective';
import { runSgd } from '../src/engine/sgd';
import { traceCoupled, traceSgd, traceSteps } from '../src/engine/trace';
import { dist, norm } from '../src/engine/vec';
import { currentProfile } from '../src/profile';
import { EPS, propParams, replaceExample, sameBits, type LeastSquares } from './support/engine-fixtures';
import { configOf, runParams } from './support/engine-runs';

const profile = currentProfile();
const AVG: AveragerSpec[] = [
  { kind: 'fwa', k: 4 },
  { kind: 'ema', gamma: 0.25 },
  { kind: 'lawa', k: 2, nu: 2 },
];

const coupledCase = fc
  .tuple(runParams({ maxT: 120 }), fc.nat(), fc.nat())
  .map(([p, i, s]) => ({ p, star: i % p.n, nbSeed: s }));

describe(`coupled runs and traces (profile ${profile.name}, seed ${profile.seed})`, () => {
  test.prop([coupledCase], propParams(40))(
    'each run of a coupled pair is bit for bit the plain run on its data set with the same seed; i* hits match the drawn indices',
    ({ p, star, nbSeed }) => {
      const cfg = configOf(p, AVG);
      const nb = replaceExample(cfg.objective as LeastSquares, star, nbSeed);
      const c = runCoupled(
        { ...cfg, neighbour: nb, differing: star },
        { seed: p.runSeed, recordIndices: true, recordDistance: true },
      );
      const a = runSgd(cfg, { seed: p.runSeed, recordIndices: true });
      const b = runSgd({ ...cfg, objective: nb }, { seed: p.runSeed });
      expect(sameBits(c.a.w, a.w)).toBe(true);
      expect(sameBits(c.b.w, b.w)).toBe(true);
      c.a.averages.forEach((x, i) => expect(sameBits(x, a.averages[i])).toBe(true));
      c.b.averages.forEach((x, i) => expect(sameBits(x, b.averages[i])).toBe(true));
      expect(c.indices).toEqual(a.indices);
      if (p.batch === 1) {
        const steps = [...(a.indices as Int32Array)].flatMap((idx, t) => (idx === star ? [t + 1] : []));
        expect([...c.hitSteps]).toEqual(steps);
        for (let t = 1; t <= p.T; t++) expect(c.hits[t]).toBe(steps.includes(t) ? 1 : 0);
      }
      const delta = c.delta as Float64Array;
      expect(delta[0]).toBe(0);
      expect(delta[p.T]).toBe(dist(c.a.w, c.b.w));
      // Before i* is first drawn the two runs see the same examples: δ_t = 0 exactly.
      const first = c.hitSteps.length > 0 ? c.hitSteps[0] : p.T + 1;
      for (let t = 0; t < first; t++) expect(delta[t]).toBe(0);
    },
  );

  /*
   * Hardt–Recht–Singer Lemma 3.7 [S]: for convex β-smooth f and α ≤ 2/β the gradient step is
   * 1-expansive, and so is the projection; at a step that does not draw i* both runs apply the same map,
   * so δ_t ≤ δ_{t−1}. Rounding: each run's step commits ≤ 3 roundings of relative size ε/2 on vectors
   * bounded by ‖w_t‖ + ‖α_t g_t‖, hence the slack 2·(‖w_t‖ + ‖w′_t‖ + ‖α g_t‖ + ‖α g′_t‖)·ε.
   */
  test.prop([coupledCase], propParams(40))(
    'same example drawn ⇒ δ_t ≤ δ_{t−1} (1-expansive convex steps, HRS Lemma 3.7)',
    ({ p, star, nbSeed }) => {
      const cfg = configOf(p, []);
      const nb = replaceExample(cfg.objective as LeastSquares, star, nbSeed);
      let prev = 0;
      runCoupled(
        { ...cfg, neighbour: nb, differing: star },
        {
          seed: p.runSeed,
          observe: (t, a, b, hits) => {
            const d = dist(a.w, b.w);
            const slack = 2 * EPS * (norm(a.w) + norm(b.w) + a.alpha[t] * (norm(a.g) + norm(b.g)));
            if (hits === 0 && d > prev + slack) throw new Error(`t = ${t}: δ_t = ${d} > δ_{t−1} = ${prev} + ${slack}`);
            prev = d;
          },
        },
      );
    },
  );

  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 40 }), fc.boolean()], propParams(100))(
    'log-spaced trace steps: sorted, unique, within [0, T], contain T (and 0 on request), at most points + 1',
    (T, points, includeZero) => {
      const s = [...traceSteps({ logSpaced: points, includeZero }, T)];
      expect(s).toEqual([...new Set(s)].sort((x, y) => x - y));
      expect(s[s.length - 1]).toBe(T);
      expect(s[0]).toBeGreaterThanOrEqual(0);
      expect(s.includes(0)).toBe(includeZero);
      expect(s.length).toBeLessThanOrEqual(points + 1 + (includeZero ? 1 : 0));
      if (points >= 2) expect(s.includes(1)).toBe(true);
    },
  );

  test.prop([runParams({ maxT: 100 }), fc.uniqueArray(fc.nat(), { maxLength: 6 })], propParams(30))(
    'traceSgd records F_S(w_t) and F_S(w̄_t) at the chosen steps, bit for bit what a full recording gives',
    (p, raw) => {
      const cfg = configOf(p, AVG);
      const at = raw.map((x) => x % (p.T + 1));
      const full: number[][] = [];
      const lossAll = (r: { w: Float64Array; averagers: { read(): Float64Array }[] }) => [
        empiricalRisk(cfg.objective, r.w),
        ...r.averagers.map((a) => empiricalRisk(cfg.objective, a.read())),
      ];
      runSgd(cfg, { seed: p.runSeed, start: (r) => full.push(lossAll(r)), observe: (_t, r) => full.push(lossAll(r)) });
      const { trace } = traceSgd(cfg, { seed: p.runSeed, at: { steps: at } });
      expect([...trace.steps]).toEqual([...new Set(at)].sort((x, y) => x - y));
      trace.steps.forEach((t, slot) => {
        expect(trace.loss?.[slot]).toBe(full[t][0]);
        AVG.forEach((_, i) => expect(trace.averagedLoss?.[i][slot]).toBe(full[t][1 + i]));
      });
    },
  );

  test.prop([coupledCase], propParams(30))(
    'traceCoupled distances equal the recorded δ_t, and at T the distance of the averaged points',
    ({ p, star, nbSeed }) => {
      const cfg = configOf(p, AVG);
      const nb = replaceExample(cfg.objective as LeastSquares, star, nbSeed);
      const { result, trace } = traceCoupled(
        { ...cfg, neighbour: nb, differing: star },
        { seed: p.runSeed, recordDistance: true, at: { logSpaced: 5, includeZero: true } },
      );
      trace.steps.forEach((t, slot) => expect(trace.distance?.[slot]).toBe(result.delta?.[t]));
      const last = trace.steps.length - 1;
      AVG.forEach((_, i) =>
        expect(trace.averagedDistance?.[i][last]).toBe(dist(result.a.averages[i], result.b.averages[i])),
      );
      expect(trace.loss?.[1][last]).toBe(empiricalRisk(nb, result.b.w));
    },
  );
});
