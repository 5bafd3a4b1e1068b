import { averagerWeights } from '../engine/averaging';
import { type AveragerChoice, type AveragerSpec } from '../engine/averagers/averager';
import type { ScheduleSpec } from '../engine/schedule';
import { InvalidParameterError } from '../errors';
import { certificateFor, type CertificateLookup } from './cache';
import type { PepCertificate } from './certificate';
import type { InterpolationClassSpec } from './classes/index';
import { validatePepSpec, type DomainSpec, type PepSpec } from './problem';

/**
 * The worst case of any theorem's deterministic special case: T projected subgradient steps with the
 * theorem's step sizes, its averager's weights, its measure, over its function class — the value of a
 * performance-estimation SDP, with a certificate (docs/theory/pep.md). `worstCase(problem)` is the
 * public entry point; committed and cached certificates are reused, a new problem is solved with CSDP.
 */

/** What is measured: f(w̄) − f*, f(x_T) − f*, min_t f(x_t) − f*, or ‖x_T − x*‖². */
export type WorstCaseMeasure = 'average' | 'last-iterate' | 'best-iterate' | 'last-iterate-distance';
const MEASURES: readonly WorstCaseMeasure[] = ['average', 'last-iterate', 'best-iterate', 'last-iterate-distance'];

/** A class with its constants. The bounded-subgradient strongly convex class is bracketed (see `WorstCase`). */
export type WorstCaseClass =
  | Exclude<InterpolationClassSpec, { kind: 'strongly-convex-bounded-subgradient' }>
  | { kind: 'strongly-convex-bounded-subgradient'; mu: number; G: number };

export interface WorstCaseProblem {
  /** Engine steps: x_0 initial, x_t = Π_W(x_{t−1} − α_t g_{t−1}) for t = 1..T (src/engine/convention.ts). */
  T: number;
  /** α_1..α_T: a schedule, or the T numbers. */
  steps: ScheduleSpec | readonly number[];
  /** λ_0..λ_T for the measure 'average': a built-in or user averager (its `weights(T)`), or the T + 1 numbers. */
  averager?: AveragerChoice | readonly number[];
  measure: WorstCaseMeasure;
  fclass: WorstCaseClass;
  /** A set of diameter D (projected steps), or R^d with ‖x_0 − x*‖ ≤ R. */
  domain: DomainSpec;
}

export interface WorstCase {
  /**
   * Certified lower bound: the measure on an explicit instance of the class (the primal of
   * `lowerCertificate`), so no bound over the class can be below it.
   */
  lower: number;
  /** Certified upper bound: no function of the class does worse (the dual of `certificate`). */
  upper: number;
  /**
   * True when the interpolation conditions are exact (every class but the bounded-subgradient strongly
   * convex one): then lower and upper are the two sides of one SDP and agree to 1e-6. False: upper
   * comes from necessary conditions, lower from sufficient ones (a realised instance), two SDPs.
   */
  exact: boolean;
  /** The certificate whose dual gives `upper`. */
  certificate: PepCertificate;
  /** The certificate whose primal gives `lower` (the same object when `exact`). */
  lowerCertificate: PepCertificate;
  /** Where each certificate came from (committed, cached, solved now). */
  sources: string[];
  // The worst-case instance the engine runs (the primal of `lowerCertificate` rebuilt as an objective)
  // is attached by the public `worstCase` in src/objectives/worst-case/worst-case-instance.ts.
}

function isNumberArray(v: unknown): v is readonly number[] {
  return Array.isArray(v);
}

/** The PEP spec(s) of a problem: one for an exact class, the necessary and the sufficient one otherwise. */
export function worstCaseSpecs(problem: WorstCaseProblem): { upper: PepSpec; lower: PepSpec } {
  const { T } = problem;
  if (!MEASURES.includes(problem.measure))
    throw new InvalidParameterError('measure', problem.measure, MEASURES.map((m) => `'${m}'`).join(' | '));
  const schedule: PepSpec['schedule'] = isNumberArray(problem.steps)
    ? { kind: 'explicit', steps: [...problem.steps] }
    : problem.steps;
  let averager: AveragerSpec;
  if (problem.measure === 'average') {
    const a = problem.averager;
    if (a === undefined)
      throw new InvalidParameterError('averager', a, "an averager (e.g. { kind: 'fwa', k }) or λ_0..λ_T for 'average'");
    if (isNumberArray(a)) averager = { kind: 'explicit', weights: [...a] };
    else if ('make' in a) averager = { kind: 'explicit', weights: Array.from(averagerWeights(a, T)) };
    else averager = a;
  } else averager = { kind: 'last' };
  const measure = problem.measure === 'last-iterate' ? 'average' : problem.measure;
  const base = { T, schedule, averager, domain: problem.domain, measure } as const;
  const fc = problem.fclass;
  if (fc?.kind === 'strongly-convex-bounded-subgradient') {
    const upper: PepSpec = { ...base, fclass: { ...fc, conditions: 'necessary' } };
    const lower: PepSpec = { ...base, fclass: { ...fc, conditions: 'sufficient' } };
    validatePepSpec(upper);
    return { upper, lower };
  }
  const spec: PepSpec = { ...base, fclass: fc };
  validatePepSpec(spec);
  return { upper: spec, lower: spec };
}

/**
 * The certified worst case of a problem. Committed certificates (`committedDirs`) and the cache are
 * used when one verifies; otherwise CSDP solves it (size and estimated time go to `onProgress` first)
 * and the new certificate is verified and cached.
 */
export async function worstCase(
  problem: WorstCaseProblem,
  options: Omit<CertificateLookup, 'name' | 'point'> = {},
): Promise<WorstCase> {
  const specs = worstCaseSpecs(problem);
  const exact = specs.upper === specs.lower;
  const up = await certificateFor(specs.upper, options);
  const low = exact ? up : await certificateFor(specs.lower, options);
  return {
    lower: low.bounds.lower,
    upper: up.bounds.upper,
    exact,
    certificate: up.cert,
    lowerCertificate: low.cert,
    sources: exact ? [up.source] : [up.source, low.source],
  };
}
