import type { Algebra } from '../algebra';

/** A point of the PEP with its oracle answer: x, a subgradient g ∈ ∂f(x) and the value f(x). */
export interface OraclePoint<V, S> {
  /** Stable name used in constraint keys: x0..xT, x*, w (the averaged output). */
  name: string;
  x: V;
  g: V;
  f: S;
}

/** A point of a constraint set with a normal vector h ∈ N_W(x) (null: the zero vector, no constraint). */
export interface NormalPoint<V> {
  name: string;
  x: V;
  h: V | null;
}

/** One inequality `value() ≤ 0`, named by a key that stays stable across runs (certificates store it). */
export interface Inequality<S> {
  key: string;
  value: () => S;
}

/**
 * A function class given by its interpolation conditions: a finite set of (x, g, f) triples is
 * interpolable by a function of the class if and only if every returned inequality holds. (Not the
 * generators' FunctionClass, a name for the classes of instances in src/objectives/.)
 */
export interface InterpolationClass {
  readonly label: string;
  interpolation<V, S>(alg: Algebra<V, S>, points: readonly OraclePoint<V, S>[]): Inequality<S>[];
}

/** Every ordered pair (i, j), i ≠ j. */
export function orderedPairs<P>(points: readonly P[]): [P, P][] {
  const out: [P, P][] = [];
  for (const a of points) for (const b of points) if (a !== b) out.push([a, b]);
  return out;
}
