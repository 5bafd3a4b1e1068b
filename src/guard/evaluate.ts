import type { BoundFn, TheoremCheck, Trial, TrialOutcome } from '../theory/check';
import type { Scope } from '../theory/scope';
import type { Theorem } from '../theory/theorem';
import type { CompiledBound } from '../theory/expr';

/**
 * One trial run once through its check, with the scopes at which the check evaluated the bound.
 * Knowing those scopes lets the guard re-score the same measurement against any mutant without
 * re-running the engine (a measurement does not depend on the bound it is compared with).
 */
export interface EvaluatedTrial {
  trial: Trial;
  outcome: TrialOutcome;
  /** Every scope the check passed to the bound, in call order. */
  scopes: Scope[];
}

/**
 * The ratio the guard ranks by and records: the one-sided lower confidence bound of the mean over
 * the bound for expectation claims (so sampling noise cannot fake tightness, and a ratio > 1 is a
 * violation by the suite's own rule), and measured/bound for pathwise claims.
 */
export function certifiedRatio(outcome: TrialOutcome, bound = outcome.bound): number {
  const numerator = outcome.ci ? outcome.ci.lower : outcome.measured;
  if (bound > 0) return numerator / bound;
  return numerator <= 0 ? 0 : Infinity;
}

/** measured / bound, the point estimate. */
export function pointRatio(outcome: TrialOutcome, bound = outcome.bound): number {
  if (bound > 0) return outcome.measured / bound;
  return outcome.measured <= 0 ? 0 : Infinity;
}

/**
 * `bound` behind the theorem's hypotheses, as theorem.evaluate would be: a check that relies on
 * evaluate() for validation must not lose it when the guard swaps in another bound (the hill-climb
 * would otherwise walk to k > T and "violate" the theorem outside its setting).
 */
export function withHypotheses(theorem: Pick<Theorem, 'assertHypotheses'>, bound: CompiledBound): BoundFn {
  return (s) => {
    theorem.assertHypotheses(s);
    return bound.evaluate(s);
  };
}

/** Runs `trial` with `bound` (the theorem's own when omitted), recording the scopes it is evaluated at. */
export function runRecorded(check: TheoremCheck, trial: Trial, bound?: CompiledBound | BoundFn): EvaluatedTrial {
  const scopes: Scope[] = [];
  const inner: BoundFn | undefined =
    bound === undefined ? undefined : typeof bound === 'function' ? bound : (s) => bound.evaluate(s);
  const recording: BoundFn | undefined = inner
    ? (s) => {
        scopes.push({ ...s });
        return inner(s);
      }
    : undefined;
  const outcome = check.run(trial, recording);
  return { trial, outcome, scopes: recording ? scopes : [outcome.scope] };
}

/**
 * The value of `bound` where this trial's measurement was compared, or NaN when that is not one
 * well-defined scope (the check evaluated several) or the bound cannot be evaluated there.
 */
export function boundAt(e: EvaluatedTrial, bound: CompiledBound): number {
  if (e.scopes.length !== 1) return NaN;
  try {
    return bound.evaluate(e.scopes[0]);
  } catch {
    return NaN;
  }
}

/** Clones a trial through JSON: trials are plain JSON values (src/theory/check.ts). */
export function cloneTrial(t: Trial): Trial {
  return JSON.parse(JSON.stringify(t)) as Trial;
}
