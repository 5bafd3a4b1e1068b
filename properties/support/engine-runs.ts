/**
 * Random projected-SGD run configurations for the engine's invariants: a least-squares data set, a
 * schedule whose steps keep every update non-expansive (α_t ≤ 1/(scale·d) ≤ 2/β), an optional ball,
 * mini-batches and a w_0 inside W.
 */
import { fc } from '@fast-check/vitest';
import type { AveragerSpec } from '../../src/engine/averagers/averager';
import { RandomStream } from '../../src/engine/rng';
import type { ScheduleSpec } from '../../src/engine/schedule';
import type { SgdConfig } from '../../src/engine/sgd';
import { leastSquares } from './engine-fixtures';

export interface RunParams {
  n: number;
  d: number;
  T: number;
  dataSeed: number;
  runSeed: number;
  /** α_1·scale·d ∈ (0, 1]. */
  c0: number;
  schedule: ScaledScheduleKind;
  radius: number;
  batch: number;
  /** ‖w_0‖ as a fraction of min(radius, 2). */
  w0frac: number;
}

/** The schedules given by one scale (explicit steps are drawn where a test writes them out). */
type ScaledScheduleKind = Exclude<ScheduleSpec['kind'], 'explicit'>;

export function runParams(
  o: { maxT?: number; maxD?: number; projected?: boolean; batch?: boolean } = {},
): fc.Arbitrary<RunParams> {
  return fc.record({
    n: fc.integer({ min: 1, max: 30 }),
    d: fc.integer({ min: 1, max: o.maxD ?? 6 }),
    T: fc.integer({ min: 1, max: o.maxT ?? 150 }),
    dataSeed: fc.nat(),
    runSeed: fc.nat(),
    c0: fc.double({ min: 0.05, max: 1, noNaN: true }),
    schedule: fc.constantFrom<ScaledScheduleKind>('constant', 'inv-sqrt-t', 'inv-sqrt-T', 'inv-t'),
    radius:
      o.projected === false
        ? fc.constant(Infinity)
        : fc.oneof(fc.constant(Infinity), fc.double({ min: 0.05, max: 3, noNaN: true })),
    batch: o.batch === false ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
    w0frac: fc.double({ min: 0, max: 0.99, noNaN: true }),
  });
}

/** The schedule of `kind` with first step `a1` (for inv-sqrt-T: the constant c/√T is ≤ a1). */
export function scheduleOf(kind: ScaledScheduleKind, a1: number): ScheduleSpec {
  return kind === 'constant' ? { kind, alpha: a1 } : { kind, c: a1 };
}

/** The run of `p` on f ↦ scale·f with every step divided by scale (scale = 1: the plain run). */
export function configOf(p: RunParams, averagers: AveragerSpec[], scale = 1): SgdConfig {
  const objective = leastSquares({ n: p.n, d: p.d, seed: p.dataSeed, scale });
  const rng = RandomStream.fromSeed(p.dataSeed ^ 0x5bd1e995);
  const w0 = new Float64Array(p.d);
  let n2 = 0;
  for (let j = 0; j < p.d; j++) {
    w0[j] = rng.normal();
    n2 += w0[j] * w0[j];
  }
  const target = p.w0frac * Math.min(p.radius, 2);
  for (let j = 0; j < p.d; j++) w0[j] = n2 > 0 ? (w0[j] * target) / Math.sqrt(n2) : 0;
  return {
    objective,
    T: p.T,
    schedule: scheduleOf(p.schedule, p.c0 / p.d / scale),
    w0,
    radius: p.radius,
    batch: p.batch,
    averagers,
  };
}
