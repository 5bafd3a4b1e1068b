import fc, { type Arbitrary } from 'fast-check';
import type { AveragerSpec } from '../engine/averagers/averager';
import { empiricalRisk, type Objective } from '../engine/objective';
import { deriveSeed } from '../engine/rng';
import type { ScheduleSpec } from '../engine/schedule';
import { runSgd } from '../engine/sgd';
import { InvalidParameterError } from '../errors';
import type { Profile } from '../profile';
import { requireInteger } from '../validate';
import { instanceSpecArb, log2Grid, logInt } from '../objectives/arbitraries';
import { buildInstance, type Instance, type InstanceSpec } from '../objectives/index';
import { claimDelta } from '../stats/budget';
import { FLOAT_ATOL, FLOAT_RTOL } from '../stats/tolerance';
import { exactOutcome, pathwiseOutcome, sequentialOutcome } from './outcome';
import { CONVEX_CLASSES, type FunctionClass } from '../objectives/function-class';
import { type CheckBuilder, type Theorem } from '../theory/theorem';
import { type Scope } from '../theory/scope';
import { largestWindow, seedArb, windowArb } from './arbitraries';
import { exactDetail, exactHorizons, exactRun, withExact } from './exact';
import { instanceOf } from './instances';
import { runConfigured, sgdConfigOf } from './trial';
import { type BoundFn, type Trial, type TrialOutcome, type TrialSetup } from '../theory/check';
import { requireIntendedRun, worstCaseGapTrials } from './worst-case-trials';

/**
 * How the convergence theorems are measured (their values are in src/catalog/convergence.ts; each
 * names its check builder below).
 *
 *   - gapCheck (sz13-last-iterate, fwa-convergence, its paper reading, the constant-step variant):
 *     an instance drawn from the generators of exactly the theorem's classes (plus Harvey's hard
 *     instance), T engine updates, k, c; the theorem evaluates its bound in its own convention
 *     (Theorem.forEngineRun: Shamir–Zhang's horizon T + 1). Deterministic runs (Harvey: n = 1; or
 *     full-batch) are compared pathwise; stochastic runs with `replicates` seeds and the one-sided
 *     test of src/stats (violation only if the lower confidence bound of E[F(w̄) − F*] exceeds it).
 *   - jensenCheck (fwa-jensen): one run (any schedule), F(w̄) against the window mean of F, pathwise.
 *   - relations (orderings, ratio identities between registry bounds): src/measure/relation.ts at
 *     the parameter points of convergencePoints.
 */

/**
 * Full-batch view of an objective: one "example" whose loss is F_S and whose gradient is ∇F_S, so
 * SGD on it is deterministic (sub)gradient descent. ‖∇F_S‖² ≤ (mean‖∇f_i‖)² ≤ mean‖∇f_i‖² ≤ G², so the
 * instance's G still bounds it and every expectation bound holds pathwise on these runs.
 */
export function fullBatch(obj: Objective): Objective {
  if (obj.n === 1) return obj;
  const tmp = new Float64Array(obj.d);
  return {
    d: obj.d,
    n: 1,
    loss: (w) => empiricalRisk(obj, w),
    grad(w, _i, out) {
      out.fill(0);
      for (let i = 0; i < obj.n; i++) {
        obj.grad(w, i, tmp);
        for (let j = 0; j < obj.d; j++) out[j] += tmp[j];
      }
      for (let j = 0; j < obj.d; j++) out[j] /= obj.n;
    },
  };
}

/**
 * One run recorded in Shamir–Zhang's indexing (the proofs' indexing): iterates x_1..x_{T+1}, where
 * x_t is the engine's w_{t−1}; g_t is the (sub)gradient used at x_t and η_t the step from x_t to
 * x_{t+1}. The run takes T engine steps, so the proof's telescoping can use x_{T+1}.
 * Arrays are 1-based (index 0 unused) to read like the proofs.
 */
export interface SzTrace {
  /** The objective run (F = its empirical risk). */
  objective: Objective;
  T: number;
  x: Float64Array[];
  g: Float64Array[];
  eta: Float64Array;
  /** F[t] = F_S(x_t), t = 1..T+1. */
  F: Float64Array;
  /** max_t ‖g_t‖ over the run (the pathwise G). */
  gMax: number;
}

export function recordSzTrace(
  objective: Objective,
  T: number,
  schedule: ScheduleSpec,
  radius: number,
  seed: number,
): SzTrace {
  if (!Number.isFinite(radius))
    throw new InvalidParameterError('radius', radius, 'a finite radius (the proofs need a bounded domain)');
  const d = objective.d;
  const x: Float64Array[] = [new Float64Array(0), new Float64Array(d)];
  const g: Float64Array[] = [new Float64Array(0)];
  let eta: Float64Array = new Float64Array(0);
  let gMax = 0;
  runSgd(
    { objective, T, schedule, radius },
    {
      seed,
      observe: (t, r) => {
        if (t === 1) eta = r.alpha;
        g.push(r.g.slice());
        x.push(r.w.slice());
        let n2 = 0;
        for (let j = 0; j < d; j++) n2 += r.g[j] * r.g[j];
        gMax = Math.max(gMax, Math.sqrt(n2));
      },
    },
  );
  const F = new Float64Array(T + 2);
  for (let t = 1; t <= T + 1; t++) F[t] = empiricalRisk(objective, x[t]);
  return { objective, T, x, g, eta, F, gMax };
}

/** Harvey's convex lower-bound instance for a run of T engine updates (its construction's horizon). */
export function harveySpec(T: number): InstanceSpec {
  return { generator: 'harvey-convex', params: { T }, seed: 0 };
}

/** Engine updates of a trial: Harvey's instance fixes them (d = T); otherwise the drawn T. */
function engineSteps(spec: InstanceSpec, drawn: number): number {
  return spec.generator === 'harvey-convex' ? Number(spec.params.T) : drawn;
}

export interface ConvexRunOptions {
  /** Largest number of engine updates drawn (and largest Harvey horizon). */
  maxT: number;
  /** Smallest number of engine updates drawn (default 1). */
  minT?: number;
  /** Function classes to draw from (default: every convex class, CONVEX_CLASSES). */
  classes?: readonly FunctionClass[];
}

/** Runs of a convex theorem: an instance spec of the given classes (or Harvey's) and a number of engine updates. */
export function convexRunArb(opts: ConvexRunOptions): Arbitrary<{ spec: InstanceSpec; T: number }> {
  const classes = opts.classes ?? CONVEX_CLASSES;
  const generated = fc.record({
    spec: fc.oneof(...classes.map((cls) => instanceSpecArb(cls, { maxD: 6, maxN: 24 }))),
    T: logInt(opts.minT ?? 1, opts.maxT),
  });
  // Harvey's instance is convex and non-smooth only (μ = 0): drawn for a theorem over that class,
  // never for one that asks for, say, strongly convex functions alone (it would be outside its hypotheses).
  if (!classes.includes('convex-nonsmooth')) return generated;
  const harvey = logInt(Math.max(4, opts.minT ?? 1), opts.maxT).map((T) => ({ spec: harveySpec(T), T }));
  return fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: harvey, weight: 1 });
}

/** Built instances with their number of updates (the proofs' random instances). */
export function convexInstanceArb(opts: ConvexRunOptions): Arbitrary<{ instance: Instance; T: number }> {
  return convexRunArb(opts).map(({ spec, T }) => ({ instance: buildInstance(spec), T: engineSteps(spec, T) }));
}

/**
 * F_S(w) − F* − FstarGap: the optimality gap measured so that it never overstates the true gap
 * F_S(w) − min F_S (F* is a certified lower bound within FstarGap of the minimum). Range:
 * [−FstarGap, L·D], widened by the float tolerance.
 */
function gapOf(inst: Instance, w: Float64Array): number {
  return empiricalRisk(inst.objective, w) - inst.constants.Fstar - (inst.constants.FstarGap ?? 0);
}

function gapRange(inst: Instance): [number, number] {
  const c = inst.constants;
  const tol = FLOAT_ATOL + FLOAT_RTOL * (Math.abs(c.Fstar) + c.L * c.D);
  return [-(c.FstarGap ?? 0) - tol, c.L * c.D + tol];
}

/** How a gap theorem runs: its averager and its schedule. */
export interface GapSetup {
  /** true: FWA(k) with every window the hypotheses allow; false: the last iterate. */
  window: boolean;
  /** The schedule at step scale c for a run whose horizon is T in the theorem's own convention. */
  schedule: (c: number, T: number) => ScheduleSpec;
}

/** The replicate budget of a sampled gap trial (× √runsScale outside ci); it stops once decided. */
export const GAP_REPLICATES = 1024;
/** Largest number of engine updates the ci properties draw. */
export const GAP_MAX_T = 300;

/** E[F(w̄) − F*] of a run of T engine updates against the theorem's bound (see the header). */
export function gapCheck(setup: GapSetup): CheckBuilder {
  return (theorem) => ({
    numRuns: 20,
    trials: (profile) => withExact(sampledGapTrials(theorem, setup, profile), exactGapTrials(theorem, setup, profile)),
    configure: (trial) => gapSetup(theorem, setup, trial),
    run: (trial, bound) => runGapTrial(theorem, setup, trial, bound),
  });
}

/**
 * Sampled gap trials: any instance of the theorem's classes (or Harvey's), up to GAP_MAX_T updates, and,
 * one draw in four, a committed worst case whose run is this theorem's (worstCaseGapTrials).
 */
function sampledGapTrials(theorem: Theorem, setup: GapSetup, profile: Profile): Arbitrary<Trial> {
  const drawn = fc
    .record({
      inst: convexRunArb({ maxT: GAP_MAX_T, classes: theorem.classes }),
      c: fc.oneof(fc.constant(1), log2Grid(-16, 16, 4)),
      fullBatch: fc.boolean(),
      seed: seedArb,
    })
    .chain(({ inst, c, fullBatch, seed }) => {
      const Te = engineSteps(inst.spec, inst.T);
      const kMax = setup.window ? largestWindow(theorem, { T: theorem.horizonFor(Te), c, D: 1, G: 1 }) : 1;
      return windowArb(kMax).map((k): Trial => {
        const deterministic = fullBatch || inst.spec.generator === 'harvey-convex';
        return {
          theorem: theorem.id,
          instance: inst.spec,
          params: { T: Te, k, c, fullBatch: fullBatch ? 1 : 0 },
          seed,
          replicates: deterministic ? 1 : Math.round(GAP_REPLICATES * Math.sqrt(profile.runsScale)),
        };
      });
    });
  const worst = worstCaseGapTrials(theorem, setup.schedule, setup.window);
  return worst ? fc.oneof({ arbitrary: drawn, weight: 3 }, { arbitrary: worst, weight: 1 }) : drawn;
}

/**
 * Exact gap trials: stochastic runs on n ≤ 3 examples with few enough index paths to enumerate, so
 * E[F(w̄) − F*] is computed without sampling error (src/measure/exact.ts).
 */
function exactGapTrials(theorem: Theorem, setup: GapSetup, profile: Profile): Arbitrary<Trial> {
  return fc
    .record({
      spec: fc.oneof(...theorem.classes.map((cls) => instanceSpecArb(cls, { maxD: 4, maxN: 3 }))),
      c: fc.oneof(fc.constant(1), log2Grid(-16, 16, 4)),
      seed: seedArb,
    })
    .chain(({ spec, c, seed }) =>
      exactHorizons(profile)(buildInstance(spec)).chain((Te) => {
        const kMax = setup.window ? largestWindow(theorem, { T: theorem.horizonFor(Te), c, D: 1, G: 1 }) : 1;
        return windowArb(kMax).map((k): Trial => ({
          theorem: theorem.id,
          instance: spec,
          params: { T: Te, k, c, fullBatch: 0 },
          seed,
          replicates: 1,
          exact: true,
        }));
      }),
    );
}

/**
 * A gap trial's run and scope, derived together: the theorem's own scope for an engine run of T
 * updates (Theorem.forEngineRun), the window over the same iterates. Harvey's instance is built for
 * its own horizon: a trial whose instance and T disagree is refused.
 */
function gapSetup(theorem: Theorem, setup: GapSetup, trial: Trial): TrialSetup {
  const { T: Te, k, c } = trial.params;
  if (trial.instance.generator === 'harvey-convex' && trial.instance.params.T !== Te)
    throw new InvalidParameterError(
      'instance.params.T',
      trial.instance.params.T,
      `the trial's T = ${Te}: Harvey's instance is built for the horizon it is run at`,
    );
  const horizon = theorem.horizonFor(Te);
  // Windows: 1..Te are the engine's FWA(k); in Shamir–Zhang's counting k = Te + 1 (every iterate,
  // w_0 included) is SWA from step 0, the mean of w_0..w_Te. Nothing longer exists.
  requireInteger('k (window, at most the T + 1 iterates w_0..w_T)', k, 1, setup.window ? horizon : 1);
  const inst = instanceOf(trial.instance);
  const consts = inst.constants;
  const scope: Scope = theorem.forEngineRun({ T: Te, k, c, D: consts.D, G: consts.G });
  // Hypotheses are checked even when a mutant bound replaces the registry's (guard, tightness search).
  theorem.assertHypotheses(scope);
  const averager: AveragerSpec = !setup.window
    ? { kind: 'last' }
    : k === Te + 1
      ? { kind: 'swa', start: 0 }
      : { kind: 'fwa', k };
  const n = trial.params.fullBatch === 1 ? 1 : consts.n;
  const run = { T: Te, n, schedule: setup.schedule(c, horizon), averager };
  requireIntendedRun(inst, trial, run);
  return { run, scope };
}

/** Runs a gap trial: exactly the configuration gapSetup derived. */
function runGapTrial(theorem: Theorem, setup: GapSetup, trial: Trial, bound?: BoundFn): TrialOutcome {
  const { run, scope } = gapSetup(theorem, setup, trial);
  const inst = instanceOf(trial.instance);
  const b = bound ? bound(scope) : theorem.evaluate(scope);
  const objective = run.n === 1 ? fullBatch(inst.objective) : inst.objective;
  const deterministic = objective.n === 1;
  const cfg = sgdConfigOf(run, objective, inst.constants.R, inst.domain);
  const extra = { engineSteps: run.T, szHorizon: scope.T, deterministic: deterministic ? 1 : 0 };
  if (trial.exact && !deterministic) {
    const e = exactRun(cfg, (r) => gapOf(inst, r.averagers[0].read()));
    return exactOutcome(e.mean[0], b, scope, exactDetail(e.paths), { ...extra, paths: e.paths });
  }
  if (deterministic)
    return pathwiseOutcome(gapOf(inst, runSgd(cfg, { seed: deriveSeed(trial.seed, 0) }).averages[0]), b, scope, extra);
  return sequentialOutcome(
    1,
    (r, out) => {
      out[0] = gapOf(inst, runSgd(cfg, { seed: deriveSeed(trial.seed, r) }).averages[0]);
    },
    b,
    scope,
    { range: gapRange(inst), delta: claimDelta(), first: 32, max: trial.replicates },
    () => extra,
  );
}

/** The schedules Jensen's check draws, by their index in trial.params.schedule. */
const JENSEN_SCHEDULES = ['inv-sqrt-t', 'inv-sqrt-T', 'inv-t', 'constant'] as const;

/** Jensen (L5): F(w̄) ≤ mean of F over the window, on one run of any schedule (engine convention). */
export const jensenCheck: CheckBuilder = (theorem) => ({
  numRuns: 30,
  trials: () =>
    fc
      .record({
        inst: convexRunArb({ maxT: GAP_MAX_T, classes: theorem.classes }),
        c: log2Grid(-16, 16, 4),
        schedule: fc.integer({ min: 0, max: JENSEN_SCHEDULES.length - 1 }),
        seed: seedArb,
      })
      .chain(({ inst, c, schedule, seed }) => {
        const Te = engineSteps(inst.spec, inst.T);
        return windowArb(Te).map((k): Trial => ({
          theorem: theorem.id,
          instance: inst.spec,
          params: { T: Te, k, c, schedule },
          seed,
          replicates: 1,
        }));
      }),
  configure: (trial) => jensenSetup(theorem, trial),
  run(trial, bound) {
    const { run, scope: pre } = jensenSetup(theorem, trial);
    const inst = instanceOf(trial.instance);
    const k = pre.k;
    let sum = 0;
    const res = runConfigured(run, inst.objective, inst.constants.R, {
      seed: trial.seed,
      observe: (t, r) => void (t > run.T - k && (sum += empiricalRisk(inst.objective, r.w))),
    });
    const scope: Scope = { ...pre, meanF: sum / k };
    const b = bound ? bound(scope) : theorem.evaluate(scope);
    return pathwiseOutcome(empiricalRisk(inst.objective, res.averages[0]), b, scope);
  },
});

/** Jensen's run (any schedule, FWA(k)) and its scope; the window mean of F is added after the run. */
function jensenSetup(theorem: Theorem, trial: Trial): TrialSetup {
  const inst = instanceOf(trial.instance);
  const { T, k, c } = trial.params;
  const scope: Scope = theorem.forEngineRun({ T, k, c });
  theorem.assertHypotheses(scope);
  const kind =
    JENSEN_SCHEDULES[
      requireInteger(
        `schedule (index of ${JENSEN_SCHEDULES.join(', ')})`,
        trial.params.schedule,
        0,
        JENSEN_SCHEDULES.length - 1,
      )
    ];
  const schedule: ScheduleSpec = kind === 'constant' ? { kind, alpha: c } : { kind, c };
  return { run: { T, n: inst.objective.n, schedule, averager: { kind: 'fwa', k } }, scope };
}

/**
 * Parameter points of a convergence relation: T from the smallest horizon the relation's
 * hypotheses allow up to 10^5, c, D, G over 2^±10, and a window the hypotheses allow.
 */
export function convergencePoints(theorem: Theorem): Arbitrary<Scope> {
  const kMaxOf = (T: number): number => largestWindow(theorem, { T, c: 1, D: 1, G: 1 });
  let Tmin = 2;
  while (kMaxOf(Tmin) === 0) Tmin++;
  return fc
    .record({ T: logInt(Tmin, 100_000), c: log2Grid(-40, 40, 4), D: log2Grid(-40, 40, 4), G: log2Grid(-40, 40, 4) })
    .chain((p) => windowArb(kMaxOf(p.T)).map((k): Scope => ({ ...p, k })));
}
