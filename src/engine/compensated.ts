/**
 * A running sum of d-vectors with Neumaier-style compensation per coordinate (the exact error of each
 * addition, by TwoSum, accumulated separately): sum + comp
 * carries the exact sum to O(n·ε²·Σ|x|) whatever the cancellation, and one final rounding gives it to
 * about ε relative.
 */
export class CompensatedSum {
  readonly sum: Float64Array;
  readonly comp: Float64Array;

  constructor(readonly d: number) {
    this.sum = new Float64Array(d);
    this.comp = new Float64Array(d);
  }

  clear(): void {
    this.sum.fill(0);
    this.comp.fill(0);
  }

  /** Becomes an exact copy of `src` (same d). */
  copyFrom(src: CompensatedSum): void {
    this.sum.set(src.sum);
    this.comp.set(src.comp);
  }

  /** Σ ← Σ + x */
  add(x: Float64Array): void {
    this.addAt(x, 0);
  }

  /** Σ ← Σ + buf[off .. off + d) */
  addAt(buf: Float64Array, off: number): void {
    const { d, sum, comp } = this;
    for (let j = 0; j < d; j++) {
      const x = buf[off + j];
      const s = sum[j];
      const t = s + x;
      // Knuth's TwoSum: the exact rounding error of s + x, what Neumaier's branch computes, without a
      // data-dependent branch (mispredicted about half the time on mixed magnitudes).
      const z = t - s;
      comp[j] += s - (t - z) + (x - z);
      sum[j] = t;
    }
  }

  /** out ← Σ / n, as Σ·(1/n): d divisions cost more than the sums themselves (≤ 1.5 ulp instead of 0.5). */
  meanInto(out: Float64Array, n: number): void {
    const { d, sum, comp } = this;
    const inv = 1 / n;
    for (let j = 0; j < d; j++) out[j] = (sum[j] + comp[j]) * inv;
  }
}
