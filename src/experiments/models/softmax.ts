import type { Dataset } from '../../data/dataset';
import { maxAugmentedNorm, rowAxpy, rowDot, type Model, type ModelConstants } from './model';
import { SoftmaxHead } from './softmax-head';

/**
 * Multinomial logistic regression (convex): f(W; x, y) = log Σ_c exp(W_c·x̃) − W_y·x̃, x̃ = (x, 1),
 * W stored class by class, bias last: d = K(p + 1).
 * Certified constants: ∇f = (π − e_y) x̃ᵀ with ‖π − e_y‖² ≤ 2(1 − π_y)² ≤ 2, so L = √2·max‖x̃‖;
 * the Hessian is (diag π − ππᵀ) ⊗ x̃x̃ᵀ with λ_max(diag π − ππᵀ) ≤ 1/2, so β = max‖x̃‖²/2.
 */
export class SoftmaxRegression extends SoftmaxHead implements Model {
  readonly name = 'softmax';
  readonly convex = true;
  readonly d: number;
  readonly constants: ModelConstants;
  private readonly stride: number;

  constructor(data: Dataset) {
    super(data);
    this.stride = data.X.p + 1;
    this.d = this.K * this.stride;
    const r = maxAugmentedNorm(data.X);
    this.constants = {
      L: Math.SQRT2 * r,
      beta: (r * r) / 2,
      note: `L = √2·max‖x̃‖, β = max‖x̃‖²/2 with max‖x̃‖ = ${r.toPrecision(6)}`,
    };
  }

  protected forward(w: Float64Array, i: number): void {
    for (let c = 0; c < this.K; c++) this.z[c] = rowDot(this.data.X, i, w, c * this.stride);
  }

  addGrad(w: Float64Array, i: number, a: number, out: Float64Array): void {
    this.prepare(w, i);
    const y = this.data.y[i];
    for (let c = 0; c < this.K; c++)
      rowAxpy(this.data.X, i, a * (this.prob[c] - (c === y ? 1 : 0)), out, c * this.stride);
  }

  rebind(ds: Dataset): SoftmaxRegression {
    return new SoftmaxRegression(ds);
  }

  init(_seed: number): Float64Array {
    return new Float64Array(this.d);
  }
}
