import { InvalidParameterError } from '../errors';
import { requireInteger, requirePositive } from '../validate';

/**
 * Step-size schedules. `inv-sqrt-T` is horizon-aware: its step depends on T, not t.
 * Step t (1-based) uses α_t; see the index convention in src/engine/convention.ts.
 */
export type ScheduleSpec =
  | { kind: 'constant'; alpha: number }
  | { kind: 'inv-sqrt-t'; c: number }
  | { kind: 'inv-sqrt-T'; c: number }
  | { kind: 'inv-t'; c: number };

/** η_t = c/√t. */
export const invSqrtT = (c: number): ScheduleSpec => ({ kind: 'inv-sqrt-t', c });
/** η ≡ c/√T for a horizon T (a theorem passes T in its own counting convention). */
export const constantInvSqrtHorizon = (c: number, T: number): ScheduleSpec => ({
  kind: 'constant',
  alpha: c / Math.sqrt(T),
});

export function validateSchedule(s: ScheduleSpec): ScheduleSpec {
  switch (s?.kind) {
    case 'constant':
      requirePositive('schedule.alpha', s.alpha);
      return s;
    case 'inv-sqrt-t':
    case 'inv-sqrt-T':
    case 'inv-t':
      requirePositive('schedule.c', s.c);
      return s;
    default:
      throw new InvalidParameterError(
        'schedule.kind',
        (s as { kind?: unknown })?.kind,
        "'constant' | 'inv-sqrt-t' | 'inv-sqrt-T' | 'inv-t'",
      );
  }
}

/** α_t for step t ∈ [1, T]. */
export function stepSize(s: ScheduleSpec, t: number, T: number): number {
  switch (s.kind) {
    case 'constant':
      return s.alpha;
    case 'inv-sqrt-t':
      return s.c / Math.sqrt(t);
    case 'inv-sqrt-T':
      return s.c / Math.sqrt(T);
    case 'inv-t':
      return s.c / t;
  }
}

/**
 * All step sizes of a run of T steps: a[t] = α_t for t = 1..T, and a[0] = 0 (no step produces w_0),
 * so indices match the iterate they produce.
 */
export function stepSizes(s: ScheduleSpec, T: number): Float64Array {
  validateSchedule(s);
  requireInteger('T', T, 1);
  const a = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) a[t] = stepSize(s, t, T);
  return a;
}

export function describeSchedule(s: ScheduleSpec): string {
  switch (s.kind) {
    case 'constant':
      return `α = ${s.alpha}`;
    case 'inv-sqrt-t':
      return `α_t = ${s.c}/√t`;
    case 'inv-sqrt-T':
      return `α = ${s.c}/√T`;
    case 'inv-t':
      return `α_t = ${s.c}/t`;
  }
}
