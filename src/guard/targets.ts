import type { Trial } from '../theory/check';
import type { Theorem } from '../theory/theorem';

/**
 * The guard's hard target: the linear loss with z′ = −z attains every convex stability
 * bound exactly in expectation (docs/theory/stability.md#g1-convex-general-steps), so on it every mutant
 * that shrinks a convex [S]/[D] stability bound by ≥ 10 % must be caught. These are the theorems the target covers.
 */
export const NOT_ATTAINED_BY_LINEAR: Readonly<Record<string, string>> = {
  'hrs-generalization':
    'bounds the generalization gap by a given stability ε; the linear instance attains stability, not the gap',
};

export function isConvexStabilityTarget(t: Theorem): boolean {
  return (
    t.family === 'stability' &&
    t.kind === 'upper' &&
    t.status !== 'paper-reading' &&
    t.classes.includes('linear') &&
    !(t.id in NOT_ATTAINED_BY_LINEAR)
  );
}

/** The bound-attaining instance's trials (generator "linear" of src/objectives). */
export const isLinearTrial = (t: Trial): boolean => t.instance.generator === 'linear';
