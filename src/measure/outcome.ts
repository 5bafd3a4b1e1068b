import {
  judgeEquality,
  judgeExact,
  judgeExpectation,
  judgePathwise,
  judgeSequential,
  type Judgement,
  type SampledOptions,
  type SequentialOptions,
} from '../stats/verdict';
import type { TrialOutcome } from '../theory/check';
import type { Scope } from '../theory/scope';

/**
 * A trial's outcome record, assembled from the statistics' judgement (src/stats/verdict.ts) and what
 * only the measurement knows: the scope the bound was evaluated at and the other numbers it recorded.
 * Each builder is the judgement of the same name plus that record.
 */

function outcomeOf(j: Judgement, scope: Scope, extra: Record<string, number> | undefined): TrialOutcome {
  // Field order is the order results.jsonl has always been written in.
  return {
    measured: j.measured,
    bound: j.bound,
    ratio: j.ratio,
    ...(j.interval ? { ci: j.interval } : {}),
    verdict: j.verdict,
    basis: j.basis,
    ...(j.slack !== undefined ? { slack: j.slack } : {}),
    scope,
    ...(extra ? { extra } : {}),
  };
}

/** A sampled judgement's record also carries its sample count and interval ends among the extra numbers. */
function sampledExtra(j: Judgement, extra: Record<string, number> | undefined): Record<string, number> {
  if (j.basis.kind !== 'sampled' || !j.interval) {
    throw new Error(
      `a sampled judgement without its samples or interval (basis ${j.basis.kind}): a bug in src/stats/verdict.ts`,
    );
  }
  return {
    ...(extra ?? {}),
    replicates: j.basis.samples,
    lowerConfidenceBound: j.interval.lower,
    upperConfidenceBound: j.interval.upper,
  };
}

/** measured ≤ bound for a value without sampling error (`detail` says which: pathwise, deterministic, enumerated). */
export function exactOutcome(
  measured: number,
  bound: number,
  scope: Scope,
  detail: string,
  extra?: Record<string, number>,
): TrialOutcome {
  return outcomeOf(judgeExact(measured, bound, detail), scope, extra);
}

/** A pathwise inequality on one run, exact up to the suite's float tolerance. */
export function pathwiseOutcome(
  measured: number,
  bound: number,
  scope: Scope,
  extra?: Record<string, number>,
): TrialOutcome {
  return outcomeOf(judgePathwise(measured, bound), scope, extra);
}

/** An identity: measured = predicted up to the suite's float tolerance; anything else is violated. */
export function equalityOutcome(
  measured: number,
  predicted: number,
  scope: Scope,
  extra?: Record<string, number>,
): TrialOutcome {
  return outcomeOf(judgeEquality(measured, predicted), scope, extra);
}

/** E[X] ≤ bound from a fixed set of i.i.d. samples (judgeExpectation). */
export function expectationOutcome(
  samples: ArrayLike<number>,
  bound: number,
  scope: Scope,
  stat: SampledOptions,
  extra?: Record<string, number>,
): TrialOutcome {
  const j = judgeExpectation(samples, bound, stat);
  return outcomeOf(j, scope, sampledExtra(j, extra));
}

/**
 * sup_j E[X_j] ≤ bound, sampling until decided (judgeSequential). `extra` receives the mean of every
 * component; the record also names the worst component.
 */
export function sequentialOutcome(
  m: number,
  draw: (r: number, out: Float64Array) => void,
  bound: number,
  scope: Scope,
  o: SequentialOptions,
  extra?: (means: Float64Array) => Record<string, number>,
): TrialOutcome {
  const s = judgeSequential(m, draw, bound, o);
  const recorded = { ...(extra ? extra(s.componentMeans) : {}), worstComponent: s.worstComponent };
  return outcomeOf(s.judgement, scope, sampledExtra(s.judgement, recorded));
}
