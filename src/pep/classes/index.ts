import { InvalidParameterError } from '../../errors';
import { convexLipschitz } from './convex-lipschitz';
import { smoothConvex } from './smooth-convex';
import { smoothStronglyConvex } from './smooth-strongly-convex';
import type { FunctionClass } from './types';

/** A function class as plain JSON (certificates name it). */
export type FunctionClassSpec =
  | { kind: 'convex-lipschitz'; G: number }
  | { kind: 'smooth-convex'; beta: number }
  | { kind: 'smooth-strongly-convex'; mu: number; beta: number };

export function functionClass(spec: FunctionClassSpec): FunctionClass {
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
