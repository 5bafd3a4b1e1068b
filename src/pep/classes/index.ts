import { InvalidParameterError } from '../../errors';
import { convexLipschitz } from './convex-lipschitz';
import { smoothConvex } from './smooth-convex';
import { smoothStronglyConvex } from './smooth-strongly-convex';
import { stronglyConvexBoundedSubgradient, type BoundedSubgradientConditions } from './strongly-convex-bounded';
import type { InterpolationClass } from './types';

/**
 * A PEP function class as plain JSON (certificates name it). Its kinds name interpolation classes, not
 * the generators' classes (FunctionClass, src/objectives/function-class.ts): 'convex-lipschitz' here is
 * the class of the generators' 'convex-nonsmooth' instances (convex, subgradients bounded by G), and
 * 'smooth-convex' that of 'convex-smooth'. Committed certificates store these kinds, so they keep them.
 */
export type InterpolationClassSpec =
  | { kind: 'convex-lipschitz'; G: number }
  | { kind: 'smooth-convex'; beta: number }
  | { kind: 'smooth-strongly-convex'; mu: number; beta: number }
  /**
   * μ-strongly convex, subgradients bounded by G on the set: bracketed by necessary conditions (an
   * upper bound) and sufficient ones (a realised instance, a lower bound); see strongly-convex-bounded.ts.
   */
  | { kind: 'strongly-convex-bounded-subgradient'; mu: number; G: number; conditions: BoundedSubgradientConditions };

/** Every class kind, for error messages that name what is supported. */
export const INTERPOLATION_CLASS_KINDS = [
  'convex-lipschitz',
  'smooth-convex',
  'smooth-strongly-convex',
  'strongly-convex-bounded-subgradient',
] as const;

export function interpolationClass(spec: InterpolationClassSpec): InterpolationClass {
  switch (spec.kind) {
    case 'convex-lipschitz':
      return convexLipschitz(spec.G);
    case 'smooth-convex':
      return smoothConvex(spec.beta);
    case 'smooth-strongly-convex':
      return smoothStronglyConvex(spec.mu, spec.beta);
    case 'strongly-convex-bounded-subgradient':
      return stronglyConvexBoundedSubgradient(spec.mu, spec.G, spec.conditions);
    default:
      throw new InvalidParameterError(
        'function class kind',
        (spec as { kind?: unknown }).kind,
        INTERPOLATION_CLASS_KINDS.map((k) => `'${k}'`).join(' | '),
      );
  }
}
