import type { Objective } from '../../engine/objective';
import type { ScheduleSpec } from '../../engine/schedule';
import { runSgd } from '../../engine/sgd';
import { InvalidParameterError } from '../../errors';
import { harmonic } from '../../engine/series';
import { requireInteger } from '../../validate';
import { ballConstants, type Instance, type InstanceSpec } from '../instance';

/**
 * The hard instances of Harvey, Liaw, Plan, Randhawa (COLT 2019;
 * docs/theory/convergence.md#harvey-et-al-lower-bounds), on the unit ball of R^T:
 * f(x) = max_{1≤i≤T+1} ⟨h_i, x⟩ (+ ½‖x‖² for the strongly convex variant),
 * h_{i,j} = a_j (j < i), −b_i (j = i ≤ T), 0 (j > i). The oracle is deterministic (smallest
 * maximising index, ties within 1e-12), so with n = 1 the engine's SGD is deterministic subgradient
 * descent: from w_0 = x_1 = 0, step t plays h_t and w_T = x_{T+1}. f* = f(0) = 0 exactly.
 *   convex:           a_j = 1/(8(T−j+1)), b_j = √j/(2√T), α_t = 1/√t, f(w_T) ≥ H_T/(32√T);
 *   strongly convex:  a_j = 1/(2(T−j+1)), b_j = 1,        α_t = 1/t,  f(w_T) ≥ H_T/(4T).
 */
export type HarveyVariant = 'convex' | 'strongly-convex';

/** Ties within this of the maximum go to the smallest index (the construction's oracle). */
const ORACLE_TIE = 1e-12;

export class HarveyObjective implements Objective {
  readonly n = 1;
  readonly d: number;
  /** a[j − 1] = a_j, b[j − 1] = b_j. */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Index (1-based) of the last oracle answer. */
  lastIndex = 0;

  constructor(
    readonly T: number,
    readonly variant: HarveyVariant,
  ) {
    this.d = T;
    this.a = new Float64Array(T);
    this.b = new Float64Array(T);
    const strong = variant === 'strongly-convex';
    for (let j = 1; j <= T; j++) {
      this.a[j - 1] = strong ? 1 / (2 * (T - j + 1)) : 1 / (8 * (T - j + 1));
      this.b[j - 1] = strong ? 1 : Math.sqrt(j) / (2 * Math.sqrt(T));
    }
  }

  /** max_i ⟨h_i, x⟩ and the oracle's index, in O(T) through the prefix sums P_k = Σ_{j≤k} a_j x_j. */
  private maxAffine(x: Float64Array): number {
    const { a, b, T } = this;
    let P = 0;
    let best = -Infinity;
    for (let i = 1; i <= T; i++) {
      const v = P - b[i - 1] * x[i - 1];
      if (v > best) best = v;
      P += a[i - 1] * x[i - 1];
    }
    if (P > best) best = P;
    P = 0;
    const floor = best - ORACLE_TIE;
    for (let i = 1; i <= T; i++) {
      if (P - b[i - 1] * x[i - 1] >= floor) {
        this.lastIndex = i;
        return best;
      }
      P += a[i - 1] * x[i - 1];
    }
    this.lastIndex = T + 1;
    return best;
  }

  loss(x: Float64Array, _i: number): number {
    const m = this.maxAffine(x);
    if (this.variant === 'convex') return m;
    let s = 0;
    for (let j = 0; j < this.d; j++) s += x[j] * x[j];
    return m + 0.5 * s;
  }

  grad(x: Float64Array, _i: number, out: Float64Array): void {
    this.maxAffine(x);
    const i = this.lastIndex;
    const { a, b, T } = this;
    for (let j = 1; j <= T; j++) out[j - 1] = j < i ? a[j - 1] : j === i ? -b[j - 1] : 0;
    if (this.variant === 'strongly-convex') for (let j = 0; j < T; j++) out[j] += x[j];
  }

  /** max_i ‖h_i‖ (exact, from the running sum of a_j²). */
  maxRowNorm(): number {
    let A2 = 0;
    let m = 0;
    for (let i = 1; i <= this.T; i++) {
      m = Math.max(m, A2 + this.b[i - 1] * this.b[i - 1]);
      A2 += this.a[i - 1] * this.a[i - 1];
    }
    return Math.sqrt(Math.max(m, A2));
  }
}

export function buildHarvey(spec: InstanceSpec, T: number, variant: HarveyVariant): Instance {
  requireInteger('T', T, 1);
  const objective = new HarveyObjective(T, variant);
  const H = objective.maxRowNorm();
  const strong = variant === 'strongly-convex';
  return {
    spec,
    objective,
    constants: ballConstants({
      d: T,
      n: 1,
      R: 1,
      // On the unit ball the strongly convex part adds ‖x‖ ≤ 1 to the subgradient norm.
      L: strong ? H + 1 : H,
      beta: Infinity,
      mu: strong ? 1 : 0,
      convex: true,
      lossRange: [0, strong ? H + 0.5 : H],
      Fstar: 0,
      FstarGap: 0,
      FstarCertificate:
        'closed form: 0 is a convex combination of the h_i (λ_j = (a_j/b_j)Σ_{i>j} λ_i), so f ≥ 0 = f(0) (docs/theory/convergence.md#harvey-et-al-lower-bounds)',
      wStar: new Array<number>(T).fill(0),
    }),
  };
}

/** The step sizes of the construction: 1/√t (convex), 1/t (strongly convex, λ = 1). */
export function harveySchedule(variant: HarveyVariant): ScheduleSpec {
  return variant === 'convex' ? { kind: 'inv-sqrt-t', c: 1 } : { kind: 'inv-t', c: 1 };
}

/** The proven lower bound on f(w_T) − f*: H_T/(32√T) (convex) or H_T/(4T) (strongly convex). */
export function harveyLowerBound(T: number, variant: HarveyVariant): number {
  requireInteger('T', T, 1);
  const H = harmonic(T);
  return variant === 'convex' ? H / (32 * Math.sqrt(T)) : H / (4 * T);
}

/**
 * Runs the engine on the instance with the construction's steps: the gap of the last iterate and of
 * FWA(k) for each k (f* = 0, so the gap is f). Deterministic (n = 1: every draw is example 0).
 */
export function runHarvey(inst: Instance, ks: readonly number[] = []): { last: number; fwa: number[] } {
  const obj = inst.objective;
  if (!(obj instanceof HarveyObjective))
    throw new InvalidParameterError(
      'instance',
      inst.spec.generator,
      'a Harvey instance (harvey-convex or harvey-strongly-convex)',
    );
  const res = runSgd(
    {
      objective: obj,
      T: obj.T,
      schedule: harveySchedule(obj.variant),
      radius: 1,
      averagers: ks.map((k) => ({ kind: 'fwa' as const, k })),
    },
    { seed: inst.spec.seed },
  );
  return { last: obj.loss(res.w, 0), fwa: res.averages.map((w) => obj.loss(w, 0)) };
}
