import { averagerWeights, tailMass } from '../engine/averaging';
import { runCoupled } from '../engine/coupled';
import { runSgd } from '../engine/sgd';
import { stepSizes, type ScheduleSpec } from '../engine/schedule';
import { dist } from '../engine/vec';
import { requireInteger } from '../validate';
import type { LineupEntry } from './lineup';
import type { Model } from './models/model';

export interface RunSpec {
  T: number;
  schedule: ScheduleSpec;
  /** W = ball of this radius (default: R^d). */
  radius?: number;
  lineup: LineupEntry[];
  /** Seed of the index stream (and of w_0 for the network). */
  seed: number;
}

/** Scores of one averaged point at one step. */
export interface Scores {
  trainLoss: number;
  trainAcc: number;
  testLoss: number;
  testAcc: number;
}

export interface TracePoint {
  t: number;
  /** Keyed by lineup entry key. */
  scores: Record<string, Scores>;
}

/** The engine configuration of a run spec on a model (everything but the objective). */
function engineConfig(model: Model, spec: RunSpec) {
  return {
    T: spec.T,
    schedule: spec.schedule,
    w0: model.init(spec.seed),
    ...(spec.radius !== undefined ? { radius: spec.radius } : {}),
    averagers: spec.lineup.map((e) => e.spec),
  };
}

/** `count` steps spread evenly over 1..T, always ending at T. */
export function checkpoints(T: number, count: number): number[] {
  requireInteger('checkpoints', count, 1);
  const out = new Set<number>();
  for (let j = 1; j <= count; j++) out.add(Math.max(1, Math.round((j * T) / count)));
  return [...out].sort((a, b) => a - b);
}

export function score(train: Model, test: Model, w: Float64Array): Scores {
  const a = train.evaluate(w);
  const b = test.evaluate(w);
  return { trainLoss: a.loss, trainAcc: a.accuracy, testLoss: b.loss, testAcc: b.accuracy };
}

/**
 * One SGD run on `train` with every averager of the lineup over the same trajectory, scored on
 * train and test at the given steps. Returns the trace and the final averaged points.
 */
export function tracedRun(
  train: Model,
  test: Model,
  spec: RunSpec,
  at: readonly number[],
): { trace: TracePoint[]; finals: Float64Array[] } {
  const trace: TracePoint[] = [];
  let next = 0;
  const res = runSgd(
    { ...engineConfig(train, spec), objective: train },
    {
      seed: spec.seed,
      observe: (t, runner) => {
        if (next >= at.length || t !== at[next]) return;
        next++;
        const scores: Record<string, Scores> = {};
        spec.lineup.forEach((e, j) => (scores[e.key] = score(train, test, runner.averagers[j].read())));
        trace.push({ t, scores });
      },
    },
  );
  return { trace, finals: res.averages };
}

/** Outcome of one coupled pair of runs on S and S^(i), per lineup entry. */
export interface CoupledOutcome {
  /** ‖w̄ − w̄′‖ per entry. */
  distance: number[];
  /** |f(w̄; z) − f(w̄′; z)| for every evaluation point z, per entry. */
  lossDiff: Float64Array[];
  /** Final averaged points on S, per entry. */
  finals: Float64Array[];
  /** Number of steps that drew the replaced example. */
  hits: number;
  /** Σ_t Λ_t α_t 1[i_t = i]: 2L times this is the pathwise convex coupling bound (docs/theory/stability.md). */
  hitMass: number[];
}

/**
 * Two runs sharing one index stream, on S (model `a`) and its neighbour S^(i) (model `b`), which
 * differ in example i only. Loss differences are taken on every row of `evalOn`.
 */
export function coupledRun(a: Model, b: Model, i: number, spec: RunSpec, evalOn: Model): CoupledOutcome {
  const res = runCoupled({ ...engineConfig(a, spec), objective: a, neighbour: b, differing: i }, { seed: spec.seed });
  const alpha = stepSizes(spec.schedule, spec.T);
  const distance: number[] = [];
  const lossDiff: Float64Array[] = [];
  const hitMass: number[] = [];
  spec.lineup.forEach((e, j) => {
    const wa = res.a.averages[j];
    const wb = res.b.averages[j];
    distance.push(dist(wa, wb));
    const diff = new Float64Array(evalOn.n);
    for (let z = 0; z < evalOn.n; z++) diff[z] = Math.abs(evalOn.loss(wa, z) - evalOn.loss(wb, z));
    lossDiff.push(diff);
    const lam = tailMass(averagerWeights(e.spec, spec.T));
    let m = 0;
    for (const t of res.hitSteps) m += lam[t] * alpha[t] * res.hits[t];
    hitMass.push(m);
  });
  return { distance, lossDiff, finals: res.a.averages, hits: res.hitSteps.length, hitMass };
}

/** Σ_t Λ_t α_t for an averager: the unified convex stability bound is (2L²/n) times this. */
export function tailWeightedSteps(entry: LineupEntry, schedule: ScheduleSpec, T: number): number {
  const alpha = stepSizes(schedule, T);
  const lam = tailMass(averagerWeights(entry.spec, T));
  let s = 0;
  for (let t = 1; t <= T; t++) s += lam[t] * alpha[t];
  return s;
}
