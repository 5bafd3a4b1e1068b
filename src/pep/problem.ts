import { averagerWeights } from '../engine/averaging';
import { type AveragerSpec } from '../engine/averagers/averager';
import { stepSizes, type ScheduleSpec } from '../engine/schedule';
import { InvalidParameterError } from '../errors';
import { combination, minus, type Algebra } from './algebra';
import { INTERPOLATION_CLASS_KINDS, interpolationClass, type InterpolationClassSpec } from './classes/index';
import { convexSetInterpolation } from './classes/convex-set';
import type { Inequality, NormalPoint, OraclePoint } from './classes/types';

/**
 * One performance-estimation problem: T projected subgradient steps (engine convention, src/engine/
 * convention.ts: x_0 initial, x_t = Π_W(x_{t−1} − α_t g_{t−1}) for t = 1..T with α from `stepSizes`),
 * the output w̄ = Σ_t λ_t x_t with λ from `averagerWeights`, and the measure f(w̄) − f(x*) (or the best
 * iterate, min_t f(x_t) − f(x*), PEPit's subgradient example), over a function class and a domain.
 */
export type DomainSpec =
  /** W closed convex of diameter ≤ D; x_0 ∈ W; projections as normal-cone steps. */
  | { kind: 'set'; D: number }
  /** W = R^d and ‖x_0 − x*‖ ≤ R. */
  | { kind: 'unconstrained'; R: number };

/**
 * What is maximised: f(w̄) − f* at the weighted average (the last iterate is the one-hot average),
 * min_t f(x_t) − f* (best iterate), or ‖x_T − x*‖² (the distance of the last iterate).
 */
export type PepMeasure = 'average' | 'best-iterate' | 'last-iterate-distance';
const PEP_MEASURES: readonly PepMeasure[] = ['average', 'best-iterate', 'last-iterate-distance'];

export interface PepSpec {
  T: number;
  /** α_1..α_T: a named schedule, or the T steps written out (`{ kind: 'explicit', steps }`). */
  schedule: ScheduleSpec;
  /** λ_0..λ_T: an engine averager, or the T + 1 weights written out (`{ kind: 'explicit', weights }`). */
  averager: AveragerSpec;
  fclass: InterpolationClassSpec;
  domain: DomainSpec;
  measure: PepMeasure;
}

/**
 * Where each vector and scalar lives; x* is the origin. On a set, the Gram basis is
 *   x_0..x_T, g*, g_0..g_T, [g_w]
 * and each projection's normal vector is read off the step, h_t = (x_{t−1} − x_t)/α_t − g_{t−1}, so that
 * x_t = x_{t−1} − α_t(g_{t−1} + h_t) holds by construction and h_t ∈ N_W(x_t) is an interpolation
 * inequality (x* optimal on W: h* = −g* ∈ N_W(x*)). Iterates as basis elements keep every inequality
 * down to a few Gram entries (PEPit's choice too), which is what makes CSDP fast on this problem.
 * Unconstrained (W = R^d, g* = 0) the iterates follow from the gradients: x_0, g_0..g_T, [g_w].
 * g_w is the subgradient at w̄ when w̄ is not one of the iterates.
 * Scalars: f_0..f_T, [f_w], [τ for best-iterate]. Every scalar is ≥ 0: all points lie in W and
 * f(x*) = min_W f = 0.
 */
export interface PepLayout {
  spec: PepSpec;
  /**
   * On a set: the iterates are interior points (no projection acts, every h_t = 0), so x_t = x_{t−1} − α_t g_{t−1}
   * follows from the gradients and only x_0 is a basis vector. A restriction of the set PEP: each of its
   * feasible points is a feasible point of the full PEP (with h_t = 0), so its value is a lower bound, and
   * the one `solvePepSplit` (split.ts) takes its primal from.
   */
  interior: boolean;
  steps: Float64Array;
  weights: Float64Array;
  /** The iterate w̄ equals when λ is one-hot (then w̄ is not a point of its own), else −1. */
  outputIterate: number;
  n: number;
  nf: number;
  /** Basis indices: x_0 (x_t at ix + t on a set), g* (−1 unconstrained), g_t at ig + t, g_w (−1: none). */
  ix: number;
  igs: number;
  ig: number;
  igw: number;
  /** Scalar indices. */
  ifw: number;
  itau: number;
}

/** An engine run of T steps with a schedule and an averager (runSgd's T, schedule and averagers: [averager]). */
export interface EngineRun {
  T: number;
  schedule: ScheduleSpec;
  averager: AveragerSpec;
}

/**
 * The run a spec certifies, as the engine runs it: T steps with its schedule and its averager (explicit
 * steps and weights included: the engine runs them as written). What a rebuilt worst-case instance is
 * run with.
 */
export function engineMethod(spec: Pick<PepSpec, 'T' | 'schedule' | 'averager'>): EngineRun {
  return { T: spec.T, schedule: spec.schedule, averager: spec.averager };
}

/**
 * Refuses, naming what is supported, a spec the PEP cannot state: an unknown measure, class or domain,
 * explicit steps not exactly T, and the bounded-subgradient strongly convex class without a set (its
 * a priori bounds need a diameter). Steps and weights themselves are the engine's to check
 * (`stepSizes`, `averagerWeights`).
 */
export function validatePepSpec(spec: PepSpec): void {
  if (!Number.isInteger(spec.T) || spec.T < 1) throw new InvalidParameterError('T', spec.T, 'an integer ≥ 1');
  // The engine runs the first T of a longer array; a certificate states exactly the steps it certifies.
  const steps = spec.schedule?.kind === 'explicit' ? spec.schedule.steps : null;
  if (steps && !(Array.isArray(steps) && steps.length === spec.T))
    throw new InvalidParameterError(
      'steps',
      Array.isArray(steps) ? `${steps.length} step sizes` : steps,
      `exactly T = ${spec.T} step sizes α_1..α_${spec.T}, one per step`,
    );
  if (!PEP_MEASURES.includes(spec.measure))
    throw new InvalidParameterError('measure', spec.measure, PEP_MEASURES.map((m) => `'${m}'`).join(' | '));
  const kind = (spec.fclass as { kind?: unknown } | undefined)?.kind;
  if (!INTERPOLATION_CLASS_KINDS.includes(kind as (typeof INTERPOLATION_CLASS_KINDS)[number]))
    throw new InvalidParameterError('class', kind, INTERPOLATION_CLASS_KINDS.map((k) => `'${k}'`).join(' | '));
  const d = spec.domain as { kind?: unknown; D?: unknown; R?: unknown } | undefined;
  const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!((d?.kind === 'set' && positive(d.D)) || (d?.kind === 'unconstrained' && positive(d.R))))
    throw new InvalidParameterError('domain', spec.domain, "{ kind: 'set', D > 0 } | { kind: 'unconstrained', R > 0 }");
  if (kind === 'strongly-convex-bounded-subgradient' && d.kind !== 'set')
    throw new InvalidParameterError(
      'domain',
      spec.domain,
      "{ kind: 'set', D } for the class 'strongly-convex-bounded-subgradient' (bounded subgradients need a bounded set)",
    );
}

/** The layout of a spec; `interior` (on a set only) the restriction to interior iterates (PepLayout.interior). */
export function pepLayout(spec: PepSpec, interior = false): PepLayout {
  validatePepSpec(spec);
  const { T } = spec;
  const steps = stepSizes(spec.schedule, T);
  const weights = averagerWeights(spec.averager, T);
  const set = spec.domain.kind === 'set';
  if (interior && !set)
    throw new InvalidParameterError('domain', spec.domain, "{ kind: 'set', D } for a layout with interior iterates");
  const average = spec.measure === 'average';
  const support = [...weights.keys()].filter((t) => weights[t] !== 0);
  const outputIterate = support.length === 1 ? support[0] : -1;
  const separateW = average && outputIterate < 0;
  let n = 0;
  const ix = n;
  n += set && !interior ? T + 1 : 1;
  const igs = set ? n++ : -1;
  const ig = n;
  n += T + 1;
  const igw = separateW ? n++ : -1;
  let nf = T + 1;
  const ifw = separateW ? nf++ : -1;
  const itau = spec.measure === 'best-iterate' ? nf++ : -1;
  return { spec, interior, steps, weights, outputIterate, n, nf, ix, igs, ig, igw, ifw, itau };
}

export interface PepInstance<V, S> {
  /** x_0..x_T */
  iterates: V[];
  inequalities: Inequality<S>[];
  /** What is maximised. */
  objective: S;
}

/**
 * The instance in an algebra: `basis[i]` is the vector of Gram basis element i, `scalars[j]` scalar j.
 * Runs the method (the same code for the SDP and for the verifier's explicit vectors).
 */
export function pepInstance<V, S>(alg: Algebra<V, S>, L: PepLayout, basis: V[], scalars: S[]): PepInstance<V, S> {
  const { spec, steps, weights } = L;
  const { T } = spec;
  const set = spec.domain.kind === 'set';
  const g = (t: number): V => basis[L.ig + t];
  const xs: V[] = [basis[L.ix]];
  // Unconstrained or interior: x_t = x_{t−1} − α_t g_{t−1}. Otherwise on a set the iterates are given and the
  // step defines h_t.
  const given = set && !L.interior;
  for (let t = 1; t <= T; t++) xs.push(given ? basis[L.ix + t] : alg.sub(xs[t - 1], alg.scale(g(t - 1), steps[t])));
  const gStar = set ? basis[L.igs] : alg.zero();
  const pts: OraclePoint<V, S>[] = xs.map((x, t) => ({ name: `x${t}`, x, g: g(t), f: scalars[t] }));
  pts.push({ name: 'x*', x: alg.zero(), g: gStar, f: alg.num(0) });
  let objective: S;
  const inequalities: Inequality<S>[] = [];
  if (spec.measure === 'average') {
    if (L.outputIterate >= 0) objective = scalars[L.outputIterate];
    else {
      pts.push({ name: 'w', x: combination(alg, xs, weights), g: basis[L.igw], f: scalars[L.ifw] });
      objective = scalars[L.ifw];
    }
  } else if (spec.measure === 'last-iterate-distance') {
    objective = alg.dot(xs[T], xs[T]);
  } else {
    objective = scalars[L.itau];
    for (let t = 0; t <= T; t++)
      inequalities.push({ key: `best:x${t}`, value: () => minus(alg, scalars[L.itau], scalars[t]) });
  }
  inequalities.push(...interpolationClass(spec.fclass).interpolation(alg, pts));
  if (spec.domain.kind === 'set') {
    // x_t = x_{t−1} − α_t (g_{t−1} + h_t): the projection step in normal-cone form.
    const normal = (t: number): V => alg.sub(alg.scale(alg.sub(xs[t - 1], xs[t]), 1 / steps[t]), g(t - 1));
    // Interior iterates have h_t = 0: their normal-cone inequalities hold identically and are left out.
    const normals: NormalPoint<V>[] = xs.map((x, t) => ({ name: `x${t}`, x, h: t === 0 || !given ? null : normal(t) }));
    normals.push({ name: 'x*', x: alg.zero(), h: alg.scale(gStar, -1) });
    inequalities.push(...convexSetInterpolation(alg, spec.domain.D, normals));
  } else {
    const R = spec.domain.R;
    const x0 = xs[0];
    inequalities.push({ key: 'init:|x0-x*|', value: () => minus(alg, alg.dot(x0, x0), alg.num(R * R)) });
  }
  return { iterates: xs, inequalities, objective };
}

/**
 * A priori bounds on the diagonal of the Gram matrix and on the scalars over the whole feasible set,
 * used to account for a dual slack matrix that is PSD only up to a small shift.
 *   - Set of diameter D, G-Lipschitz f: ‖x_t − x*‖² ≤ D², ‖g‖² ≤ G²; every value
 *     f_i − f* ≤ ⟨g_i, x_i − x*⟩ ≤ GD.
 *   - Unconstrained, ‖x_0 − x*‖ ≤ R, g* = 0: ‖x_t − x*‖ ≤ ρ_t with ρ_0 = R and ρ_t = ρ_{t−1} + α_t‖g_{t−1}‖,
 *     except that a gradient step with α_t ≤ 2/β on a convex β-smooth f is nonexpansive, x* fixed
 *     (ρ_t = ρ_{t−1}); ‖g_i‖ ≤ G (Lipschitz) or ≤ β ρ_i (β-smooth); f_i ≤ ‖g_i‖ ρ_i by convexity.
 * The bounded-subgradient strongly convex class lives on a set: as the first case (G bounds every g_i).
 * Smooth classes on a set have none (their gradients are not bounded on W): null, and the dual slack
 * must then be PSD outright.
 */
export function aprioriBounds(L: PepLayout): { gramDiagonal: Float64Array; scalar: number } | null {
  const { spec } = L;
  const d = new Float64Array(L.n);
  if (spec.domain.kind === 'set') {
    const fc = spec.fclass;
    if (fc.kind !== 'convex-lipschitz' && fc.kind !== 'strongly-convex-bounded-subgradient') return null;
    const { G } = fc;
    const D = spec.domain.D;
    d.fill(G * G);
    for (let t = 0; t <= (L.interior ? 0 : spec.T); t++) d[L.ix + t] = D * D;
    return { gramDiagonal: d, scalar: G * D };
  }
  const fc = spec.fclass;
  if (fc.kind === 'strongly-convex-bounded-subgradient') return null; // refused by validatePepSpec
  const gradAt = (rho: number): number => (fc.kind === 'convex-lipschitz' ? fc.G : fc.beta * rho);
  const rho = [spec.domain.R];
  for (let t = 1; t <= spec.T; t++) {
    const nonexpansive = fc.kind !== 'convex-lipschitz' && L.steps[t] <= 2 / fc.beta;
    rho.push(nonexpansive ? rho[t - 1] : rho[t - 1] + L.steps[t] * gradAt(rho[t - 1]));
  }
  const rhoMax = Math.max(...rho);
  d[L.ix] = rho[0] ** 2;
  for (let t = 0; t <= spec.T; t++) d[L.ig + t] = gradAt(rho[t]) ** 2;
  if (L.igw >= 0) d[L.igw] = gradAt(rhoMax) ** 2;
  return { gramDiagonal: d, scalar: gradAt(rhoMax) * rhoMax };
}
