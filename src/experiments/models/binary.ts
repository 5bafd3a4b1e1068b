import type { Dataset } from '../../data/dataset';
import { InvalidParameterError } from '../../errors';
import { maxAugmentedNorm, rowAxpy, rowDot, type Model, type ModelConstants } from './model';

/**
 * Binary linear classifiers on a two-class data set, with margin m = s·w·x̃, s = ±1, x̃ = (x, 1):
 * - logistic: f = log(1 + e^{−m}), convex, L = max‖x̃‖, β = max‖x̃‖²/4;
 * - hinge: f = max(0, 1 − m), convex, L = max‖x̃‖, non-smooth (β = ∞; subgradient 0 at the kink).
 */
export type BinaryLoss = 'logistic' | 'hinge';

export class BinaryLinear implements Model {
  readonly convex = true;
  readonly d: number;
  readonly n: number;
  readonly constants: ModelConstants;
  readonly name: BinaryLoss;

  constructor(
    readonly data: Dataset,
    readonly lossKind: BinaryLoss,
  ) {
    if (lossKind !== 'logistic' && lossKind !== 'hinge')
      throw new InvalidParameterError('loss', lossKind, "'logistic' | 'hinge'");
    if (data.classes.length !== 2)
      throw new InvalidParameterError('data.classes.length', data.classes.length, '2 (a binary task)');
    this.name = lossKind;
    this.d = data.X.p + 1;
    this.n = data.X.n;
    const r = maxAugmentedNorm(data.X);
    this.constants =
      lossKind === 'logistic'
        ? { L: r, beta: (r * r) / 4, note: `L = max‖x̃‖, β = max‖x̃‖²/4 with max‖x̃‖ = ${r.toPrecision(6)}` }
        : { L: r, beta: Infinity, note: `L = max‖x̃‖ = ${r.toPrecision(6)}; non-smooth` };
  }

  private margin(w: Float64Array, i: number): number {
    return (this.data.y[i] === 1 ? 1 : -1) * rowDot(this.data.X, i, w, 0);
  }

  loss(w: Float64Array, i: number): number {
    const m = this.margin(w, i);
    if (this.lossKind === 'hinge') return Math.max(0, 1 - m);
    // log(1 + e^{−m}) without overflow for large |m|.
    return m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    out.fill(0);
    this.addGrad(w, i, 1, out);
  }

  addGrad(w: Float64Array, i: number, a: number, out: Float64Array): void {
    const s = this.data.y[i] === 1 ? 1 : -1;
    const m = s * rowDot(this.data.X, i, w, 0);
    // d f/d m: −σ(−m) for logistic, −1[m < 1] for hinge.
    const dm = this.lossKind === 'hinge' ? (m < 1 ? -1 : 0) : -1 / (1 + Math.exp(m));
    if (dm !== 0) rowAxpy(this.data.X, i, a * s * dm, out, 0);
  }

  evaluate(w: Float64Array): { loss: number; accuracy: number } {
    let loss = 0;
    let right = 0;
    for (let i = 0; i < this.n; i++) {
      loss += this.loss(w, i);
      if (this.margin(w, i) > 0) right++;
    }
    return { loss: loss / this.n, accuracy: right / this.n };
  }

  rebind(ds: Dataset): BinaryLinear {
    return new BinaryLinear(ds, this.lossKind);
  }

  init(_seed: number): Float64Array {
    return new Float64Array(this.d);
  }
}
