import type { AveragerChoice } from '../../engine/averagers/averager';
import { runCoupled, type CoupledConfig } from '../../engine/coupled';
import type { Objective } from '../../engine/objective';
import type { ScheduleSpec } from '../../engine/schedule';
import { dist } from '../../engine/vec';
import type { Instance } from '../../objectives/instance';
import { instanceOf } from '../instances';
import type { RunConfig, Trial } from '../../theory/check';
import { neighbourOf, tailStepWeights } from './schedules';

/**
 * One coupled replicate of the stability checks: SGD on S and on its neighbour S^(i*) with one index
 * stream, recording ‖w̄ − w̄′‖ and the loss differences at every test point.
 */

export interface CoupledSample {
  /** ‖w̄ − w̄′‖ */
  distance: number;
  /** |f(w̄; z) − f(w̄′; z)| at z_1..z_n of S, then at z′_{i*} of S′. */
  lossDiff: Float64Array;
  /** Σ_t Λ_t α_t 1[i_t = i*] */
  hitMass: number;
}

export interface CoupledSetup {
  instance: Instance;
  neighbour: Objective;
  differing: number;
  T: number;
  schedule: ScheduleSpec;
  averager: AveragerChoice;
  /** Λ_t α_t (tailStepWeights). */
  weights: Float64Array;
}

/**
 * The coupled run of a trial: its instance, neighbour and the run configuration `configure` derived,
 * so the engine runs exactly what the bound's scope names.
 */
export function coupledSetup(trial: Trial, run: RunConfig): CoupledSetup {
  const instance = instanceOf(trial.instance);
  const differing = run.differing ?? 0;
  return {
    instance,
    neighbour: neighbourOf(instance, differing),
    differing,
    T: run.T,
    schedule: run.schedule,
    averager: run.averager,
    weights: tailStepWeights(run.averager, run.schedule, run.T),
  };
}

/** The coupled pair's run configuration: one place for the sampled and the exact cells. */
export function coupledConfig(s: CoupledSetup): CoupledConfig {
  return {
    objective: s.instance.objective,
    neighbour: s.neighbour,
    differing: s.differing,
    T: s.T,
    schedule: s.schedule,
    radius: s.instance.constants.R,
    averagers: [s.averager],
  };
}

export function coupledSample(s: CoupledSetup, seed: number): CoupledSample {
  const obj = s.instance.objective;
  const r = runCoupled(coupledConfig(s), { seed });
  const u = r.a.averages[0];
  const v = r.b.averages[0];
  const n = obj.n;
  const lossDiff = new Float64Array(n + 1);
  for (let j = 0; j < n; j++) lossDiff[j] = Math.abs(obj.loss(u, j) - obj.loss(v, j));
  lossDiff[n] = Math.abs(s.neighbour.loss(u, s.differing) - s.neighbour.loss(v, s.differing));
  let hitMass = 0;
  for (const t of r.hitSteps) hitMass += s.weights[t];
  return { distance: dist(u, v), lossDiff, hitMass };
}

/** The test point with the largest mean loss difference, from the per-point means. */
export function worstTestPoint(means: ArrayLike<number>): { index: number; mean: number } {
  let best = { index: -1, mean: -Infinity };
  for (let j = 0; j < means.length; j++) if (means[j] > best.mean) best = { index: j, mean: means[j] };
  return best;
}

/** Running sums of the replicates' distances and loss differences, for the means a sampled cell reports. */
export class RunningMeans {
  private readonly sums: Float64Array;
  private count = 0;
  constructor(testPoints: number) {
    this.sums = new Float64Array(testPoints + 1);
  }
  add(x: CoupledSample): void {
    this.sums[0] += x.distance;
    for (let j = 0; j < x.lossDiff.length; j++) this.sums[j + 1] += x.lossDiff[j];
    this.count++;
  }
  /** Mean distance and the mean loss difference at each test point. */
  means(): { distance: number; lossDiff: Float64Array } {
    const c = Math.max(1, this.count);
    return { distance: this.sums[0] / c, lossDiff: this.sums.subarray(1).map((v) => v / c) };
  }
}

/** Samples before a sampled cell's first look; it then looks whenever the count doubles (src/stats/verdict.ts). */
export const FIRST_LOOK = 32;
