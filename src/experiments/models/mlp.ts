import type { Dataset } from '../../data/dataset';
import { RandomStream } from '../../engine/rng';
import { requireInteger } from '../../validate';
import { rowAxpy, rowDot, type Model, type ModelConstants } from './model';
import { SoftmaxHead } from './softmax-head';

/**
 * One-hidden-layer network (non-convex, smooth): h = tanh(W₁x̃), logits = W₂(h, 1), softmax
 * cross-entropy. Parameters: W₁ (H rows of p + 1, bias last) then W₂ (K rows of H + 1).
 * No certified constants: on W = R^d the loss is neither globally Lipschitz nor bounded, so the
 * non-convex stability bounds (which need f ∈ [0, 1], L, β) do not apply; the experiments show
 * the measurements alone for it.
 */
export class OneHiddenLayerNet extends SoftmaxHead implements Model {
  readonly name: string;
  readonly convex = false;
  readonly d: number;
  readonly constants: ModelConstants = {
    L: null,
    beta: null,
    note: 'not certified: cross-entropy of a tanh network is neither Lipschitz nor bounded on R^d',
  };
  private readonly s1: number;
  private readonly off2: number;
  private readonly hid: Float64Array;

  constructor(
    data: Dataset,
    readonly hidden: number,
  ) {
    super(data);
    requireInteger('hidden', hidden, 1);
    this.name = `mlp(h=${hidden})`;
    this.s1 = data.X.p + 1;
    this.off2 = hidden * this.s1;
    this.d = this.off2 + this.K * (hidden + 1);
    this.hid = new Float64Array(hidden);
  }

  protected forward(w: Float64Array, i: number): void {
    const H = this.hidden;
    for (let j = 0; j < H; j++) this.hid[j] = Math.tanh(rowDot(this.data.X, i, w, j * this.s1));
    for (let c = 0; c < this.K; c++) {
      const o = this.off2 + c * (H + 1);
      let s = w[o + H];
      for (let j = 0; j < H; j++) s += w[o + j] * this.hid[j];
      this.z[c] = s;
    }
  }

  addGrad(w: Float64Array, i: number, a: number, out: Float64Array): void {
    this.prepare(w, i);
    const H = this.hidden;
    const y = this.data.y[i];
    for (let c = 0; c < this.K; c++) {
      const delta = a * (this.prob[c] - (c === y ? 1 : 0));
      const o = this.off2 + c * (H + 1);
      for (let j = 0; j < H; j++) out[o + j] += delta * this.hid[j];
      out[o + H] += delta;
    }
    for (let j = 0; j < H; j++) {
      let back = 0;
      for (let c = 0; c < this.K; c++) back += w[this.off2 + c * (H + 1) + j] * (this.prob[c] - (c === y ? 1 : 0));
      const dj = a * back * (1 - this.hid[j] * this.hid[j]);
      if (dj !== 0) rowAxpy(this.data.X, i, dj, out, j * this.s1);
    }
  }

  rebind(ds: Dataset): OneHiddenLayerNet {
    return new OneHiddenLayerNet(ds, this.hidden);
  }

  /** Small Gaussian weights (scale 0.5 into the tanh layer, 1/√H out of it), seeded; biases 0. */
  init(seed: number): Float64Array {
    const rng = RandomStream.fromSeed(seed);
    const w = new Float64Array(this.d);
    const H = this.hidden;
    for (let j = 0; j < H; j++) for (let q = 0; q < this.s1 - 1; q++) w[j * this.s1 + q] = 0.5 * rng.normal();
    const s2 = 1 / Math.sqrt(H);
    for (let c = 0; c < this.K; c++) for (let j = 0; j < H; j++) w[this.off2 + c * (H + 1) + j] = s2 * rng.normal();
    return w;
  }
}
