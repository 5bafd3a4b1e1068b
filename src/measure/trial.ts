import type { Arbitrary } from 'fast-check';
import type { AveragerChoice, AveragerSpec } from '../engine/averaging';
import type { ConvexDomain } from '../engine/domain';
import type { Objective } from '../engine/objective';
import type { ScheduleSpec } from '../engine/schedule';
import { runSgd, type RunOptions, type SgdConfig, type SgdResult } from '../engine/sgd';
import type { InstanceSpec } from '../objectives/instance';
import type { Profile } from '../profile';
import type { Basis, Verdict } from '../stats/verdict';
import type { Scope } from '../theory/theorem';

/**
 * A trial: one theorem checked at one instance and one parameter point. Plain JSON, so it can be
 * written to results.jsonl, stored as a counterexample under properties/regressions/ and replayed.
 */
export interface Trial {
  theorem: string;
  instance: InstanceSpec;
  /** The theorem's parameters (T, k, c, …) beyond the instance's certified constants. */
  params: Scope;
  seed: number;
  /**
   * Number of independent runs averaged for an expectation claim (1 for pathwise claims): the budget of
   * a sampled cell, which may stop earlier once decided (src/stats/verdict.ts).
   */
  replicates: number;
  /**
   * An exact cell: the expectation is computed over every index path (and, on a data distribution with
   * finitely many atoms, every data set) instead of sampled (src/measure/exact.ts); `replicates` is unused.
   */
  exact?: boolean;
  /**
   * The averager whose output is measured, only where the theorem quantifies over averagers (G6): every
   * other check derives its averager from `params` (FWA from k, EMA from g), so the window run and the
   * window the bound reads are one number.
   */
  averager?: AveragerSpec;
}

/** What a trial runs on the engine: the quantities a bound's scope must agree with. */
export interface RunConfig {
  /** Engine updates (w_0 initial, src/engine/convention.ts). */
  T: number;
  /** Examples of the objective run (1 for a full-batch run). */
  n: number;
  schedule: ScheduleSpec;
  /** The averager whose output is measured (weights on w_0..w_T): an engine spec or a user's averager. */
  averager: AveragerChoice;
  /** The example i* replaced in the neighbouring data set, for coupled runs. */
  differing?: number;
}

/**
 * A trial's run configuration and the scope its bound is evaluated at, derived together by one
 * function (TheoremCheck.configure) from the trial, so they cannot disagree. Quantities only the run
 * produces (a window mean of F, the pathwise hit mass) are added to the scope after the run.
 */
export interface TrialSetup {
  run: RunConfig;
  scope: Scope;
}

export type { Verdict } from '../stats/verdict';

export interface TrialOutcome {
  /** Point estimate of the measured quantity (the sample mean for expectation claims). */
  measured: number;
  bound: number;
  /** measured / bound */
  ratio: number;
  /** Confidence interval of the mean (sampled expectation claims), simultaneous over sample counts. */
  ci?: { lower: number; upper: number; level: number };
  verdict: Verdict;
  /** What the verdict rests on: exact, sampled (method, level) or certificate. */
  basis: Basis;
  /** Certified slack bound − value (exact) or bound − upper confidence bound (sampled), when the verdict is holds. */
  slack?: number;
  /** The full scope the bound was evaluated at (instance constants + params). */
  scope: Scope;
  /** Other recorded numbers (e.g. per-k ratios, max loss difference). */
  extra?: Record<string, number>;
}

/** Evaluates a bound at a scope; the guard swaps in a mutant here. */
export type BoundFn = (scope: Scope) => number;

/**
 * How one theorem is measured: the trials its property draws and how a trial is run. A theorem
 * value carries its check (src/theory/theorem.ts); the property tests, the audit and the constants
 * guard all run that one, so none restates the measurement.
 */
export interface TheoremCheck {
  /**
   * Property runs in the `ci` profile (scaled by the profile's runsScale); default: the harness's
   * DEFAULT_RUNS. Declared here so the multiple-testing budget (src/stats/budget.ts) can count claims.
   */
  numRuns?: number;
  /** Trials within the hypotheses, sized for the profile. */
  trials(profile: Profile): Arbitrary<Trial>;
  /**
   * The run configuration and bound scope of a trial, without running it (absent for checks that run
   * no engine: relations between bounds). `run` executes exactly this configuration; the audit's
   * invariant test (properties/audit-plan.test.ts) checks their agreement on every planned cell.
   * Throws HypothesisError / InvalidParameterError for a trial outside the theorem's hypotheses.
   */
  configure?(trial: Trial): TrialSetup;
  /** Runs the trial; `bound` overrides the registry's bound (mutation testing). */
  run(trial: Trial, bound?: BoundFn): TrialOutcome;
}

/**
 * The trial with symbols set to new values everywhere the trial names them: in its params (what the
 * bound reads and, through the check's configure, what it runs) and in its instance's parameters (an
 * instance built for a horizon T, the sample size n). The differing example i* stays inside a smaller
 * sample. The audit's sweeps and the guard's search vary trials only through this function.
 */
export function varyTrial(trial: Trial, changes: Readonly<Record<string, number>>): Trial {
  const params = { ...trial.params };
  const inst = { ...trial.instance.params };
  for (const [name, value] of Object.entries(changes)) {
    if (name in params) params[name] = value;
    if (name in inst) inst[name] = value;
  }
  const n = inst.n;
  if ('i' in params && typeof n === 'number' && params.i > n - 1) params.i = n - 1;
  return { ...trial, params, instance: { ...trial.instance, params: inst } };
}

/**
 * The engine configuration of exactly a trial's RunConfig (its T, schedule and averager) on `objective`,
 * in the ball of `radius`, or on `domain` when the instance has one (then the ball is not W).
 */
export function sgdConfigOf(run: RunConfig, objective: Objective, radius: number, domain?: ConvexDomain): SgdConfig {
  const where = domain ? { domain } : { radius };
  return { objective, T: run.T, schedule: run.schedule, ...where, averagers: [run.averager] };
}

/** One engine run of exactly a trial's RunConfig on `objective`, in the ball of `radius` (sgdConfigOf). */
export function runConfigured(run: RunConfig, objective: Objective, radius: number, opts: RunOptions): SgdResult {
  return runSgd(sgdConfigOf(run, objective, radius), opts);
}
