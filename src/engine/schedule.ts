import { InvalidParameterError } from '../errors';
import { requireInteger, requirePositive } from '../validate';

/**
 * Step-size schedules. `inv-sqrt-T` is horizon-aware: its step depends on T, not t. `explicit` gives the
 * steps one by one, `steps[t − 1]` = α_t (a run of T steps needs at least T of them): what a PEP
 * certificate with written-out steps certifies, run on the engine as it is.
 * Step t (1-based) uses α_t; see the index convention in src/engine/convention.ts.
 */
export type ScheduleSpec =
  | { kind: 'constant'; alpha: number }
  | { kind: 'inv-sqrt-t'; c: number }
  | { kind: 'inv-sqrt-T'; c: number }
  | { kind: 'inv-t'; c: number }
  | { kind: 'explicit'; steps: readonly number[] };

/** The schedule kinds, for the error that names them. */
const SCHEDULE_KINDS = "'constant' | 'inv-sqrt-t' | 'inv-sqrt-T' | 'inv-t' | 'explicit'";

/** η_t = c/√t. */
export const invSqrtT = (c: number): ScheduleSpec => ({ kind: 'inv-sqrt-t', c });
/** η ≡ c/√T for a horizon T (a theorem passes T in its own counting convention). */
export const constantInvSqrtHorizon = (c: number, T: number): ScheduleSpec => ({
  kind: 'constant',
  alpha: c / Math.sqrt(T),
});

/**
 * Refuses a schedule that cannot run T steps, naming the bad field: a step scale that is not finite and
 * > 0, an explicit step that is not, or fewer explicit steps than T.
 */
function validateSchedule(s: ScheduleSpec, T: number): void {
  requireInteger('T', T, 1);
  switch (s?.kind) {
    case 'constant':
      requirePositive('schedule.alpha', s.alpha);
      return;
    case 'inv-sqrt-t':
    case 'inv-sqrt-T':
    case 'inv-t':
      requirePositive('schedule.c', s.c);
      return;
    case 'explicit':
      if (!Array.isArray(s.steps))
        throw new InvalidParameterError('schedule.steps', s.steps, `an array of T = ${T} step sizes α_1..α_${T}`);
      if (s.steps.length < T)
        throw new InvalidParameterError(
          'schedule.steps',
          `${s.steps.length} step sizes`,
          `at least T = ${T} step sizes α_1..α_${T}, one per step (give the missing ${T - s.steps.length}, or run ${s.steps.length} steps)`,
        );
      s.steps.forEach((a, i) => requirePositive(`schedule.steps[${i}] (α_${i + 1})`, a));
      return;
    default:
      throw new InvalidParameterError('schedule.kind', (s as { kind?: unknown })?.kind, SCHEDULE_KINDS);
  }
}

/** α_t for step t ∈ [1, T]. */
function stepSize(s: ScheduleSpec, t: number, T: number): number {
  switch (s.kind) {
    case 'constant':
      return s.alpha;
    case 'inv-sqrt-t':
      return s.c / Math.sqrt(t);
    case 'inv-sqrt-T':
      return s.c / Math.sqrt(T);
    case 'inv-t':
      return s.c / t;
    case 'explicit':
      return s.steps[t - 1];
  }
}

/**
 * All step sizes of a run of T steps: a[t] = α_t for t = 1..T, and a[0] = 0 (no step produces w_0),
 * so indices match the iterate they produce.
 */
export function stepSizes(s: ScheduleSpec, T: number): Float64Array {
  validateSchedule(s, T);
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
    case 'explicit':
      return explicitSteps(s.steps);
  }
}

/** α_t written out, the first and last few when there are many (a label, not a round trip). */
function explicitSteps(steps: readonly number[]): string {
  const shown =
    steps.length <= 6 ? steps.join(', ') : `${steps.slice(0, 3).join(', ')}, …, ${steps.slice(-2).join(', ')}`;
  return `α_1..α_${steps.length} = ${shown}`;
}
