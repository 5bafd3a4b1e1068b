import type { Objective } from '../src/engine/objective';
import { RandomStream } from '../src/engine/rng';

/**
 * The logistic-ball workload: logistic regression f(w; (x, y)) = log(1 + exp(−y x·w)), X uniform in
 * [−1, 1]^{n×d}, labels Bernoulli(1/2) in {−1, +1}, drawn from `seed`. The same math as
 * bench/ref/logistic-ball.c (the data differ: another generator).
 *
 * A class, not an object of closures: every instance shares the prototype's methods, so the engine's
 * `objective.grad` call site stays monomorphic (inlinable) across instances.
 */
export class LogisticData implements Objective {
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

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const yi = this.y[i];
    const c = -yi / (1 + Math.exp(yi * this.margin(w, i)));
    const { X, d } = this;
    const off = i * d;
    for (let j = 0; j < d; j++) out[j] = c * X[off + j];
  }

  /** x_i·w with four partial sums (a single serial chain of d additions is latency-bound). */
  private margin(w: Float64Array, i: number): number {
    const { X, d } = this;
    const off = i * d;
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      m0 += X[off + j] * w[j];
      m1 += X[off + j + 1] * w[j + 1];
      m2 += X[off + j + 2] * w[j + 2];
      m3 += X[off + j + 3] * w[j + 3];
    }
    for (; j < d; j++) m0 += X[off + j] * w[j];
    return m0 + m1 + (m2 + m3);
  }
}
