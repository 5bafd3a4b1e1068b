import { empiricalRisk } from '../../engine/objective';
import { deriveSeed } from '../../engine/rng';
import { runSgd } from '../../engine/sgd';
import { InvalidParameterError } from '../../errors';
import { buildInstance } from '../../objectives';
import type { Instance } from '../../objectives/instance';
import { currentProfile } from '../../profile';
import { claimDelta } from '../../stats/budget';
import { exactOutcome, pathwiseOutcome, sequentialOutcome } from '../outcome';
import type { Theorem } from '../../theory/theorem';
import type { Scope } from '../../theory/scope';
import { exactCoupled, exactDetail, exactGeneralization } from '../exact';
import { instanceOf } from '../instances';
import { sgdConfigOf } from '../trial';
import type { BoundFn, RunConfig, Trial, TrialOutcome, TrialSetup } from '../../theory/check';
import { ANY_AVERAGER, type AveragerFamily } from './trials';
import { FIRST_LOOK, RunningMeans, coupledConfig, coupledSample, coupledSetup, worstTestPoint } from './coupled';
import { distanceEnvelope, upTo } from './ranges';
import { instanceScope, sum, tailStepWeights, trialSchedule, indexMoment } from './schedules';

/**
 * Runs of the stability checks: each measured check derives its run configuration and its bound's
 * scope in one function (`configure`); the run executes that configuration only.
 */

/** What a stability trial runs: T updates of the trial's schedule on the instance, the family's averager. */
function runConfigOf(trial: Trial, inst: Instance, family: AveragerFamily, coupled: boolean): RunConfig {
  return {
    T: trial.params.T,
    n: inst.constants.n,
    schedule: trialSchedule(trial.params),
    averager: family.of(trial),
    ...(coupled ? { differing: trial.params.i } : {}),
  };
}

/**
 * A stability trial's setup: the run, and the scope = the instance's constants, the trial's params and
 * what the bound reads of the run's averager and steps (`derived`), checked against the hypotheses.
 */
export function stabilitySetup(
  theorem: Theorem,
  trial: Trial,
  family: AveragerFamily,
  coupled: boolean,
  derived: (run: RunConfig, inst: Instance) => Scope,
): TrialSetup {
  const inst = instanceOf(trial.instance);
  const run = runConfigOf(trial, inst, family, coupled);
  const scope = { ...instanceScope(inst), ...trial.params, ...derived(run, inst) };
  theorem.assertHypotheses(scope);
  return { run, scope };
}

/** Σ_t Λ_t α_t of the run: what G6 reads (the closed forms ignore it). */
export const lamOf = (run: RunConfig): Scope => ({ Lam: sum(tailStepWeights(run.averager, run.schedule, run.T)) });

function boundAt(theorem: Theorem, scope: Scope, bound?: BoundFn): number {
  theorem.assertHypotheses(scope);
  return bound ? bound(scope) : theorem.evaluate(scope);
}

/**
 * L·E‖w̄ − w̄′‖ against the bound: the convex bounds (G1–G3, G6, HRS 3.8, EMA, SWA) and G4. An exact
 * trial enumerates every index path; a sampled one draws replicates until its confidence sequence decides,
 * the sample range being the expansiveness envelope of the instance: 1-expansive steps if convex,
 * (1 + αβ) if not.
 */
export function distanceRun(theorem: Theorem, trial: Trial, { run, scope }: TrialSetup, bound?: BoundFn): TrialOutcome {
  const s = coupledSetup(trial, run);
  const { L, convex } = s.instance.constants;
  const b = boundAt(theorem, scope, bound);
  if (trial.exact) {
    const e = exactCoupled(coupledConfig(s));
    const worst = worstTestPoint(e.mean.subarray(1));
    return exactOutcome(L * e.mean[0], b, scope, exactDetail(e.paths), {
      maxMeanLossDiff: worst.mean,
      worstTestPoint: worst.index,
      paths: e.paths,
    });
  }
  const acc = new RunningMeans(s.instance.objective.n + 1);
  return sequentialOutcome(
    1,
    (r, out) => {
      const x = coupledSample(s, deriveSeed(trial.seed, r));
      acc.add(x);
      out[0] = L * x.distance;
    },
    b,
    scope,
    {
      range: [0, upTo(L * distanceEnvelope(s, convex))],
      delta: claimDelta(currentProfile()),
      first: FIRST_LOOK,
      max: trial.replicates,
    },
    () => {
      const worst = worstTestPoint(acc.means().lossDiff);
      return { maxMeanLossDiff: worst.mean, worstTestPoint: worst.index };
    },
  );
}

/** Non-convex coupled expectation with the t₀ argument: max_z E|f(w̄; z) − f(w̄′; z)|. */
export function nonconvexRun(
  theorem: Theorem,
  trial: Trial,
  { run, scope }: TrialSetup,
  bound?: BoundFn,
): TrialOutcome {
  const s = coupledSetup(trial, run);
  const { L, lossRange } = s.instance.constants;
  if (!lossRange)
    throw new InvalidParameterError('instance.lossRange', undefined, 'a certified loss range (non-convex stability)');
  const b = boundAt(theorem, scope, bound);
  const points = s.instance.objective.n + 1;
  if (trial.exact) {
    const e = exactCoupled(coupledConfig(s));
    const worst = worstTestPoint(e.mean.subarray(1));
    return exactOutcome(worst.mean, b, scope, exactDetail(e.paths), {
      LmeanDistance: L * e.mean[0],
      worstTestPoint: worst.index,
      testPoints: points,
      paths: e.paths,
    });
  }
  const acc = new RunningMeans(points);
  // sup over the test points: one confidence sequence per point, Bonferroni over them (sequentialOutcome)
  return sequentialOutcome(
    points,
    (r, out) => {
      const x = coupledSample(s, deriveSeed(trial.seed, r));
      acc.add(x);
      out.set(x.lossDiff);
    },
    b,
    scope,
    {
      range: [0, upTo(lossRange[1] - lossRange[0])],
      delta: claimDelta(currentProfile()),
      first: FIRST_LOOK,
      max: trial.replicates,
    },
    () => ({ LmeanDistance: L * acc.means().distance, testPoints: points }),
  );
}

/** Σ_i λ_i i^q of the run's averager with q = βc: what the unified non-convex bound reads. */
export const aqOf = (run: RunConfig, inst: Instance, trial: Trial): Scope => ({
  Aq: indexMoment(run.averager, run.T, inst.constants.beta * trial.params.c),
});

/** The pathwise coupling bound: one coupled run, exact up to the shared tolerance. */
export function pathwiseRun(
  theorem: Theorem,
  trial: Trial,
  { run, scope: pre }: TrialSetup,
  bound?: BoundFn,
): TrialOutcome {
  const s = coupledSetup(trial, run);
  const x = coupledSample(s, trial.seed);
  const scope = { ...pre, Lhit: x.hitMass };
  return pathwiseOutcome(x.distance, boundAt(theorem, scope, bound), scope, { hitMass: x.hitMass });
}

/**
 * Generalization (HRS Thm 2.2): replicate r draws a fresh data set (the instance's seed derived from
 * the trial seed and r) and one SGD run on it; the sample is F(w̄) − F_S(w̄) with the population risk
 * the generator certifies. The bound reads eps, the value of `stability` (the unified stability
 * bound G6) for the run's averager and steps.
 */
export function generalizationSetup(theorem: Theorem, stability: Theorem, trial: Trial): TrialSetup {
  return stabilitySetup(theorem, trial, ANY_AVERAGER, false, (run, inst) => {
    const scope0 = { ...instanceScope(inst), ...trial.params, ...lamOf(run) };
    return { ...lamOf(run), eps: stability.evaluate(scope0) };
  });
}

export function generalizationRun(
  theorem: Theorem,
  trial: Trial,
  { run, scope }: TrialSetup,
  bound?: BoundFn,
): TrialOutcome {
  const base = instanceOf(trial.instance);
  const { lossRange } = base.constants;
  if (!lossRange || !base.populationRisk) {
    throw new InvalidParameterError(
      'instance',
      trial.instance.generator,
      'a generator with a certified loss range and population risk',
    );
  }
  const b = boundAt(theorem, scope, bound);
  const runOn = (inst: Instance) => sgdConfigOf(run, inst.objective, inst.constants.R);
  if (trial.exact) {
    const e = exactGeneralization(base, runOn);
    return exactOutcome(e.gap, b, scope, exactDetail(e.paths, e.dataSets), { paths: e.paths, dataSets: e.dataSets });
  }
  // The sample is gap(w̄) − gap(w_0), gap(w) = F(w) − F_S(w): E_S gap(w_0) = 0 for the fixed start w_0 = 0,
  // so the mean is unchanged, while |gap(w̄) − gap(w_0)| ≤ 2L‖w̄ − w_0‖ ≤ 2L·L·Σ_t Λ_t α_t (each iterate moves
  // at most α_t L per step, projections onto W ∋ w_0 included): a range ~n times the bound instead of the
  // loss range, which is what lets the confidence sequence decide.
  const L = base.constants.L;
  const reach = upTo(2 * L * L * scope.Lam);
  const w0 = new Float64Array(base.constants.d);
  return sequentialOutcome(
    1,
    (r, out) => {
      // a fresh data set per replicate: not memoised, each is used once
      const inst = buildInstance({ ...trial.instance, seed: deriveSeed(trial.seed, r) });
      const risk = inst.populationRisk as (w: Float64Array) => number;
      const w = runSgd(runOn(inst), { seed: deriveSeed(trial.seed, r, 1) }).averages[0];
      out[0] = risk(w) - empiricalRisk(inst.objective, w) - (risk(w0) - empiricalRisk(inst.objective, w0));
    },
    b,
    scope,
    {
      range: [-reach, reach],
      delta: claimDelta(currentProfile()),
      first: FIRST_LOOK,
      max: trial.replicates,
    },
  );
}
