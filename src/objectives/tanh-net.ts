import type { Objective } from '../engine/objective';
import { RandomStream } from '../engine/rng';
import { inBall, onSphere } from './data';
import { attachDistribution } from './distribution';
import { ballConstants, type Instance, type InstanceSpec } from './instance';
import type { Params } from './params';

/** max |tanh''| = 4/(3√3), at tanh = 1/√3. */
const TANH_D2 = 4 / (3 * Math.sqrt(3));

/** h(U; x) for x = X[offset..offset+p); fills act with tanh(⟨u_j, x⟩). */
export function tanhNetOutput(
  w: Float64Array,
  p: number,
  width: number,
  X: Float64Array,
  offset: number,
  act: Float64Array,
): number {
  let h = 0;
  for (let j = 0; j < width; j++) {
    let s = 0;
    for (let k = 0; k < p; k++) s += w[j * p + k] * X[offset + k];
    act[j] = Math.tanh(s);
    h += (j % 2 === 0 ? act[j] : -act[j]) / width;
  }
  return h;
}

/**
 * One hidden layer of `width` tanh units with a fixed output layer a_j = ±1/width (alternating):
 * h(U; x) = Σ_j a_j tanh(⟨u_j, x⟩) ∈ [−1, 1], loss f = (h − y)²/4 ∈ [0, 1] for y ∈ [−1, 1].
 * w = U flattened (d = width·p). Constants, valid on all of R^d (so on any ball):
 *   ‖∇f‖² = ((h−y)/2)² Σ_j a_j² tanh'² ‖x‖² ≤ Rx²/width            ⇒ L = Rx/√width;
 *   ∇²f = ½∇h∇hᵀ + ((h−y)/2)∇²h, ‖∇h‖² ≤ Rx²/width, ‖∇²h‖ ≤ TANH_D2·Rx²/width  ⇒ β = (½ + TANH_D2)·Rx²/width.
 */
export class TanhNetObjective implements Objective {
  readonly d: number;
  private readonly act: Float64Array;

  constructor(
    readonly p: number,
    readonly width: number,
    readonly n: number,
    /** n×p inputs. */
    readonly X: Float64Array,
    readonly y: Float64Array,
  ) {
    this.d = p * width;
    this.act = new Float64Array(width);
  }

  private forward(w: Float64Array, i: number): number {
    return tanhNetOutput(w, this.p, this.width, this.X, i * this.p, this.act);
  }

  loss(w: Float64Array, i: number): number {
    const e = this.forward(w, i) - this.y[i];
    return 0.25 * e * e;
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const { p, width, X, act } = this;
    const e = 0.5 * (this.forward(w, i) - this.y[i]);
    for (let j = 0; j < width; j++) {
      const c = (e * (j % 2 === 0 ? 1 : -1) * (1 - act[j] * act[j])) / width;
      for (let k = 0; k < p; k++) out[j * p + k] = c * X[i * p + k];
    }
  }

  withExample(i: number, x: Float64Array, y: number): TanhNetObjective {
    const X = this.X.slice();
    X.set(x, i * this.p);
    const Y = this.y.slice();
    Y[i] = y;
    return new TanhNetObjective(this.p, this.width, this.n, X, Y);
  }
}

/**
 * Data: x uniform in the ball of radius Rx; y = clamp(h(U°; x) + noise·U[−1, 1], −1, 1) for a teacher
 * U° with rows of norm 2/Rx. Non-convex: F* = 0 is only a lower bound.
 */
export function buildTanhNet(spec: InstanceSpec, p: Params): Instance {
  const { p: inDim, width, n, R, Rx, noise } = p;
  const root = RandomStream.fromSeed(spec.seed);
  const teacherW = new Float64Array(inDim * width);
  const teacherRng = root.split();
  for (let j = 0; j < width; j++) onSphere(teacherRng, inDim, 2 / Rx, teacherW, j * inDim);
  const act = new Float64Array(width);
  const teacher = (x: Float64Array, offset: number): number => tanhNetOutput(teacherW, inDim, width, x, offset, act);
  const draw = (rng: RandomStream, x: Float64Array, offset: number): number => {
    inBall(rng, inDim, Rx, x, offset);
    const y = teacher(x, offset) + noise * rng.uniform(-1, 1);
    return y > 1 ? 1 : y < -1 ? -1 : y;
  };
  const sample = (count: number, rng: RandomStream): TanhNetObjective => {
    const X = new Float64Array(count * inDim);
    const y = new Float64Array(count);
    for (let i = 0; i < count; i++) y[i] = draw(rng, X, i * inDim);
    return new TanhNetObjective(inDim, width, count, X, y);
  };
  const objective = sample(n, root.split());
  const d = inDim * width;
  const L = Rx / Math.sqrt(width);
  const inst: Instance = {
    spec,
    objective,
    constants: ballConstants({
      d,
      n,
      R,
      L,
      beta: ((0.5 + TANH_D2) * Rx * Rx) / width,
      mu: 0,
      convex: false,
      lossRange: [0, 1],
      Fstar: 0,
      FstarGap: Infinity,
      FstarCertificate: 'lower bound only: every loss (h − y)²/4 is ≥ 0 (non-convex: the minimum is not certified)',
    }),
  };
  return attachDistribution(inst, {
    sample,
    replace: (i, rng) => {
      const x = new Float64Array(inDim);
      const y = draw(rng, x, 0);
      return objective.withExample(i, x, y);
    },
  });
}
