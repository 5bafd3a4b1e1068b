import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import type { Averager, AveragerChoice, AveragerSpec } from './averagers/averager';
import { CheckpointBlocks, CheckpointWindow } from './averagers/checkpoint';
import { ExplicitWeights } from './averagers/explicit';
import { ExponentialAverage } from './averagers/exponential';
import { SelectedMean, suffixLength } from './averagers/selected';

/**
 * Choosing an averager: the engine averager of a spec, a user's averager, their names, and the weights
 * over w_0..w_T with their tail masses. The families live in src/engine/averagers/ (one file each).
 */

/**
 * THE way to get an Averager, for dimension d: an engine spec's, or a user's averager through its own
 * `make(d)` (CustomAverager).
 */
export function makeAverager(choice: AveragerChoice, d: number): Averager {
  if ('make' in choice) {
    requireInteger('averager dimension d', d, 1);
    return choice.make(d);
  }
  return engineAverager(choice, d);
}

export function averagerName(s: AveragerChoice): string {
  if ('make' in s) return s.name;
  switch (s.kind) {
    case 'last':
      return 'SGD (last iterate)';
    case 'fwa':
      return `FWA(k=${s.k})`;
    case 'lawa':
      return `LAWA(k=${s.k}, ν=${s.nu}${s.mode === 'block' ? ', blocks' : ''})`;
    case 'swa':
      return `SWA(start=${s.start}, every=${s.every ?? 1})`;
    case 'ema':
      return `EMA(γ=${s.gamma}${s.warmup ? ', warm-up' : ''})`;
    case 'polyak':
      return `Polyak(t₀=${s.t0})`;
    case 'suffix':
      return `suffix(α=${s.alpha})`;
    case 'explicit':
      return `weights λ_0..λ_${s.weights.length - 1}`;
  }
}

/** The engine's averager of a spec (the families of src/engine/averagers/). */
function engineAverager(spec: AveragerSpec, d: number): Averager {
  requireInteger('averager dimension d', d, 1);
  switch (spec?.kind) {
    case 'last':
      return new CheckpointWindow(spec, d, 1, 1);
    case 'fwa':
      return new CheckpointWindow(spec, d, requireInteger('fwa.k', spec.k, 1), 1);
    case 'lawa': {
      const k = requireInteger('lawa.k', spec.k, 1);
      const nu = requireInteger('lawa.nu', spec.nu, 1);
      const mode = spec.mode ?? 'sliding';
      if (mode === 'sliding') return new CheckpointWindow(spec, d, k, nu);
      if (mode === 'block') return new CheckpointBlocks(spec, d, k, nu);
      throw new InvalidParameterError('lawa.mode', mode, "'sliding' | 'block'");
    }
    case 'swa': {
      const s = requireInteger('swa.start', spec.start, 0);
      const c = requireInteger('swa.every', spec.every ?? 1, 1);
      const sel = (t: number) => t >= s && (t - s) % c === 0;
      return new SelectedMean(spec, d, sel, 'w0', (T) => {
        if (s > T) throw new InvalidParameterError('swa.start', s, `a step ≤ T = ${T} (else nothing is averaged)`);
      });
    }
    case 'ema':
      return new ExponentialAverage(spec, d);
    case 'polyak': {
      const t0 = requireInteger('polyak.t0', spec.t0, 0);
      return new SelectedMean(
        spec,
        d,
        (t) => t > t0,
        'last',
        (T) => {
          if (t0 >= T)
            throw new InvalidParameterError(
              'polyak.t0',
              t0,
              `an integer in [0, T − 1] = [0, ${T - 1}] (uniform over t > t₀)`,
            );
        },
      );
    }
    case 'suffix': {
      const a = spec.alpha;
      if (typeof a !== 'number' || !(a > 0 && a <= 1))
        throw new InvalidParameterError('suffix.alpha', a, 'a number in (0, 1]');
      return new SelectedMean(spec, d, (t, T) => t > T - suffixLength(a, T), 'last');
    }
    case 'explicit':
      return new ExplicitWeights(spec, d);
    default:
      throw new InvalidParameterError(
        'averager.kind',
        (spec as { kind?: unknown })?.kind,
        "one of 'last' | 'fwa' | 'lawa' | 'swa' | 'ema' | 'polyak' | 'suffix' | 'explicit'",
      );
  }
}

/** The weights over w_0..w_T of an averager after T steps (a d = 1 instance; O(T)). */
export function averagerWeights(choice: AveragerChoice, T: number): Float64Array {
  requireInteger('T', T, 0);
  const a = makeAverager(choice, 1);
  // init checks the spec against the horizon (polyak t₀ < T, a complete LAWA block, SWA's start ≤ T): a
  // spec no run of T steps accepts has no weights either.
  a.init(new Float64Array(1), T);
  return a.weights(T);
}

/**
 * Tail masses Λ_t = Σ_{i ≥ t} λ_i of weights λ over w_0..w_T, at index t (Λ_0 = Σλ). The averaged point of
 * unprojected SGD is w_0 − Σ_{t≥1} Λ_t α_t g_t (docs/theory/setting.md#tail-masses). Summed from the tail, the end that
 * carries the mass.
 */
export function tailMass(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  for (let t = weights.length - 1; t >= 0; t--) {
    s += weights[t];
    out[t] = s;
  }
  return out;
}
