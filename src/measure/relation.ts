import type { Arbitrary } from 'fast-check';
import { InvalidParameterError } from '../errors';
import { equalityOutcome, pathwiseOutcome } from './outcome';
import { sideScope, type CheckBuilder, type Theorem } from '../theory/theorem';
import { type Scope } from '../theory/scope';
import { pointTrial } from './arbitraries';
import type { BoundFn, TrialOutcome } from '../theory/check';

/**
 * THE check of a relation between registry bounds (no engine): both sides are evaluated at the
 * trial's parameter point, with the sides the theorem names by value (Theorem.relation), and
 *   ordering (kind 'ordering'): lhs ≤ B, B = rhs, up to the suite's float tolerance;
 *   ratio identity (kind 'equality'): lhs / rhs equals the theorem's own bound expression.
 * `points` draws parameter points within the theorem's hypotheses (each family knows its symbols).
 */
export function relationCheck(points: (theorem: Theorem) => Arbitrary<Scope>, numRuns: number): CheckBuilder {
  return (theorem) => {
    const rel = theorem.relation;
    if (!rel || theorem.kind === 'upper') {
      throw new InvalidParameterError(
        `relation of theorem ${theorem.id}`,
        rel ? theorem.kind : undefined,
        "kind 'ordering' or 'equality' with relation: { lhs, rhs } naming the two bounds",
      );
    }
    return {
      numRuns,
      trials: () => points(theorem).map((params) => pointTrial(theorem, params)),
      run(trial, bound?: BoundFn): TrialOutcome {
        const scope: Scope = trial.params;
        // The relation's own hypotheses first: a point outside them is refused, whatever the sides say.
        theorem.assertHypotheses(scope);
        const lhs = rel.lhs.theorem.evaluate(sideScope(rel.lhs, scope));
        const rhs = rel.rhs.theorem.evaluate(sideScope(rel.rhs, scope));
        const at = theorem.kind === 'ordering' ? { ...scope, B: rhs } : scope;
        const b = bound ? bound(at) : theorem.evaluate(at);
        return theorem.kind === 'ordering' ? pathwiseOutcome(lhs, b, scope) : equalityOutcome(lhs / rhs, b, scope);
      },
    };
  };
}
