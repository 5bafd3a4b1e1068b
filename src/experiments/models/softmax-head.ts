import type { Dataset } from '../../data/dataset';
import { argmax, logSoftmax } from './model';

/**
 * What the softmax regression and the network share: a forward pass that writes the K logits into
 * `z`, then cross-entropy, its gradient entry point and the one-pass evaluation. Subclasses give
 * `forward` and `addGrad` (which may rely on `prepare` having filled z and prob).
 */
export abstract class SoftmaxHead {
  readonly n: number;
  readonly K: number;
  protected readonly z: Float64Array;
  protected readonly prob: Float64Array;

  constructor(readonly data: Dataset) {
    this.n = data.X.n;
    this.K = data.classes.length;
    this.z = new Float64Array(this.K);
    this.prob = new Float64Array(this.K);
  }

  /** Writes the logits of example i at w into this.z. */
  protected abstract forward(w: Float64Array, i: number): void;
  abstract addGrad(w: Float64Array, i: number, a: number, out: Float64Array): void;

  /** Forward pass and softmax: z, prob filled; returns the cross-entropy of example i. */
  protected prepare(w: Float64Array, i: number): number {
    this.forward(w, i);
    return logSoftmax(this.z, this.prob) - this.z[this.data.y[i]];
  }

  loss(w: Float64Array, i: number): number {
    return this.prepare(w, i);
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    out.fill(0);
    this.addGrad(w, i, 1, out);
  }

  evaluate(w: Float64Array): { loss: number; accuracy: number } {
    let loss = 0;
    let right = 0;
    for (let i = 0; i < this.n; i++) {
      loss += this.prepare(w, i);
      if (argmax(this.z) === this.data.y[i]) right++;
    }
    return { loss: loss / this.n, accuracy: right / this.n };
  }
}
