import { averagerWeights, tailMass } from '../../engine/averaging';
import { type AveragerChoice } from '../../engine/averagers/averager';
import type { Objective } from '../../engine/objective';
import { stepSizes, type ScheduleSpec } from '../../engine/schedule';
import { InvalidParameterError } from '../../errors';
import type { Instance } from '../../objectives/instance';
import type { Scope } from '../../theory/scope';

/**
 * Schedules, tail masses and scopes of the stability checks (the step shapes t^(−p), the weighted tail
 * sums the bounds read, the certified constants of an instance as a scope).
 */

/** α_t = c·t^(−p) as an engine schedule: p = 0 constant, 1/2 for c/√t, 1 for c/t. */
export function polynomialSchedule(c: number, p: number): ScheduleSpec {
  if (p === 0) return { kind: 'constant', alpha: c };
  if (p === 0.5) return { kind: 'inv-sqrt-t', c };
  if (p === 1) return { kind: 'inv-t', c };
  throw new InvalidParameterError('p', p, 'a step exponent the engine runs: 0, 0.5 or 1');
}

/** The schedule a stability trial's parameters name: a constant step `a`, or `c`·t^(−p). */
export function trialSchedule(params: Scope): ScheduleSpec {
  return 'a' in params ? polynomialSchedule(params.a, 0) : polynomialSchedule(params.c, params.p);
}

/** Λ_t α_t for t = 1..T (index t; [0] = 0): tail mass of the averager's weights times the step. */
export function tailStepWeights(averager: AveragerChoice, schedule: ScheduleSpec, T: number): Float64Array {
  const Lam = tailMass(averagerWeights(averager, T));
  const alpha = stepSizes(schedule, T);
  const out = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) out[t] = Lam[t] * alpha[t];
  return out;
}

/**
 * Σ_i λ_i i^q: the q-th moment of the iterate index under the averager's weights λ on w_0..w_T (a
 * weighted mean of i^q, not a power mean; w_0 carries no divergence: 0^q = 0).
 */
export function indexMoment(averager: AveragerChoice, T: number, q: number): number {
  const lambda = averagerWeights(averager, T);
  let s = 0;
  for (let i = 1; i <= T; i++) s += lambda[i] * Math.pow(i, q);
  return s;
}

export function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** The instance's certified constants a stability bound or hypothesis reads. */
export function instanceScope(inst: Instance): Scope {
  const c = inst.constants;
  const s: Scope = { n: c.n, L: c.L, beta: c.beta };
  if (c.lossRange) {
    s.lossMin = c.lossRange[0];
    s.lossMax = c.lossRange[1];
  }
  return s;
}

export function neighbourOf(inst: Instance, i: number): Objective {
  if (!inst.neighbour)
    throw new InvalidParameterError(
      'instance.neighbour',
      inst.spec.generator,
      'a generator that builds neighbouring data sets S^(i)',
    );
  return inst.neighbour(i);
}
