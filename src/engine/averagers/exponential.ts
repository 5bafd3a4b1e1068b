import { InvalidParameterError } from '../../errors';
import { requireInteger } from '../../validate';
import { type Averager, type EmaWarmup, sameClass } from './averager';

/**
 * The exponential moving average (EMA), plain or with timm ModelEmaV3 warm-up.
 */

/** EMA, plain or with timm ModelEmaV3 warm-up; see AveragerSpec and EmaWarmup. */
export class ExponentialAverage implements Averager {
  private readonly cur: Float64Array;
  private readonly gamma: number;
  private readonly warm?: Required<EmaWarmup>;

  constructor(
    readonly spec: { kind: 'ema'; gamma: number; warmup?: EmaWarmup },
    d: number,
  ) {
    const g = spec.gamma;
    if (typeof g !== 'number' || !(g > 0 && g <= 1))
      throw new InvalidParameterError('ema.gamma', g, 'a number in (0, 1] (weight of the new iterate)');
    this.gamma = g;
    if (spec.warmup !== undefined) {
      const w = spec.warmup;
      const warm: Required<EmaWarmup> = {
        warmupPower: w.warmupPower ?? 2 / 3,
        warmupGamma: w.warmupGamma ?? 1,
        minDecay: w.minDecay ?? 0,
        updateAfterStep: w.updateAfterStep ?? 0,
      };
      if (!(warm.warmupPower > 0 && Number.isFinite(warm.warmupPower))) {
        throw new InvalidParameterError('ema.warmup.warmupPower', warm.warmupPower, 'a finite number > 0');
      }
      if (!(warm.warmupGamma > 0 && Number.isFinite(warm.warmupGamma))) {
        throw new InvalidParameterError('ema.warmup.warmupGamma', warm.warmupGamma, 'a finite number > 0');
      }
      if (!(warm.minDecay >= 0 && warm.minDecay <= 1 - g)) {
        throw new InvalidParameterError('ema.warmup.minDecay', warm.minDecay, `a number in [0, 1 − γ] = [0, ${1 - g}]`);
      }
      requireInteger('ema.warmup.updateAfterStep', warm.updateAfterStep, 0);
      this.warm = warm;
    }
    this.cur = new Float64Array(d);
  }

  /** γ_t = 1 − decay_t; clamping γ rather than the decay keeps γ_t ≡ γ exact once the cap binds. */
  gammaAt(t: number): number {
    const w = this.warm;
    if (!w) return this.gamma;
    const s = Math.max(0, t - w.updateAfterStep - 1);
    if (s <= 0) return 1;
    const raw = Math.pow(1 + s / w.warmupGamma, -w.warmupPower);
    return Math.min(Math.max(raw, this.gamma), 1 - w.minDecay);
  }

  init(w0: Float64Array): void {
    this.cur.set(w0);
  }

  update(t: number, w: Float64Array): void {
    const g = this.gammaAt(t);
    // A copy, not 0·w̃ + w: that would turn w_j = −0 into +0 and break EMA(γ = 1) ≡ last bit for bit.
    if (g === 1) {
      this.cur.set(w);
      return;
    }
    const h = 1 - g;
    const cur = this.cur;
    for (let j = 0; j < cur.length; j++) cur[j] = h * cur[j] + g * w[j];
  }

  read(): Float64Array {
    return this.cur;
  }

  copyFrom(from: Averager): void {
    this.cur.set(sameClass(this, from).cur);
  }

  weights(T: number): Float64Array {
    const l = new Float64Array(T + 1);
    let keep = 1;
    for (let t = T; t >= 1; t--) {
      const g = this.gammaAt(t);
      l[t] = g * keep;
      keep *= 1 - g;
    }
    l[0] = keep;
    return l;
  }
}
