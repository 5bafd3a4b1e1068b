import fc, { type Arbitrary } from 'fast-check';
import type { AveragerSpec } from '../engine/averagers/averager';
import { log2Grid, logInt } from '../objectives/arbitraries';
import type { InstanceSpec } from '../objectives/instance';
import type { Scope } from '../theory/scope';
import type { Theorem } from '../theory/theorem';
import type { Trial } from '../theory/check';

/**
 * Trial-level arbitraries shared by every family's checks (the instance-level ones are in
 * src/objectives/arbitraries.ts). Each is drawn from printable values so a counterexample prints
 * as JSON and replays bit for bit.
 */

/** Trial seeds: printable 31-bit integers, shrinking towards 0. */
export const seedArb: Arbitrary<number> = fc.nat({ max: 0x7fffffff });

/** A window 1 ≤ k ≤ kMax with the edges k = 1 and k = kMax drawn often (the reductions live there). */
export function windowArb(kMax: number): Arbitrary<number> {
  return kMax <= 1 ? fc.constant(1) : fc.oneof(fc.constant(1), fc.constant(kMax), logInt(1, kMax));
}

/**
 * The largest window k the theorem's hypotheses allow at `scope` (0 if none): the valid windows
 * form an interval [1, kMax], found by binary search over 1..scope.T, so a check draws windows from
 * the hypotheses themselves instead of restating them.
 */
export function largestWindow(theorem: Theorem, scope: Scope): number {
  const allows = (k: number): boolean => {
    try {
      theorem.assertHypotheses({ ...scope, k });
      return true;
    } catch {
      return false;
    }
  };
  if (!allows(1)) return 0;
  let lo = 1;
  let hi = scope.T;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (allows(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** An EMA rate γ = 2^(−e/2) on the exponent range [lo, hi] (γ = 1 at e = 0). */
export function emaRateArb(lo: number, hi: number): Arbitrary<number> {
  return log2Grid(-hi, -lo, 2);
}

/** Every averager kind of the engine, with parameters valid for horizon T. */
export function averagerArb(T: number): Arbitrary<AveragerSpec> {
  return fc.oneof(
    fc.constant<AveragerSpec>({ kind: 'last' }),
    windowArb(T).map((k): AveragerSpec => ({ kind: 'fwa', k })),
    fc
      .record({
        nu: fc.integer({ min: 1, max: Math.min(4, T) }),
        mode: fc.constantFrom<'sliding' | 'block'>('sliding', 'block'),
      })
      // block mode needs one complete block of k checkpoints: k·ν ≤ T
      .chain(({ nu, mode }) =>
        fc
          .integer({ min: 1, max: mode === 'block' ? Math.min(4, Math.floor(T / nu)) : 4 })
          .map((k): AveragerSpec => ({ kind: 'lawa', k, nu, mode })),
      ),
    fc
      .record({ start: fc.integer({ min: 1, max: T }), every: fc.integer({ min: 1, max: 3 }) })
      .map((p): AveragerSpec => ({ kind: 'swa', ...p })),
    emaRateArb(1, 16).map((gamma): AveragerSpec => ({ kind: 'ema', gamma })),
    emaRateArb(1, 16).map((gamma): AveragerSpec => ({ kind: 'ema', gamma, warmup: {} })),
    fc.integer({ min: 0, max: T - 1 }).map((t0): AveragerSpec => ({ kind: 'polyak', t0 })),
    fc.integer({ min: 1, max: 8 }).map((j): AveragerSpec => ({ kind: 'suffix', alpha: j / 8 })),
  );
}

/** The instance of a trial that runs no engine (relations between bounds). */
export const NO_INSTANCE: InstanceSpec = { generator: 'none', params: {}, seed: 0 };

/** A trial of `theorem` at a bare parameter point (no instance, one deterministic evaluation). */
export function pointTrial(theorem: Theorem, params: Scope): Trial {
  return { theorem: theorem.id, instance: NO_INSTANCE, params, seed: 0, replicates: 1 };
}
