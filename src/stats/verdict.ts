import type { TrialOutcome } from '../measure/trial';
import type { Scope } from '../theory/theorem';
import { InvalidParameterError } from '../errors';
import { lowerConfidenceBound, type LowerBoundOptions } from './confidence';
import { eqTol, leqTol } from './tolerance';

/**
 * Verdicts of one trial, the two ways docs/theorems.md#how-a-verdict-is-reached describes:
 *   - pathwise: measured ≤ bound up to the suite's float tolerance (tolerance.ts);
 *   - expectation: violated only when the one-sided lower confidence bound of the mean
 *     (confidence.ts, at the per-claim δ of budget.ts) exceeds the bound; a sample mean above the
 *     bound whose lower confidence bound is not is 'inconclusive', never a failure.
 * Checks (src/measure/*) build their TrialOutcome with these, so every family decides alike.
 */
function ratioOf(measured: number, bound: number): number {
  if (bound > 0) return measured / bound;
  // A zero bound met with equality up to the float tolerance (e.g. Jensen on a linear loss) is attained.
  if (eqTol(measured, bound)) return 1;
  return measured < bound ? 0 : Infinity;
}

function requireFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new InvalidParameterError(name, v, 'a finite number (a NaN or ∞ is a bug upstream)');
}

export function pathwiseOutcome(
  measured: number,
  bound: number,
  scope: Scope,
  extra?: Record<string, number>,
): TrialOutcome {
  requireFinite('measured', measured);
  requireFinite('bound', bound);
  return {
    measured,
    bound,
    ratio: ratioOf(measured, bound),
    verdict: leqTol(measured, bound) ? 'holds' : 'violated',
    scope,
    ...(extra ? { extra } : {}),
  };
}

export function expectationOutcome(
  samples: ArrayLike<number>,
  bound: number,
  scope: Scope,
  stat: LowerBoundOptions,
  extra?: Record<string, number>,
): TrialOutcome {
  requireFinite('bound', bound);
  const lcb = lowerConfidenceBound(samples, stat);
  const verdict = lcb.value > bound ? 'violated' : lcb.mean > bound ? 'inconclusive' : 'holds';
  return {
    measured: lcb.mean,
    bound,
    ratio: ratioOf(lcb.mean, bound),
    ci: { lower: lcb.value, upper: Infinity, level: lcb.level },
    verdict,
    scope,
    extra: { ...(extra ?? {}), replicates: lcb.n, lowerConfidenceBound: lcb.value },
  };
}

/** An identity: measured = predicted up to the suite's float tolerance (checked both ways). */
export function equalityOutcome(
  measured: number,
  predicted: number,
  scope: Scope,
  extra?: Record<string, number>,
): TrialOutcome {
  requireFinite('measured', measured);
  requireFinite('predicted', predicted);
  return {
    measured,
    bound: predicted,
    ratio: ratioOf(measured, predicted),
    verdict: eqTol(measured, predicted) ? 'holds' : 'violated',
    scope,
    ...(extra ? { extra } : {}),
  };
}
