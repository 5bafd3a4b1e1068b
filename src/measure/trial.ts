import type { Arbitrary } from 'fast-check';
import type { AveragerSpec } from '../engine/averaging';
import type { InstanceSpec } from '../objectives/instance';
import type { Profile } from '../profile';
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
  /** Number of independent runs averaged for an expectation claim (1 for pathwise claims). */
  replicates: number;
  /** The averager whose output is measured, where the theorem quantifies over averagers (G6). */
  averager?: AveragerSpec;
}

export type Verdict = 'holds' | 'violated' | 'inconclusive';

export interface TrialOutcome {
  /** Point estimate of the measured quantity (the sample mean for expectation claims). */
  measured: number;
  bound: number;
  /** measured / bound */
  ratio: number;
  /** One-sided confidence interval of the mean (expectation claims). */
  ci?: { lower: number; upper: number; level: number };
  verdict: Verdict;
  /** The full scope the bound was evaluated at (instance constants + params). */
  scope: Scope;
  /** Other recorded numbers (e.g. per-k ratios, max loss difference). */
  extra?: Record<string, number>;
}

/** Evaluates a bound at a scope; the guard swaps in a mutant here. */
export type BoundFn = (scope: Scope) => number;

/**
 * How one theorem is measured: the trials its property draws and how a trial is run. Shared by the
 * property tests, the audit and the constants guard so that none restates the measurement.
 */
export interface TheoremCheck {
  theorem: string;
  /**
   * Property runs in the `ci` profile (scaled by the profile's runsScale); default: the harness's
   * DEFAULT_RUNS. Declared here so the multiple-testing budget (src/stats/budget.ts) can count claims.
   */
  numRuns?: number;
  /** Trials within the hypotheses, sized for the profile. */
  trials(profile: Profile): Arbitrary<Trial>;
  /** Runs the trial; `bound` overrides the registry's bound (mutation testing). */
  run(trial: Trial, bound?: BoundFn): TrialOutcome;
}
