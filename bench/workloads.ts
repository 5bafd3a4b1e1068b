import type { LinearGradient, Objective } from '../src/engine/objective';
import { RandomStream } from '../src/engine/rng';
import { dotRow } from '../src/engine/vec';

/**
 * The logistic-ball workload: logistic regression f(w; (x, y)) = log(1 + exp(−y x·w)), X uniform in
 * [−1, 1]^{n×d}, labels Bernoulli(1/2) in {−1, +1}, drawn from `seed`. The same math as
 * bench/ref/logistic-ball.c (the data differ: another generator).
 *
 * A class, not an object of closures: every instance shares the prototype's methods, so the engine's
 * call sites stay monomorphic (inlinable) across instances. It exposes its linear gradient
 * (∇f = c·x_i), which the engine fuses into the update.
 */
export class LogisticData implements Objective, LinearGradient {
  readonly X: Float64Array;
  readonly y: Float64Array;

  constructor(
    readonly d: number,
    readonly n: number,
    seed: number,
  ) {
    const rng = RandomStream.fromSeed(seed);
    this.X = new Float64Array(n * d);
    this.y = new Float64Array(n);
    for (let i = 0; i < n * d; i++) this.X[i] = rng.uniform(-1, 1);
    for (let i = 0; i < n; i++) this.y[i] = rng.bernoulli(0.5) === 1 ? 1 : -1;
  }

  loss(w: Float64Array, i: number): number {
    const z = -this.y[i] * this.margin(w, i);
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  get rows(): Float64Array {
    return this.X;
  }

  /** ∂f/∂u at u = x_i·w: −y σ(−y u) */
  slope(u: number, i: number): number {
    const yi = this.y[i];
    return -yi / (1 + Math.exp(yi * u));
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const c = this.slope(this.margin(w, i), i);
    const { X, d } = this;
    const off = i * d;
    for (let j = 0; j < d; j++) out[j] = c * X[off + j];
  }

  private margin(w: Float64Array, i: number): number {
    return dotRow(this.X, i * this.d, w, this.d);
  }
}
