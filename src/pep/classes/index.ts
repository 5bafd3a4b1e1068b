import { InvalidParameterError } from '../../errors';
import { convexLipschitz } from './convex-lipschitz';
import { smoothConvex } from './smooth-convex';
import { smoothStronglyConvex } from './smooth-strongly-convex';
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
  | { kind: 'smooth-strongly-convex'; mu: number; beta: number };

export function interpolationClass(spec: InterpolationClassSpec): InterpolationClass {
  switch (spec.kind) {
    case 'convex-lipschitz':
      return convexLipschitz(spec.G);
    case 'smooth-convex':
      return smoothConvex(spec.beta);
    case 'smooth-strongly-convex':
      return smoothStronglyConvex(spec.mu, spec.beta);
    default:
      throw new InvalidParameterError(
        'function class kind',
        (spec as { kind?: unknown }).kind,
        "'convex-lipschitz' | 'smooth-convex' | 'smooth-strongly-convex'",
      );
  }
}
