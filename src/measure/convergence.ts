import fc, { type Arbitrary } from 'fast-check';
import type { AveragerSpec } from '../engine/averaging';
import { szHorizonForEngineSteps } from '../engine/convention';
import { empiricalRisk, type Objective } from '../engine/objective';
import { deriveSeed } from '../engine/rng';
import type { ScheduleSpec } from '../engine/schedule';
import { runSgd } from '../engine/sgd';
import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import { instanceSpecArb } from '../objectives/arbitraries';
import { buildInstance, type Instance, type InstanceSpec } from '../objectives/index';
import { claimDelta } from '../stats/budget';
import { FLOAT_ATOL, FLOAT_RTOL } from '../stats/tolerance';
import { equalityOutcome, expectationOutcome, pathwiseOutcome } from '../stats/verdict';
import { convergenceRelations, sideScope } from '../theory/convergence';
import { getTheorem } from '../theory/registry';
import type { FunctionClass, Scope } from '../theory/theorem';
import type { BoundFn, TheoremCheck, Trial, TrialOutcome, TrialSetup } from './trial';

/**
 * How each convergence theorem is measured (src/theory/convergence.ts).
 *
 *   - gap theorems (sz13-last-iterate, fwa-convergence, its paper reading, the constant-step variant):
 *     an instance drawn from the generators of exactly the theorem's classes (plus Harvey's hard
 *     instance), T engine updates, k, c; the bound is evaluated in Shamir–Zhang's convention at
 *     szHorizonForEngineSteps(T) = T + 1. Deterministic runs (Harvey: n = 1; or full-batch) are
 *     compared pathwise; stochastic runs with `replicates` seeds and the one-sided test of
 *     src/stats (violation only if the lower confidence bound of E[F(w̄) − F*] exceeds the bound).
 *   - fwa-jensen: one run (any schedule), F(w̄) against the window mean of F, pathwise.
 *   - relations (orderings, ratio identities between registry bounds): drawn parameter points, no
 *     engine; pathwise up to the suite's float tolerance.
 */

/** A scale drawn log-uniformly on the grid 2^(e/4), e ∈ [4·lo, 4·hi]: printable, shrinks to 1. */
export function logScale(lo: number, hi: number): Arbitrary<number> {
  return fc.integer({ min: 4 * lo, max: 4 * hi }).map((e) => 2 ** (e / 4));
}

/** An integer drawn log-uniformly from [lo, hi] (shrinks towards lo). */
export function logInt(lo: number, hi: number): Arbitrary<number> {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return fc
    .integer({ min: 0, max: 1000 })
    .map((u) => Math.min(hi, Math.max(lo, Math.round(Math.exp(a + ((b - a) * u) / 1000)))));
}

/** A window 1 ≤ k ≤ kMax with the edges k = 1 and k = kMax drawn often (the reductions live there). */
export function windowArb(kMax: number): Arbitrary<number> {
  return kMax <= 1 ? fc.constant(1) : fc.oneof(fc.constant(1), fc.constant(kMax), logInt(1, kMax));
}

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

const NO_INSTANCE = { generator: 'none', params: {}, seed: 0 };

/** Harvey's convex lower-bound instance for a run of T engine updates (its construction's horizon). */
export function harveySpec(T: number): InstanceSpec {
  return { generator: 'harvey-convex', params: { T }, seed: 0 };
}

/** Engine updates of a trial: Harvey's instance fixes them (d = T); otherwise the drawn T. */
function engineSteps(spec: InstanceSpec, drawn: number): number {
  return spec.generator === 'harvey-convex' ? Number(spec.params.T) : drawn;
}

export interface ConvexInstanceOptions {
  /** Largest number of engine updates drawn (and largest Harvey horizon). */
  maxT: number;
  /** Smallest number of engine updates drawn (default 1). */
  minT?: number;
  /** Function classes to draw from (default: every convex class the convergence theorems allow). */
  classes?: readonly FunctionClass[];
}

const CONVEX: readonly FunctionClass[] = ['convex-smooth', 'convex-nonsmooth', 'strongly-convex', 'linear'];

/** Instance specs of the given classes (generators of exactly those classes) or Harvey's, with T updates. */
export function convexSpecArb(opts: ConvexInstanceOptions): Arbitrary<{ spec: InstanceSpec; T: number }> {
  const classes = opts.classes ?? CONVEX;
  const generated = fc.record({
    spec: fc.oneof(...classes.map((cls) => instanceSpecArb(cls, { maxD: 6, maxN: 24 }))),
    T: logInt(opts.minT ?? 1, opts.maxT),
  });
  const harvey = logInt(Math.max(4, opts.minT ?? 1), opts.maxT).map((T) => ({ spec: harveySpec(T), T }));
  return fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: harvey, weight: 1 });
}

/** Built instances with their number of updates (the proofs' random instances). */
export function convexInstanceArb(opts: ConvexInstanceOptions): Arbitrary<{ instance: Instance; T: number }> {
  return convexSpecArb(opts).map(({ spec, T }) => ({ instance: buildInstance(spec), T: engineSteps(spec, T) }));
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

interface GapTheoremSetup {
  id: string;
  /** The averager measured; 'last' has no window. */
  window: boolean;
  /** Largest window after Te engine updates: T + 1 iterates w_0..w_Te in the theorems' convention (k ≤ T/2 for the paper reading). */
  kMax: (Te: number) => number;
  schedule: (c: number, Te: number) => ScheduleSpec;
}

const GAP_SETUPS: readonly GapTheoremSetup[] = [
  { id: 'sz13-last-iterate', window: false, kMax: () => 1, schedule: (c) => ({ kind: 'inv-sqrt-t', c }) },
  {
    id: 'fwa-convergence',
    window: true,
    kMax: (Te) => szHorizonForEngineSteps(Te),
    schedule: (c) => ({ kind: 'inv-sqrt-t', c }),
  },
  {
    id: 'fwa-convergence-paper-reading',
    window: true,
    kMax: (Te) => Math.floor(szHorizonForEngineSteps(Te) / 2),
    schedule: (c) => ({ kind: 'inv-sqrt-t', c }),
  },
  // η ≡ c/√T in the theorem's convention, i.e. at the horizon T + 1 of an engine run of T updates.
  {
    id: 'fwa-convergence-constant-step',
    window: true,
    kMax: (Te) => szHorizonForEngineSteps(Te),
    schedule: (c, Te) => ({ kind: 'constant', alpha: c / Math.sqrt(szHorizonForEngineSteps(Te)) }),
  },
];

/** Replicated seeds of a stochastic expectation trial. */
export const GAP_REPLICATES = 256;
/** Largest number of engine updates the ci properties draw. */
export const GAP_MAX_T = 300;

function gapCheck(setup: GapTheoremSetup): TheoremCheck {
  const theorem = getTheorem(setup.id);
  return {
    theorem: setup.id,
    numRuns: 20,
    trials: (profile) =>
      fc
        .record({
          inst: convexSpecArb({ maxT: GAP_MAX_T, classes: theorem.classes }),
          c: fc.oneof(fc.constant(1), logScale(-4, 4)),
          fullBatch: fc.boolean(),
          seed: fc.nat({ max: 0x7fffffff }),
        })
        .chain(({ inst, c, fullBatch, seed }) => {
          const Te = engineSteps(inst.spec, inst.T);
          return (setup.window ? windowArb(setup.kMax(Te)) : fc.constant(1)).map((k): Trial => {
            const deterministic = fullBatch || inst.spec.generator === 'harvey-convex';
            return {
              theorem: setup.id,
              instance: inst.spec,
              params: { T: Te, k, c, fullBatch: fullBatch ? 1 : 0 },
              seed,
              replicates: deterministic ? 1 : Math.round(GAP_REPLICATES * Math.sqrt(profile.runsScale)),
            };
          });
        }),
    configure: (trial) => gapSetup(setup, trial),
    run: (trial, bound) => runGapTrial(setup, trial, bound),
  };
}

/**
 * A gap trial's run and scope, derived together: the bound at the Shamir–Zhang horizon T + 1 of an
 * engine run of T updates, the window over the same iterates. Harvey's instance is built for its own
 * horizon: a trial whose instance and T disagree is refused.
 */
function gapSetup(setup: GapTheoremSetup, trial: Trial): TrialSetup {
  const theorem = getTheorem(setup.id);
  const { T: Te, k, c } = trial.params;
  if (trial.instance.generator === 'harvey-convex' && trial.instance.params.T !== Te)
    throw new InvalidParameterError(
      'instance.params.T',
      trial.instance.params.T,
      `the trial's T = ${Te}: Harvey's instance is built for the horizon it is run at`,
    );
  // Windows: 1..Te are the engine's FWA(k); k = Te + 1 (the theorems' k = T: every iterate, w_0
  // included) is SWA from step 0, the mean of w_0..w_Te. Nothing longer exists.
  requireInteger(
    'k (window, at most the T + 1 iterates w_0..w_T)',
    k,
    1,
    setup.window ? szHorizonForEngineSteps(Te) : 1,
  );
  const consts = buildInstance(trial.instance).constants;
  const scope: Scope = { T: szHorizonForEngineSteps(Te), k, c, D: consts.D, G: consts.G };
  // Hypotheses are checked even when a mutant bound replaces the registry's (guard, tightness search).
  theorem.assertHypotheses(scope);
  const averager: AveragerSpec = !setup.window
    ? { kind: 'last' }
    : k === szHorizonForEngineSteps(Te)
      ? { kind: 'swa', start: 0 }
      : { kind: 'fwa', k };
  const n = trial.params.fullBatch === 1 ? 1 : consts.n;
  return { run: { T: Te, n, schedule: setup.schedule(c, Te), averager }, scope };
}

/** Runs a gap trial: exactly the configuration gapSetup derived. */
function runGapTrial(setup: GapTheoremSetup, trial: Trial, bound?: BoundFn): TrialOutcome {
  const { run, scope } = gapSetup(setup, trial);
  const theorem = getTheorem(setup.id);
  const inst = buildInstance(trial.instance);
  const b = bound ? bound(scope) : theorem.evaluate(scope);
  const objective = run.n === 1 ? fullBatch(inst.objective) : inst.objective;
  const deterministic = objective.n === 1;
  const reps = deterministic ? 1 : trial.replicates;
  const samples = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    const res = runSgd(
      { objective, T: run.T, schedule: run.schedule, radius: inst.constants.R, averagers: [run.averager] },
      { seed: deriveSeed(trial.seed, r) },
    );
    samples[r] = gapOf(inst, res.averages[0]);
  }
  const extra = { engineSteps: run.T, szHorizon: scope.T, deterministic: deterministic ? 1 : 0 };
  if (deterministic) return pathwiseOutcome(samples[0], b, scope, extra);
  return expectationOutcome(samples, b, scope, { range: gapRange(inst), delta: claimDelta() }, extra);
}

/** Runs the check of a gap theorem on one trial (any registry id of GAP_SETUPS). */
export function runGapTheorem(id: string, trial: Trial, bound?: BoundFn): TrialOutcome {
  const setup = GAP_SETUPS.find((s) => s.id === id);
  if (!setup) throw new InvalidParameterError('gap theorem id', id, GAP_SETUPS.map((s) => s.id).join(' | '));
  return runGapTrial(setup, trial, bound);
}

/** Jensen (L5): F(w̄) ≤ mean of F over the window, on one run of any schedule. */
const jensenCheck: TheoremCheck = {
  theorem: 'fwa-jensen',
  numRuns: 30,
  trials: () =>
    fc
      .record({
        inst: convexSpecArb({ maxT: GAP_MAX_T, classes: getTheorem('fwa-jensen').classes }),
        c: logScale(-4, 4),
        kind: fc.constantFrom<ScheduleSpec['kind']>('inv-sqrt-t', 'inv-sqrt-T', 'inv-t', 'constant'),
        seed: fc.nat({ max: 0x7fffffff }),
      })
      .chain(({ inst, c, kind, seed }) => {
        const Te = engineSteps(inst.spec, inst.T);
        return windowArb(Te).map((k): Trial => ({
          theorem: 'fwa-jensen',
          instance: inst.spec,
          params: { T: Te, k, c, schedule: ['inv-sqrt-t', 'inv-sqrt-T', 'inv-t', 'constant'].indexOf(kind) },
          seed,
          replicates: 1,
        }));
      }),
  configure: jensenSetup,
  run(trial, bound) {
    const { run, scope: pre } = jensenSetup(trial);
    const inst = buildInstance(trial.instance);
    const k = pre.k;
    let sum = 0;
    const res = runSgd(
      {
        objective: inst.objective,
        T: run.T,
        schedule: run.schedule,
        radius: inst.constants.R,
        averagers: [run.averager],
      },
      { seed: trial.seed, observe: (t, r) => void (t > run.T - k && (sum += empiricalRisk(inst.objective, r.w))) },
    );
    const scope: Scope = { ...pre, meanF: sum / k };
    const b = bound ? bound(scope) : getTheorem('fwa-jensen').evaluate(scope);
    return pathwiseOutcome(empiricalRisk(inst.objective, res.averages[0]), b, scope);
  },
};

/** Jensen's run (any schedule, FWA(k)) and its scope; the window mean of F is added after the run. */
function jensenSetup(trial: Trial): TrialSetup {
  const inst = buildInstance(trial.instance);
  const { T, k, c } = trial.params;
  const scope: Scope = { T, k, c };
  getTheorem('fwa-jensen').assertHypotheses(scope);
  const kinds = ['inv-sqrt-t', 'inv-sqrt-T', 'inv-t', 'constant'] as const;
  const kind =
    kinds[requireInteger('schedule (index of inv-sqrt-t, inv-sqrt-T, inv-t, constant)', trial.params.schedule, 0, 3)];
  const schedule: ScheduleSpec = kind === 'constant' ? { kind, alpha: c } : { kind, c };
  return { run: { T, n: inst.objective.n, schedule, averager: { kind: 'fwa', k } }, scope };
}

/** Relations between registry bounds: evaluate both sides and compare (ordering) or take the ratio. */
function relationCheck(id: string): TheoremCheck {
  const rel = convergenceRelations[id];
  const theorem = getTheorem(id);
  const allows = (T: number, k: number): boolean => {
    try {
      theorem.assertHypotheses({ T, k, c: 1, D: 1, G: 1 });
      return true;
    } catch {
      return false;
    }
  };
  // The valid windows form an interval [1, kMax(T)]: binary search for kMax (0 if none).
  const kMaxOf = (T: number): number => {
    if (!allows(T, 1)) return 0;
    let lo = 1;
    let hi = T;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (allows(T, mid)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let Tmin = 2;
  while (kMaxOf(Tmin) === 0) Tmin++;
  return {
    theorem: id,
    numRuns: 200,
    trials: () =>
      fc
        .record({ T: logInt(Tmin, 100_000), c: logScale(-10, 10), D: logScale(-10, 10), G: logScale(-10, 10) })
        .chain((p) =>
          windowArb(kMaxOf(p.T)).map((k): Trial => ({
            theorem: id,
            instance: NO_INSTANCE,
            params: { ...p, k },
            seed: 0,
            replicates: 1,
          })),
        ),
    run(trial: Trial, bound?: BoundFn): TrialOutcome {
      const scope: Scope = trial.params;
      theorem.assertHypotheses(scope);
      const lhs = getTheorem(rel.lhs.theorem).evaluate(sideScope(rel.lhs, scope));
      const rhs = getTheorem(rel.rhs.theorem).evaluate(sideScope(rel.rhs, scope));
      if (rel.relation === 'ordering') {
        const b = bound ? bound({ ...scope, B: rhs }) : theorem.evaluate({ ...scope, B: rhs });
        return pathwiseOutcome(lhs, b, scope);
      }
      const predicted = bound ? bound(scope) : theorem.evaluate(scope);
      return equalityOutcome(lhs / rhs, predicted, scope);
    },
  };
}

export const convergenceChecks: TheoremCheck[] = [
  ...GAP_SETUPS.map(gapCheck),
  jensenCheck,
  ...Object.keys(convergenceRelations).map(relationCheck),
];
