import type { Objective } from '../engine/objective';
import { RandomStream } from '../engine/rng';
import { certifyFstar, MINORANT_EPSILONS } from './certify';
import { inBall } from './data';
import { attachDistribution } from './distribution';
import { ballConstants, type Instance, type InstanceSpec } from './instance';
import type { Params } from './params';

/**
 * Polyhedral losses f(w; z_i) = max_{j<m} ⟨a_ij, w⟩ + b_ij (smallest maximising j gives the
 * subgradient). With eps > 0 it is the smooth minorant ε·log Σ_j exp(v_j/ε) − ε·log m ∈ [f − ε log m, f],
 * whose Hessian Aᵀ(diag p − ppᵀ)A/ε has norm ≤ max‖a‖²/ε (a variance of ⟨a_j, v⟩ under p).
 */
export class MaxAffineObjective implements Objective {
  private readonly v: Float64Array;

  constructor(
    readonly d: number,
    readonly n: number,
    readonly m: number,
    /** n·m·d slopes (example-major, then piece). */
    readonly A: Float64Array,
    /** n·m offsets. */
    readonly B: Float64Array,
    readonly eps = 0,
  ) {
    this.v = new Float64Array(m);
  }

  /** Fills v with the piece values of example i; returns the index of the first maximum. */
  private pieces(w: Float64Array, i: number): number {
    const { d, m, A, B, v } = this;
    let arg = 0;
    for (let j = 0; j < m; j++) {
      const o = (i * m + j) * d;
      let s = B[i * m + j];
      for (let k = 0; k < d; k++) s += A[o + k] * w[k];
      v[j] = s;
      if (s > v[arg]) arg = j;
    }
    return arg;
  }

  loss(w: Float64Array, i: number): number {
    const arg = this.pieces(w, i);
    const vmax = this.v[arg];
    if (this.eps === 0) return vmax;
    let s = 0;
    for (let j = 0; j < this.m; j++) s += Math.exp((this.v[j] - vmax) / this.eps);
    return vmax + this.eps * (Math.log(s) - Math.log(this.m));
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const { d, m, A, v, eps } = this;
    const arg = this.pieces(w, i);
    if (eps === 0) {
      const o = (i * m + arg) * d;
      for (let k = 0; k < d; k++) out[k] = A[o + k];
      return;
    }
    const vmax = v[arg];
    let s = 0;
    for (let j = 0; j < m; j++) {
      v[j] = Math.exp((v[j] - vmax) / eps);
      s += v[j];
    }
    out.fill(0);
    for (let j = 0; j < m; j++) {
      const p = v[j] / s;
      const o = (i * m + j) * d;
      for (let k = 0; k < d; k++) out[k] += p * A[o + k];
    }
  }

  smoothed(eps: number): MaxAffineObjective {
    return new MaxAffineObjective(this.d, this.n, this.m, this.A, this.B, eps);
  }
}

/**
 * Random polyhedral instance: a_ij uniform in the ball of radius Rx, b_ij uniform on [−Rx·R/2, 0].
 * L = Rx, β = ∞, loss ∈ [−1.5·Rx·R, Rx·R] on W; F* certified through log-sum-exp minorants.
 */
export function buildMaxAffine(spec: InstanceSpec, p: Params): Instance {
  const { d, n, R, Rx, pieces: m } = p;
  const bmax = (Rx * R) / 2;
  const drawExample = (rng: RandomStream, A: Float64Array, B: Float64Array, i: number): void => {
    for (let j = 0; j < m; j++) {
      inBall(rng, d, Rx, A, (i * m + j) * d);
      B[i * m + j] = -bmax * rng.float();
    }
  };
  const sample = (count: number, rng: RandomStream): MaxAffineObjective => {
    const A = new Float64Array(count * m * d);
    const B = new Float64Array(count * m);
    for (let i = 0; i < count; i++) drawExample(rng, A, B, i);
    return new MaxAffineObjective(d, count, m, A, B);
  };
  const objective = sample(n, RandomStream.fromSeed(spec.seed));
  const scale = Rx * R + bmax;
  const fstar = certifyFstar(
    objective,
    R,
    Infinity,
    {
      at: (eps) => ({ objective: objective.smoothed(eps), beta: (Rx * Rx) / eps }),
      epsilons: MINORANT_EPSILONS.map((e) => e * scale),
      slack: Math.log(m),
    },
    scale,
    n * m * d,
  );
  const inst: Instance = {
    spec,
    objective,
    constants: ballConstants({
      d,
      n,
      R,
      L: Rx,
      beta: Infinity,
      mu: 0,
      convex: true,
      lossRange: [-Rx * R - bmax, Rx * R],
      ...fstar,
    }),
  };
  return attachDistribution(inst, {
    sample,
    replace: (i, rng) => {
      const A = objective.A.slice();
      const B = objective.B.slice();
      drawExample(rng, A, B, i);
      return new MaxAffineObjective(d, n, m, A, B);
    },
  });
}
