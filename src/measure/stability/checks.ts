import fc, { type Arbitrary } from 'fast-check';
import { averagerName, averagerWeights, tailMass, type AveragerChoice, type AveragerSpec } from '../engine/averaging';
import { runCoupled, type CoupledConfig } from '../engine/coupled';
import { empiricalRisk, type Objective } from '../engine/objective';
import { deriveSeed } from '../engine/rng';
import { stepSizes, type ScheduleSpec } from '../engine/schedule';
import { runSgd } from '../engine/sgd';
import { dist } from '../engine/vec';
import { InvalidParameterError } from '../errors';
import { buildInstance } from '../objectives';
import { instanceSpecArb, log2Grid, logInt } from '../objectives/arbitraries';
import type { Instance, InstanceSpec } from '../objectives/instance';
import { currentProfile, type Profile } from '../profile';
import { claimDelta } from '../stats/budget';
import { slack } from '../stats/tolerance';
import { exactOutcome, pathwiseOutcome, sequentialOutcome } from './outcome';
import type { CheckBuilder, Theorem } from '../theory/theorem';
import type { Scope } from '../theory/scope';
import { averagerArb, emaRateArb, seedArb, windowArb } from './arbitraries';
import { exactCoupled, exactDetail, exactGeneralization, exactHorizons, withExact } from './exact';
import { instanceOf } from './instances';
import { sgdConfigOf } from './trial';
import { type BoundFn, type RunConfig, type Trial, type TrialOutcome, type TrialSetup } from '../theory/check';

/**
 * How the stability theorems are measured (their values are in src/catalog/stability.ts, each naming
 * its check builder below; docs/theory/stability.md).
 *
 * Coupled runs (src/engine/coupled.ts): SGD on S and on its neighbour S^(i*) with ONE index stream,
 * the same schedule and averager. Per replicate we record ‖w̄ − w̄′‖ and |f(w̄; z) − f(w̄′; z)| at
 * every test point z ∈ {z_1..z_n of S} ∪ {z′_{i*} of S′} (so the differing examples are included).
 *   - convex bounds: measured L·E‖w̄ − w̄′‖, the quantity the proofs bound (it dominates every loss
 *     difference); the largest mean loss difference is reported beside it;
 *   - non-convex bounds with the t₀ argument: measured max_z E|f(w̄; z) − f(w̄′; z)| (the proof does not
 *     bound E‖w̄ − w̄′‖), one-sided test Bonferroni-split over the n + 1 test points;
 *   - G4 (non-convex, constant step, no t₀): measured L·E‖w̄ − w̄′‖, as its proof bounds;
 *   - the pathwise coupling bound: one coupled run, ‖w̄ − w̄′‖ against 2L Σ_t Λ_t α_t 1[i_t = i*];
 *   - generalization: fresh data sets from a known distribution, E[F(w̄) − F_S(w̄)] with the population
 *     risk the generator certifies, against the unified stability bound of the run.
 * Expectation claims are judged by src/stats/verdict.ts at the profile's per-claim δ: an exact trial
 * (trial.exact) enumerates every index path (and every data set on finitely many atoms) and is judged
 * with certainty (src/measure/exact.ts); a sampled one draws replicates until its confidence sequence
 * decides or its `replicates` are spent.
 */

// ---------------------------------------------------------------------------------------------
// Schedules, tail masses and scopes

/** α_t = c·t^(−p) as an engine schedule: p = 0 constant, 1/2 for c/√t, 1 for c/t. */
export function polynomialSchedule(c: number, p: number): ScheduleSpec {
  if (p === 0) return { kind: 'constant', alpha: c };
  if (p === 0.5) return { kind: 'inv-sqrt-t', c };
  if (p === 1) return { kind: 'inv-t', c };
  throw new InvalidParameterError('p', p, 'a step exponent the engine runs: 0, 0.5 or 1');
}

/** The schedule a stability trial's parameters name: a constant step `a`, or `c`·t^(−p). */
export function trialSchedule(params: Scope): ScheduleSpec {
  return 'a' in params ? polynomialSchedule(params.a, 0) : polynomialSchedule(params.c, params.p);
}

/** Λ_t α_t for t = 1..T (index t; [0] = 0): tail mass of the averager's weights times the step. */
export function tailStepWeights(averager: AveragerChoice, schedule: ScheduleSpec, T: number): Float64Array {
  const Lam = tailMass(averagerWeights(averager, T));
  const alpha = stepSizes(schedule, T);
  const out = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) out[t] = Lam[t] * alpha[t];
  return out;
}

/** Σ_i λ_i i^q over the averager's weights on w_0..w_T (w_0 carries no divergence: 0^q = 0). */
export function weightedPowerMean(averager: AveragerChoice, T: number, q: number): number {
  const lambda = averagerWeights(averager, T);
  let s = 0;
  for (let i = 1; i <= T; i++) s += lambda[i] * Math.pow(i, q);
  return s;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** The instance's certified constants a stability bound or hypothesis reads. */
export function instanceScope(inst: Instance): Scope {
  const c = inst.constants;
  const s: Scope = { n: c.n, L: c.L, beta: c.beta };
  if (c.lossRange) {
    s.lossMin = c.lossRange[0];
    s.lossMax = c.lossRange[1];
  }
  return s;
}

function neighbourOf(inst: Instance, i: number): Objective {
  if (!inst.neighbour)
    throw new InvalidParameterError(
      'instance.neighbour',
      inst.spec.generator,
      'a generator that builds neighbouring data sets S^(i)',
    );
  return inst.neighbour(i);
}

// ---------------------------------------------------------------------------------------------
// One coupled replicate

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
function coupledConfig(s: CoupledSetup): CoupledConfig {
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
function worstTestPoint(means: ArrayLike<number>): { index: number; mean: number } {
  let best = { index: -1, mean: -Infinity };
  for (let j = 0; j < means.length; j++) if (means[j] > best.mean) best = { index: j, mean: means[j] };
  return best;
}

/** Running sums of the replicates' distances and loss differences, for the means a sampled cell reports. */
class RunningMeans {
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
const FIRST_LOOK = 32;

// ---------------------------------------------------------------------------------------------
// Certified ranges of the per-replicate samples (the one-sided test needs them)

/** Upper end of a range, widened by the suite's float slack (a sample AT the range is legitimate). */
function upTo(x: number): number {
  return x + slack(x, x);
}

/**
 * Deterministic envelope of ‖w̄ − w̄′‖ from the expansiveness lemmas alone: u_t = η_t u_{t−1} + 2α_t L with
 * η_t = 1 (convex, α_t ≤ 2/β) or 1 + α_t β (smooth), averaged with the averager's weights; and ≤ 2R.
 */
export function distanceEnvelope(s: CoupledSetup, convex: boolean): number {
  const { L, beta, R } = s.instance.constants;
  const alpha = stepSizes(s.schedule, s.T);
  const w = averagerWeights(s.averager, s.T);
  let u = 0;
  let avg = 0;
  for (let t = 1; t <= s.T; t++) {
    u = (convex ? 1 : 1 + alpha[t] * beta) * u + 2 * alpha[t] * L;
    avg += w[t] * u;
  }
  return Math.min(avg, 2 * R);
}

// ---------------------------------------------------------------------------------------------
// Trial arbitraries

/** Small instances, so that many replicates stay cheap (d ≤ 4, n ≤ 12). */
const SMALL = { maxD: 4, maxN: 12 } as const;

/** Convex smooth instances with neighbours: the bound-attaining linear loss (a ball it never leaves) and GLMs. */
export function smoothConvexSpecArb(): Arbitrary<InstanceSpec> {
  return fc.oneof(
    instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 6, fixed: { R: 1024 } }),
    instanceSpecArb('convex-smooth', { ...SMALL, generators: ['logistic', 'least-squares', 'huber'] }),
  );
}

/** Non-convex smooth losses in [0, 1] with neighbours. */
export function nonconvexSpecArb(): Arbitrary<InstanceSpec> {
  return instanceSpecArb('nonconvex-smooth-bounded', { ...SMALL, generators: ['sigmoid', 'cauchy', 'tukey'] });
}

/** Largest step the convex hypotheses allow (2/β), capped for β = 0 so numbers stay readable. */
function convexStepCap(beta: number): number {
  return beta > 0 ? Math.min(2 / beta, 4) : 4;
}

/** A step ≤ cap, log-spread over three octaves below it (the cap itself included: the edge case). */
function stepBelow(cap: number): Arbitrary<number> {
  return log2Grid(-6, 0, 2).map((x) => cap * x);
}

interface Draw {
  params: Scope;
  /** Only for a family that draws a whole averager (ANY_AVERAGER). */
  averager?: AveragerSpec;
}

/**
 * How a check names the averager it measures. A family with parameters (FWA's window k, EMA's rate g)
 * keeps them in the trial's params alone, where the bound reads them, and `of` derives the averager
 * run from them: a sweep or a search that changes k changes the window run. Only the theorems that
 * quantify over averagers (G6, the pathwise coupling, generalization) carry a whole averager spec.
 */
export interface AveragerFamily {
  draw(T: number): Arbitrary<Draw>;
  of(trial: Trial): AveragerChoice;
}

/** A family named by the trial's params: a trial that also carries an averager spec is refused. */
function namedBy(make: (p: Scope) => AveragerChoice): (trial: Trial) => AveragerChoice {
  return (trial) => {
    if (trial.averager)
      throw new InvalidParameterError(
        'averager',
        JSON.stringify(trial.averager),
        `no averager field: ${trial.theorem} runs the averager its params name (${averagerName(make(trial.params))})`,
      );
    return make(trial.params);
  };
}

/** Exactly one averager, with no parameter to draw: an engine spec or a user's averager (CustomAverager). */
export function onlyAverager(choice: AveragerChoice): AveragerFamily {
  return { draw: () => fc.constant<Draw>({ params: {} }), of: namedBy(() => choice) };
}

export const LAST: AveragerFamily = onlyAverager({ kind: 'last' });
export const FWA_WINDOW: AveragerFamily = {
  draw: (T) => windowArb(T).map((k): Draw => ({ params: { k } })),
  of: namedBy((p) => ({ kind: 'fwa', k: p.k })),
};
export const EMA_RATE: AveragerFamily = {
  draw: () => emaRateArb(0, 12).map((g): Draw => ({ params: { g } })),
  of: namedBy((p) => ({ kind: 'ema', gamma: p.g })),
};
export const SWA_ALL: AveragerFamily = onlyAverager({ kind: 'swa', start: 1 });
export const ANY_AVERAGER: AveragerFamily = {
  draw: (T) => averagerArb(T).map((averager): Draw => ({ params: {}, averager })),
  of: (trial) => {
    if (!trial.averager)
      throw new InvalidParameterError(
        'averager',
        undefined,
        `an averager spec (${trial.theorem} quantifies over averagers)`,
      );
    return trial.averager;
  },
};

/**
 * Trials of one theorem: an instance spec, then parameters drawn knowing its certified constants, and
 * the differing example i* for a coupled run (generalization draws fresh data sets: it has none).
 */
function trialsOf(
  theorem: Theorem,
  specs: Arbitrary<InstanceSpec>,
  draw: (inst: Instance) => Arbitrary<Draw>,
  replicates: number,
  coupled = true,
): Arbitrary<Trial> {
  return specs.chain((spec) => {
    const inst = instanceOf(spec);
    return fc
      .tuple(draw(inst), seedArb, fc.integer({ min: 0, max: inst.constants.n - 1 }))
      .map(([d, seed, i]): Trial => ({
        theorem: theorem.id,
        instance: spec,
        params: { ...d.params, ...(coupled ? { i } : {}) },
        seed,
        replicates,
        ...(d.averager ? { averager: d.averager } : {}),
      }));
  });
}

/** The step exponents p of α_t = c·t^(−p) the engine runs. */
export const exponentP = fc.constantFrom(0, 0.5, 1);

/** Largest step of a convex trial at horizon T: the step rule α_t ≤ 2/β (HRS Lemma 3.6). */
type StepCap = (inst: Instance, T: number) => number;
const stepRule: StepCap = (inst) => convexStepCap(inst.constants.beta);

/** Horizons a draw may take on an instance (exact cells: few enough index paths to enumerate). */
type Horizons = (inst: Instance) => Arbitrary<number>;

/** Convex draws: a horizon, a step below the cap, the averager family's parameters (or spec). */
function convexDraw(
  steps: 'constant' | Arbitrary<number>,
  family: AveragerFamily,
  cap: StepCap = stepRule,
  horizons: Horizons = () => logInt(2, 40),
) {
  return (inst: Instance): Arbitrary<Draw> =>
    horizons(inst).chain((T) =>
      fc
        .record({
          step: stepBelow(cap(inst, T)),
          p: steps === 'constant' ? fc.constant(0) : steps,
          avg: family.draw(T),
        })
        .map(({ step, p, avg }): Draw => ({
          params: { T, ...(steps === 'constant' ? { a: step } : { c: step, p }), ...avg.params },
          ...(avg.averager ? { averager: avg.averager } : {}),
        })),
    );
}

/** Non-convex draws: steps c/t with q = βc on a grid (HRS 3.12 / G5), or a constant step (G4). */
const nonconvexDraws = {
  harmonic:
    (family: AveragerFamily, horizons: Horizons = () => logInt(2, 60)) =>
    (inst: Instance) =>
      horizons(inst).chain((T) =>
        fc.record({ q: log2Grid(-16, 4, 4), avg: family.draw(T) }).map(({ q, avg }): Draw => ({
          params: { T, c: q / inst.constants.beta, p: 1, ...avg.params },
          ...(avg.averager ? { averager: avg.averager } : {}),
        })),
      ),
  constant:
    (horizons: Horizons = () => logInt(2, 60)) =>
    (inst: Instance) =>
      horizons(inst).chain((T) =>
        fc.record({ x: log2Grid(-32, -8, 4), avg: FWA_WINDOW.draw(T) }).map(({ x, avg }): Draw => ({
          params: { T, a: x / inst.constants.beta, ...avg.params },
        })),
      ),
};

// ---------------------------------------------------------------------------------------------
// Runs: each measured check derives its run configuration and its bound's scope in one function
// (`configure`); the run executes that configuration only.

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
function stabilitySetup(
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
const lamOf = (run: RunConfig): Scope => ({ Lam: sum(tailStepWeights(run.averager, run.schedule, run.T)) });

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
function distanceRun(theorem: Theorem, trial: Trial, { run, scope }: TrialSetup, bound?: BoundFn): TrialOutcome {
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
function nonconvexRun(theorem: Theorem, trial: Trial, { run, scope }: TrialSetup, bound?: BoundFn): TrialOutcome {
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
const aqOf = (run: RunConfig, inst: Instance, trial: Trial): Scope => ({
  Aq: weightedPowerMean(run.averager, run.T, inst.constants.beta * trial.params.c),
});

/** The pathwise coupling bound: one coupled run, exact up to the shared tolerance. */
function pathwiseRun(theorem: Theorem, trial: Trial, { run, scope: pre }: TrialSetup, bound?: BoundFn): TrialOutcome {
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
function generalizationSetup(theorem: Theorem, stability: Theorem, trial: Trial): TrialSetup {
  return stabilitySetup(theorem, trial, ANY_AVERAGER, false, (run, inst) => {
    const scope0 = { ...instanceScope(inst), ...trial.params, ...lamOf(run) };
    return { ...lamOf(run), eps: stability.evaluate(scope0) };
  });
}

function generalizationRun(theorem: Theorem, trial: Trial, { run, scope }: TrialSetup, bound?: BoundFn): TrialOutcome {
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

// ---------------------------------------------------------------------------------------------
// The check builders (each theorem of src/catalog/stability.ts names one)

/** Parameter points of a stability relation: every symbol its sides read, k with k + 1 still a window. */
export function stabilityPoints(theorem: Theorem): Arbitrary<Scope> {
  const convex = theorem.classes.includes('linear');
  return fc
    .record({
      T: logInt(2, 5000),
      n: logInt(2, 10_000),
      L: log2Grid(-24, 24, 4),
      beta: log2Grid(-24, 24, 4),
      q: log2Grid(-24, 8, 4),
      p: exponentP,
      s: log2Grid(-32, 0, 4),
    })
    .chain((r) =>
      windowArb(r.T - 1).map((k): Scope => {
        // convex step rule α ≤ 2/β; the non-convex entries read c through q = βc
        // (for G4 a = q/(βT), so that ρ^T ≤ e^q stays finite)
        const c = convex ? (2 / r.beta) * r.s : r.q / r.beta;
        const a = convex ? c : r.q / (r.beta * r.T);
        return { T: r.T, k, n: r.n, L: r.L, beta: r.beta, a, c, p: r.p };
      }),
    );
}

/**
 * The replicate budget of a sampled convex cell. On the attaining linear instance the mean equals the bound
 * and no budget decides it (the exact cells do); elsewhere cells stop as soon as they are decided.
 */
const REPLICATES = 500;
/** The replicate budget of a sampled non-convex cell: loose bounds, decided within a few hundred usually. */
const NONCONVEX_REPLICATES = 2000;

/**
 * Generalization data: the linear loss, whose population risk is 0 in closed form (E z = 0), on balls
 * of radius 1/4..4, so that the certified loss range ±RL (what the one-sided test's width rests on)
 * is within a small factor of the gap.
 */
const generalizationSpecArb = () => instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 6 });
/** Steps with Σ_t α_t·L ≤ R: the runs reach the boundary of W at most at the end, where the gap is largest. */
const insideBall: StepCap = (inst, T) => Math.min(stepRule(inst, T), inst.constants.R / (inst.constants.L * T));
/**
 * The budget of a sampled generalization cell in ci (× √runsScale in other profiles): the gap is ~1/n of its
 * certified range, so deciding it can take thousands of replicates; a cell stops as soon as it is decided.
 */
const GENERALIZATION_REPLICATES = 4000;

/** The bound-attaining linear instance of the exact convex cells: n ≤ 4, a ball the runs never reach. */
const exactLinearSpecArb = () =>
  instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 4, fixed: { R: 1024 } });
/** Non-convex instances small enough to enumerate: n ≤ 3. */
const exactNonconvexSpecArb = () =>
  instanceSpecArb('nonconvex-smooth-bounded', { maxD: 3, maxN: 3, generators: ['sigmoid', 'cauchy', 'tukey'] });
/** Generalization on finitely many atoms (E over S exact): (2d)^n data sets, d ≤ 2, n ≤ 3. */
const exactGeneralizationSpecArb = () =>
  instanceSpecArb('linear', { generators: ['linear-atoms'], includeHard: true, maxD: 2, maxN: 3 });
const atomDataSets = (inst: Instance) => Math.pow(2 * inst.constants.d, inst.constants.n);

/** Runs (= expectation claims, see src/stats/budget.ts) per convex and per non-convex property in ci. */
const CONVEX_RUNS = 15;
const NONCONVEX_RUNS = 10;
const GENERALIZATION_RUNS = 10;

type Execute = (theorem: Theorem, trial: Trial, setup: TrialSetup, bound?: BoundFn) => TrialOutcome;

/** A check that runs the engine: `run` executes exactly what `configure` derived. */
function measuredCheck(
  numRuns: number,
  trials: (theorem: Theorem, profile: Profile) => Arbitrary<Trial>,
  configure: (theorem: Theorem, trial: Trial) => TrialSetup,
  execute: Execute,
): CheckBuilder {
  return (theorem) => ({
    numRuns,
    trials: (profile) => trials(theorem, profile),
    configure: (t) => configure(theorem, t),
    run: (t, b) => execute(theorem, t, configure(theorem, t), b),
  });
}

/** L·E‖w̄ − w̄′‖ on coupled convex smooth runs (the convex bounds), steps drawn by `steps`. */
export const convexCheck = (steps: 'constant' | Arbitrary<number>, family: AveragerFamily): CheckBuilder =>
  measuredCheck(
    CONVEX_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(theorem, smoothConvexSpecArb(), convexDraw(steps, family), REPLICATES),
        // the attaining instance, steps with Σ α_t L ≤ R: exact cells there are *attained*
        trialsOf(theorem, exactLinearSpecArb(), convexDraw(steps, family, insideBall, exactHorizons(profile)), 1),
      ),
    (theorem, t) => stabilitySetup(theorem, t, family, true, lamOf),
    distanceRun,
  );

/** max_z E|f(w̄; z) − f(w̄′; z)| on coupled non-convex runs: the bounds with the t₀ argument, steps c/t. */
export const nonconvexCheck = (family: AveragerFamily): CheckBuilder =>
  measuredCheck(
    NONCONVEX_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(theorem, nonconvexSpecArb(), nonconvexDraws.harmonic(family), NONCONVEX_REPLICATES),
        trialsOf(theorem, exactNonconvexSpecArb(), nonconvexDraws.harmonic(family, exactHorizons(profile)), 1),
      ),
    (theorem, t) => stabilitySetup(theorem, t, family, true, (run, inst) => aqOf(run, inst, t)),
    nonconvexRun,
  );

/** L·E‖w̄ − w̄′‖ on coupled non-convex runs with a constant step (G4, whose proof bounds the distance). */
export const nonconvexConstantStepCheck: CheckBuilder = measuredCheck(
  NONCONVEX_RUNS,
  (theorem, profile) =>
    withExact(
      trialsOf(theorem, nonconvexSpecArb(), nonconvexDraws.constant(), NONCONVEX_REPLICATES),
      trialsOf(theorem, exactNonconvexSpecArb(), nonconvexDraws.constant(exactHorizons(profile)), 1),
    ),
  (theorem, t) => stabilitySetup(theorem, t, FWA_WINDOW, true, lamOf),
  distanceRun,
);

/** One coupled pair per trial, ‖w̄ − w̄′‖ against 2L Σ_t Λ_t α_t 1[i_t = i*], pathwise. */
export const pathwiseCouplingCheck: CheckBuilder = measuredCheck(
  100,
  (theorem) => trialsOf(theorem, smoothConvexSpecArb(), convexDraw(exponentP, ANY_AVERAGER), 1),
  (theorem, t) => stabilitySetup(theorem, t, ANY_AVERAGER, true, () => ({})),
  pathwiseRun,
);

/** E[F(w̄) − F_S(w̄)] on fresh data sets against the value of `stability` (G6) for the run. */
export const generalizationCheck = (stability: Theorem): CheckBuilder =>
  measuredCheck(
    GENERALIZATION_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(
          theorem,
          generalizationSpecArb(),
          convexDraw(exponentP, ANY_AVERAGER, insideBall),
          Math.round(GENERALIZATION_REPLICATES * Math.sqrt(profile.runsScale)),
          false,
        ),
        trialsOf(
          theorem,
          exactGeneralizationSpecArb(),
          convexDraw(exponentP, ANY_AVERAGER, insideBall, exactHorizons(profile, atomDataSets)),
          1,
          false,
        ),
      ),
    (theorem, t) => generalizationSetup(theorem, stability, t),
    generalizationRun,
  );
