import fc, { type Arbitrary } from 'fast-check';
import { averagerWeights, tailMass, type AveragerSpec } from '../engine/averaging';
import { runCoupled } from '../engine/coupled';
import { empiricalRisk, type Objective } from '../engine/objective';
import { deriveSeed } from '../engine/rng';
import { stepSizes, type ScheduleSpec } from '../engine/schedule';
import { runSgd } from '../engine/sgd';
import { dist } from '../engine/vec';
import { InvalidParameterError } from '../errors';
import { buildInstance } from '../objectives';
import { instanceSpecArb } from '../objectives/arbitraries';
import type { Instance, InstanceSpec } from '../objectives/instance';
import { currentProfile } from '../profile';
import { claimDelta } from '../stats/budget';
import { slack } from '../stats/tolerance';
import { equalityOutcome, expectationOutcome, pathwiseOutcome } from '../stats/verdict';
import { sideScope } from '../theory/convergence';
import { getTheorem } from '../theory/registry';
import { stabilityRelations } from '../theory/stability';
import type { Scope } from '../theory/theorem';
import { logInt, logScale, windowArb } from './convergence';
import type { BoundFn, TheoremCheck, Trial, TrialOutcome } from './trial';

/**
 * How each stability theorem is measured (src/theory/stability.ts; fwa-theory.md §3.3–§3.4, §4.3).
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
 * Expectation claims use the shared one-sided test (src/stats/verdict.ts) at the profile's per-claim δ.
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

/** The schedule a trial's parameters name: a constant step `a`, or `c`·t^(−p). */
export function scheduleOf(params: Scope): ScheduleSpec {
  return 'a' in params ? polynomialSchedule(params.a, 0) : polynomialSchedule(params.c, params.p);
}

/** Λ_t α_t for t = 1..T (index t; [0] = 0): tail mass of the averager's weights times the step. */
export function tailStepWeights(averager: AveragerSpec, schedule: ScheduleSpec, T: number): Float64Array {
  const Lam = tailMass(averagerWeights(averager, T));
  const alpha = stepSizes(schedule, T);
  const out = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) out[t] = Lam[t] * alpha[t];
  return out;
}

/** Σ_i λ_i i^q over the averager's weights on w_0..w_T (w_0 carries no divergence: 0^q = 0). */
export function weightedPowerMean(averager: AveragerSpec, T: number, q: number): number {
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

/** Builds are deterministic; the arbitraries and the runs rebuild the same few specs, so keep a few. */
const built = new Map<string, Instance>();
export function instanceOf(spec: InstanceSpec): Instance {
  const key = JSON.stringify(spec);
  let inst = built.get(key);
  if (!inst) {
    inst = buildInstance(spec);
    if (built.size >= 32) built.delete(built.keys().next().value as string);
    built.set(key, inst);
  }
  return inst;
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
  averager: AveragerSpec;
  /** Λ_t α_t (tailStepWeights). */
  weights: Float64Array;
}

export function coupledSetup(trial: Trial): CoupledSetup {
  const instance = instanceOf(trial.instance);
  const averager = trial.averager ?? { kind: 'last' };
  const schedule = scheduleOf(trial.params);
  const T = trial.params.T;
  return {
    instance,
    neighbour: neighbourOf(instance, trial.params.i),
    differing: trial.params.i,
    T,
    schedule,
    averager,
    weights: tailStepWeights(averager, schedule, T),
  };
}

export function coupledSample(s: CoupledSetup, seed: number): CoupledSample {
  const obj = s.instance.objective;
  const r = runCoupled(
    {
      objective: obj,
      neighbour: s.neighbour,
      differing: s.differing,
      T: s.T,
      schedule: s.schedule,
      radius: s.instance.constants.R,
      averagers: [s.averager],
    },
    { seed },
  );
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

function coupledSamples(s: CoupledSetup, trial: Trial): CoupledSample[] {
  const out: CoupledSample[] = [];
  for (let r = 0; r < trial.replicates; r++) out.push(coupledSample(s, deriveSeed(trial.seed, r)));
  return out;
}

/** Column j of the loss differences, and the column with the largest mean. */
function worstTestPoint(samples: CoupledSample[]): { column: Float64Array; index: number; mean: number } {
  const m = samples[0].lossDiff.length;
  let best = { column: new Float64Array(0), index: -1, mean: -Infinity };
  for (let j = 0; j < m; j++) {
    const column = Float64Array.from(samples, (s) => s.lossDiff[j]);
    const mean = sum(column) / column.length;
    if (mean > best.mean) best = { column, index: j, mean };
  }
  return best;
}

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

/** Trial seeds: printable integers. */
const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

/** Small instances, so that many replicates stay cheap (d ≤ 4, n ≤ 12). */
const SMALL = { maxD: 4, maxN: 12 } as const;

/** Convex smooth instances with neighbours: the bound-attaining linear loss (a ball it never leaves) and GLMs. */
export function convexSpecArb(): Arbitrary<InstanceSpec> {
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
  return fc.integer({ min: 0, max: 6 }).map((e) => cap * 2 ** (-e / 2));
}

/** Every averager kind of the engine, with parameters valid for horizon T. */
export function averagerArb(T: number): Arbitrary<AveragerSpec> {
  return fc.oneof(
    fc.constant<AveragerSpec>({ kind: 'last' }),
    windowArb(T).map((k): AveragerSpec => ({ kind: 'fwa', k })),
    fc
      .record({
        nu: fc.integer({ min: 1, max: Math.min(4, T) }),
        mode: fc.constantFrom<'sliding' | 'block'>('sliding', 'block'),
      })
      // block mode needs one complete block of k checkpoints: k·ν ≤ T
      .chain(({ nu, mode }) =>
        fc
          .integer({ min: 1, max: mode === 'block' ? Math.min(4, Math.floor(T / nu)) : 4 })
          .map((k): AveragerSpec => ({ kind: 'lawa', k, nu, mode })),
      ),
    fc
      .record({ start: fc.integer({ min: 1, max: T }), every: fc.integer({ min: 1, max: 3 }) })
      .map((p): AveragerSpec => ({ kind: 'swa', ...p })),
    fc.integer({ min: 1, max: 16 }).map((e): AveragerSpec => ({ kind: 'ema', gamma: 2 ** (-e / 2) })),
    fc.integer({ min: 1, max: 16 }).map((e): AveragerSpec => ({ kind: 'ema', gamma: 2 ** (-e / 2), warmup: {} })),
    fc.integer({ min: 0, max: T - 1 }).map((t0): AveragerSpec => ({ kind: 'polyak', t0 })),
    fc.integer({ min: 1, max: 8 }).map((j): AveragerSpec => ({ kind: 'suffix', alpha: j / 8 })),
  );
}

interface Draw {
  params: Scope;
  averager: AveragerSpec;
}

/** Trials of one theorem: an instance spec, then parameters drawn knowing its certified constants. */
function trialsOf(
  id: string,
  specs: Arbitrary<InstanceSpec>,
  draw: (inst: Instance) => Arbitrary<Draw>,
  replicates: number,
): Arbitrary<Trial> {
  return specs.chain((spec) => {
    const inst = instanceOf(spec);
    return fc
      .tuple(draw(inst), seedArb, fc.integer({ min: 0, max: inst.constants.n - 1 }))
      .map(([d, seed, i]): Trial => ({
        theorem: id,
        instance: spec,
        params: { ...d.params, i },
        seed,
        replicates,
        averager: d.averager,
      }));
  });
}

const horizon = (lo: number, hi: number) => logInt(lo, hi);
const exponentP = fc.constantFrom(0, 0.5, 1);

/** Largest step of a convex trial at horizon T: the step rule α_t ≤ 2/β (HRS Lemma 3.6). */
type StepCap = (inst: Instance, T: number) => number;
const stepRule: StepCap = (inst) => convexStepCap(inst.constants.beta);

/** Convex draws: a horizon, a step below the cap, an averager (its k or γ copied into the scope). */
function convexDraw(
  steps: 'constant' | Arbitrary<number>,
  avg: (T: number) => Arbitrary<AveragerSpec>,
  cap: StepCap = stepRule,
) {
  return (inst: Instance): Arbitrary<Draw> =>
    horizon(2, 40).chain((T) =>
      fc
        .record({ step: stepBelow(cap(inst, T)), p: steps === 'constant' ? fc.constant(0) : steps, averager: avg(T) })
        .map(({ step, p, averager }): Draw => ({
          params: {
            T,
            ...(steps === 'constant' ? { a: step } : { c: step, p }),
            ...(averager.kind === 'fwa' ? { k: averager.k } : {}),
            ...(averager.kind === 'ema' ? { g: averager.gamma } : {}),
          },
          averager,
        })),
    );
}

const lastOnly = () => fc.constant<AveragerSpec>({ kind: 'last' });
const fwaWindow = (T: number) => windowArb(T).map((k): AveragerSpec => ({ kind: 'fwa', k }));
const emaRates = () =>
  fc.integer({ min: 0, max: 12 }).map((e): AveragerSpec => ({ kind: 'ema', gamma: 2 ** (-e / 2) }));
const swaAll = () => fc.constant<AveragerSpec>({ kind: 'swa', start: 1 });

/** Non-convex draws: steps c/t with q = βc on a grid (HRS 3.12 / G5), or a constant step (G4). */
const nonconvexDraws = {
  harmonic: (avg: (T: number) => Arbitrary<AveragerSpec>) => (inst: Instance) =>
    horizon(2, 60).chain((T) =>
      fc.record({ q: logScale(-4, 1), averager: avg(T) }).map(({ q, averager }): Draw => ({
        params: { T, c: q / inst.constants.beta, p: 1, ...(averager.kind === 'fwa' ? { k: averager.k } : {}) },
        averager,
      })),
    ),
  constant: (inst: Instance) =>
    horizon(2, 60).chain((T) =>
      fc.record({ x: logScale(-8, -2), averager: fwaWindow(T) }).map(({ x, averager }): Draw => ({
        params: { T, a: x / inst.constants.beta, k: (averager as { k: number }).k },
        averager,
      })),
    ),
};

// ---------------------------------------------------------------------------------------------
// Runs

function scopeOf(trial: Trial, inst: Instance, derived: Scope = {}): Scope {
  return { ...instanceScope(inst), ...trial.params, ...derived };
}

function boundAt(id: string, scope: Scope, bound?: BoundFn): number {
  const t = getTheorem(id);
  t.assertHypotheses(scope);
  return bound ? bound(scope) : t.evaluate(scope);
}

/**
 * L·E‖w̄ − w̄′‖ against the bound: the convex bounds (G1–G3, G6, HRS 3.8, EMA, SWA) and G4. The sample
 * range is the expansiveness envelope of the instance: 1-expansive steps if convex, (1 + αβ) if not.
 */
function distanceRun(trial: Trial, bound?: BoundFn): TrialOutcome {
  const s = coupledSetup(trial);
  const { L, convex } = s.instance.constants;
  const scope = scopeOf(trial, s.instance, { Lam: sum(s.weights) });
  const b = boundAt(trial.theorem, scope, bound);
  const samples = coupledSamples(s, trial);
  const worst = worstTestPoint(samples);
  return expectationOutcome(
    samples.map((x) => L * x.distance),
    b,
    scope,
    { range: [0, upTo(L * distanceEnvelope(s, convex))], delta: claimDelta(currentProfile()) },
    { maxMeanLossDiff: worst.mean, worstTestPoint: worst.index },
  );
}

/** Non-convex coupled expectation with the t₀ argument: max_z E|f(w̄; z) − f(w̄′; z)|. */
function nonconvexRun(trial: Trial, bound?: BoundFn): TrialOutcome {
  const s = coupledSetup(trial);
  const { L, lossRange } = s.instance.constants;
  if (!lossRange)
    throw new InvalidParameterError('instance.lossRange', undefined, 'a certified loss range (non-convex stability)');
  const scope = scopeOf(trial, s.instance, {
    Aq: weightedPowerMean(s.averager, s.T, s.instance.constants.beta * trial.params.c),
  });
  const b = boundAt(trial.theorem, scope, bound);
  const samples = coupledSamples(s, trial);
  const worst = worstTestPoint(samples);
  const points = samples[0].lossDiff.length;
  return expectationOutcome(
    worst.column,
    b,
    scope,
    // the worst test point is chosen after looking: Bonferroni over all of them keeps δ per claim
    { range: [0, upTo(lossRange[1] - lossRange[0])], delta: claimDelta(currentProfile()) / points },
    {
      LmeanDistance: (L * sum(Float64Array.from(samples, (x) => x.distance))) / samples.length,
      worstTestPoint: worst.index,
      testPoints: points,
    },
  );
}

/** The pathwise coupling bound: one coupled run, exact up to the shared tolerance. */
function pathwiseRun(trial: Trial, bound?: BoundFn): TrialOutcome {
  const s = coupledSetup(trial);
  const x = coupledSample(s, trial.seed);
  const scope = scopeOf(trial, s.instance, { Lhit: x.hitMass });
  return pathwiseOutcome(x.distance, boundAt(trial.theorem, scope, bound), scope, { hitMass: x.hitMass });
}

/**
 * Generalization (HRS Thm 2.2): replicate r draws a fresh data set (the instance's seed derived from
 * the trial seed and r) and one SGD run on it; the sample is F(w̄) − F_S(w̄) with the population risk
 * the generator certifies. The bound is the unified stability bound (G6) of the run's averager and
 * steps, evaluated by the registry.
 */
function generalizationRun(trial: Trial, bound?: BoundFn): TrialOutcome {
  const base = instanceOf(trial.instance);
  const { lossRange } = base.constants;
  if (!lossRange || !base.populationRisk) {
    throw new InvalidParameterError(
      'instance',
      trial.instance.generator,
      'a generator with a certified loss range and population risk',
    );
  }
  const averager = trial.averager ?? { kind: 'last' };
  const schedule = scheduleOf(trial.params);
  const weights = tailStepWeights(averager, schedule, trial.params.T);
  const scope0 = scopeOf(trial, base, { Lam: sum(weights) });
  const eps = getTheorem('fwa-stability-unified-convex').evaluate(scope0);
  const scope = { ...scope0, eps };
  const b = boundAt(trial.theorem, scope, bound);
  const gaps = new Float64Array(trial.replicates);
  for (let r = 0; r < trial.replicates; r++) {
    // a fresh data set per replicate: not memoised, each is used once
    const inst = buildInstance({ ...trial.instance, seed: deriveSeed(trial.seed, r) });
    const run = runSgd(
      { objective: inst.objective, T: trial.params.T, schedule, radius: inst.constants.R, averagers: [averager] },
      { seed: deriveSeed(trial.seed, r, 1) },
    );
    const w = run.averages[0];
    gaps[r] = (inst.populationRisk as (w: Float64Array) => number)(w) - empiricalRisk(inst.objective, w);
  }
  const width = lossRange[1] - lossRange[0];
  return expectationOutcome(gaps, b, scope, {
    range: [-upTo(width), upTo(width)],
    delta: claimDelta(currentProfile()),
  });
}

/** Orderings and ratio identities between registry bounds (no engine). */
function relationRun(trial: Trial, bound?: BoundFn): TrialOutcome {
  const rel = stabilityRelations[trial.theorem];
  const scope = trial.params;
  const lhs = getTheorem(rel.lhs.theorem).evaluate(sideScope(rel.lhs, scope));
  const rhs = getTheorem(rel.rhs.theorem).evaluate(sideScope(rel.rhs, scope));
  if (rel.relation === 'ordering')
    return pathwiseOutcome(lhs, boundAt(trial.theorem, { ...scope, B: rhs }, bound), scope);
  return equalityOutcome(lhs / rhs, boundAt(trial.theorem, scope, bound), scope);
}

// ---------------------------------------------------------------------------------------------
// The checks

const NO_INSTANCE: InstanceSpec = { generator: 'none', params: {}, seed: 0 };

/** Parameter points of a relation: every symbol its sides read, k with k + 1 still a window. */
function relationTrials(id: string): Arbitrary<Trial> {
  const convex = getTheorem(id).classes.includes('linear');
  return fc
    .record({
      T: logInt(2, 5000),
      n: logInt(2, 10_000),
      L: logScale(-6, 6),
      beta: logScale(-6, 6),
      q: logScale(-6, 2),
      p: exponentP,
      s: logScale(-8, 0),
    })
    .chain((r) =>
      windowArb(r.T - 1).map((k): Trial => {
        // convex step rule α ≤ 2/β; the non-convex entries read c through q = βc
        // (for G4 a = q/(βT), so that ρ^T ≤ e^q stays finite)
        const c = convex ? (2 / r.beta) * r.s : r.q / r.beta;
        const a = convex ? c : r.q / (r.beta * r.T);
        const params: Scope = { T: r.T, k, n: r.n, L: r.L, beta: r.beta, a, c, p: r.p };
        return { theorem: id, instance: NO_INSTANCE, params, seed: 0, replicates: 1 };
      }),
    );
}

function check(
  theorem: string,
  numRuns: number,
  trials: () => Arbitrary<Trial>,
  run: (t: Trial, b?: BoundFn) => TrialOutcome,
): TheoremCheck {
  return { theorem, numRuns, trials, run };
}

/** Replicates of an expectation trial: enough that the bound-attaining instance sits within ~10 % of its LCB. */
const REPLICATES = 500;

/**
 * Generalization data: the linear loss, whose population risk is 0 in closed form (E z = 0), on balls
 * of radius 1/4..4, so that the certified loss range ±RL (what the one-sided test's width rests on)
 * is within a small factor of the gap.
 */
const generalizationSpecArb = () => instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 6 });
/** Steps with Σ_t α_t·L ≤ R: the runs reach the boundary of W at most at the end, where the gap is largest. */
const insideBall: StepCap = (inst, T) => Math.min(stepRule(inst, T), inst.constants.R / (inst.constants.L * T));
const GENERALIZATION_REPLICATES = 400;

/** Runs (= expectation claims, see src/stats/budget.ts) per convex and per non-convex property in ci. */
const CONVEX_RUNS = 15;
const NONCONVEX_RUNS = 10;
const GENERALIZATION_RUNS = 10;

const convexCheck = (id: string, draw: (inst: Instance) => Arbitrary<Draw>) =>
  check(id, CONVEX_RUNS, () => trialsOf(id, convexSpecArb(), draw, REPLICATES), distanceRun);
const nonconvexCheck = (id: string, draw: (inst: Instance) => Arbitrary<Draw>, run: typeof distanceRun) =>
  check(id, NONCONVEX_RUNS, () => trialsOf(id, nonconvexSpecArb(), draw, REPLICATES), run);

export const stabilityChecks: TheoremCheck[] = [
  convexCheck('hrs-convex', convexDraw(exponentP, lastOnly)),
  convexCheck('hrs-convex-constant-step', convexDraw('constant', lastOnly)),
  convexCheck('hrs-convex-harmonic-step', convexDraw(fc.constant(1), lastOnly)),
  convexCheck('fwa-stability-convex', convexDraw(exponentP, fwaWindow)),
  convexCheck('fwa-stability-convex-constant-step', convexDraw('constant', fwaWindow)),
  convexCheck('fwa-stability-convex-constant-step-paper-reading', convexDraw('constant', fwaWindow)),
  convexCheck('fwa-stability-convex-harmonic-step', convexDraw(fc.constant(1), fwaWindow)),
  convexCheck('fwa-stability-unified-convex', convexDraw(exponentP, averagerArb)),
  convexCheck('ema-stability-convex-constant-step', convexDraw('constant', emaRates)),
  convexCheck('swa-stability-convex-constant-step', convexDraw('constant', swaAll)),
  check(
    'fwa-coupling-pathwise-convex',
    100,
    () => trialsOf('fwa-coupling-pathwise-convex', convexSpecArb(), convexDraw(exponentP, averagerArb), 1),
    pathwiseRun,
  ),
  nonconvexCheck('hrs-nonconvex', nonconvexDraws.harmonic(lastOnly), nonconvexRun),
  nonconvexCheck('fwa-stability-nonconvex', nonconvexDraws.harmonic(fwaWindow), nonconvexRun),
  nonconvexCheck('fwa-stability-unified-nonconvex', nonconvexDraws.harmonic(averagerArb), nonconvexRun),
  nonconvexCheck('fwa-stability-nonconvex-integral-reading', nonconvexDraws.harmonic(fwaWindow), nonconvexRun),
  nonconvexCheck('fwa-stability-nonconvex-constant-step', nonconvexDraws.constant, distanceRun),
  check(
    'hrs-generalization',
    GENERALIZATION_RUNS,
    () =>
      trialsOf(
        'hrs-generalization',
        generalizationSpecArb(),
        convexDraw(exponentP, averagerArb, insideBall),
        GENERALIZATION_REPLICATES,
      ),
    generalizationRun,
  ),
  ...Object.keys(stabilityRelations).map((id) => check(id, 100, () => relationTrials(id), relationRun)),
];
