/**
 * Fixtures of the engine's property tests: a tiny deterministic least-squares objective (the real
 * generators live in src/objectives/), exact summation as a reference, bit comparison, and the
 * fast-check parameters of the current profile (seed, runs, replay path).
 */
import { marginOf, type LinearGradient, type Objective } from '../../src/engine/objective';
import { RandomStream } from '../../src/engine/rng';
import { fastCheckParams } from '../../src/profile';

export interface LeastSquaresOptions {
  n: number;
  d: number;
  seed: number;
  /** f ↦ scale·f (the rescaling invariant). */
  scale?: number;
  /** Overwrite one data entry x_{index, 0} (NaN/∞ data: the engine must stop with a DivergenceError). */
  poison?: { index: number; value: number };
}

/**
 * f(w; z_i) = (scale/2)(x_i·w − y_i)², x_i uniform in [−1, 1]^d, y_i uniform in [−1, 1].
 * β_i = scale·‖x_i‖² ≤ scale·d, so α ≤ 1/(scale·d) keeps every step non-expansive.
 */
export function leastSquares(o: LeastSquaresOptions): LeastSquares {
  const { n, d } = o;
  const rng = RandomStream.fromSeed(o.seed);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n * d; i++) X[i] = rng.uniform(-1, 1);
  for (let i = 0; i < n; i++) y[i] = rng.uniform(-1, 1);
  if (o.poison) X[o.poison.index * d] = o.poison.value;
  return leastSquaresOn(X, y, d, o.scale ?? 1);
}

/** Exposes its linear gradient (rows, slope), so the engine takes the fused path at batch 1. */
export type LeastSquares = Objective & LinearGradient & { X: Float64Array; y: Float64Array; scale: number };

/** The same objective without the linear-gradient fields: the engine's generic path. */
export function genericOnly(o: Objective): Objective {
  return { d: o.d, n: o.n, loss: (w, i) => o.loss(w, i), grad: (w, i, out) => o.grad(w, i, out) };
}

/** S^(i): the same data with example i redrawn from `seed`. */
export function replaceExample(S: LeastSquares, i: number, seed: number): LeastSquares {
  const rng = RandomStream.fromSeed(seed);
  const X = S.X.slice();
  const y = S.y.slice();
  for (let j = 0; j < S.d; j++) X[i * S.d + j] = rng.uniform(-1, 1);
  y[i] = rng.uniform(-1, 1);
  return leastSquaresOn(X, y, S.d, S.scale);
}

function leastSquaresOn(X: Float64Array, y: Float64Array, d: number, scale: number): LeastSquares {
  const slope = (u: number, i: number) => scale * (u - y[i]);
  const residual = (w: Float64Array, i: number): number => marginOf(X, w, i) - y[i];
  return {
    d,
    n: y.length,
    X,
    y,
    scale,
    rows: X,
    slope,
    loss: (w, i) => 0.5 * scale * residual(w, i) ** 2,
    grad: (w, i, out) => {
      const r = slope(marginOf(X, w, i), i);
      for (let j = 0; j < d; j++) out[j] = r * X[i * d + j];
    },
  };
}

/** Same bits (so +0 ≠ −0 and NaN payloads count), the meaning of "bit for bit". */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** The correctly rounded sum (Shewchuk's exact partials, as Python's math.fsum): the reference. */
export function fsum(xs: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let x = xs[i];
    let m = 0;
    for (let p = 0; p < partials.length; p++) {
      let y = partials[p];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[m++] = lo;
      x = hi;
    }
    partials.length = m;
    partials.push(x);
  }
  let hi = 0;
  let n = partials.length;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

/**
 * fast-check parameters of the current profile: its seed, `runs` × the profile's scale, and FWA_PATH to
 * jump to a reported counterexample. fast-check prints seed and path on failure.
 */
export const propParams = (runs: number): ReturnType<typeof fastCheckParams> => fastCheckParams(runs);

/** Unit-roundoff-scale ε of Float64 (2^-52). */
export const EPS = Number.EPSILON;
