import type { ConvexDomain } from '../../engine/domain';
import type { Objective } from '../../engine/objective';
import { InvalidParameterError } from '../../errors';
import { combination, numericAlgebra } from '../../pep/algebra';
import { PRIMAL_TOL, type PepCertificate } from '../../pep/certificate';
import { interpolationClass } from '../../pep/classes/index';
import { column } from '../../pep/factor';
import { engineMethod, pepInstance, pepLayout, type EngineRun, type PepMeasure, type PepSpec } from '../../pep/problem';
import { hullProjector, type HullProjector } from './hull-projection';
import { maxAffineInterpolant, type InterpolationPoint, type MaxAffineInterpolant } from './interpolant';
import { smoothInterpolant, type SmoothInterpolant } from './smooth-interpolant';

/**
 * The worst-case instance of a primal PEP certificate: the function, the domain and the oracle that the
 * certificate only describes through a Gram factor. Column i of the factor V (r × N) is the explicit
 * vector of Gram basis element i in R^r, so the iterates x_0..x_T, the subgradients g_t, g* (and g_w̄ at
 * the averaged output) and the values f are explicit; the problem's own method code (src/pep/problem.ts)
 * rebuilds the iterates exactly as the certificate verifier does. Then, translated so that x_0 = 0 (the
 * engine's default start), f interpolates (x_i, g_i, f_i) over i ∈ {0..T, *, w̄} by the construction of
 * the certificate's class (docs/theory/worst-case-instances.md):
 *
 *   convex G-Lipschitz        f(x) = max_i f_i + ⟨g_i, x − x_i⟩                 (maxAffineInterpolant)
 *   μ-strongly convex, ‖g‖≤G  f(x) = max_i f_i + ⟨g_i, x − x_i⟩ + (μ/2)‖x − x_i‖²   (the same, μ > 0)
 *   β-smooth, μ-strongly convex  the smooth interpolant of Taylor, Hendrickx & Glineur 2017, Thm 4
 *                             (smoothInterpolant: a Moreau envelope plus (μ/2)‖x‖²)
 *
 * on W = conv{x_0, …, x_T, x*} (hullProjector) for a set, R^r otherwise; the certificate's run is T
 * projected (sub)gradient steps on (f, W) from x_0, and `measured` takes its measure.
 */
export interface WorstCaseInstance {
  /** The certificate's name. */
  certificate: string;
  /** r, the rank of the Gram factor. */
  dim: number;
  /** What the certificate bounds: f(w̄) − f*, min_t f(x_t) − f*, or ‖x_T − x*‖². */
  measure: PepMeasure;
  /** x_0..x_T of the certificate (translated: x_0 = 0). */
  iterates: Float64Array[];
  /** x* (translated), the minimiser of f on W. */
  xStar: Float64Array;
  /** λ_0..λ_T, the output weights of the certificate's method. */
  weights: Float64Array;
  /**
   * Where the certificate takes its measure (translated): the averaged output Σ λ_t x_t ('average'),
   * its best iterate (least f_t, 'best-iterate'), x_T ('last-iterate-distance').
   */
  output: Float64Array;
  interpolant: MaxAffineInterpolant | SmoothInterpolant;
  /** The domain: null on an unconstrained problem (W = R^r). */
  hull: HullProjector | null;
  /** n = 1 example: the loss is f, the gradient the interpolant's oracle. */
  objective: Objective;
  /** W for the engine (null: unconstrained). */
  domain: ConvexDomain | null;
  /** Largest value of the class's interpolation inequalities on the points, before any repair (≤ 1e-8 on a verified certificate). */
  interpolationSlack: number;
  /** Whether the rebuilt (f, W) is a member of the certificate's class on its domain, checked on the instance. */
  membership: ClassMembership;
  /**
   * The certificate's measure on a run: its iterates x_0..x_T and, for 'average', its output (default
   * Σ λ_t x_t of the iterates; pass the engine averager's output to test the averager too).
   */
  measured(iterates: readonly Float64Array[], output?: Float64Array): number;
  /** The run the certificate certifies (its T, schedule and averager; explicit steps and weights as written): run it from x_0 = 0. */
  run: EngineRun;
}

/**
 * Membership of the rebuilt instance in the certificate's class, to the verifier's admitted violation
 * PRIMAL_TOL. For the bounded-subgradient strongly convex class only the sufficient conditions imply
 * it; a certificate of the necessary ones can fail it, and then its value is a lower bound only for the
 * class with the realised constant that `detail` names.
 */
export interface ClassMembership {
  holds: boolean;
  detail: string;
}
/**
 * The oracle's tie tolerance on a certificate at D = G = 1: the certificate verifier admits inequality
 * violations up to 1e-8 (src/pep/certificate.ts PRIMAL_TOL), and the engine's iterate differs from the
 * certificate's by ~1e-12; twice the first covers both. The oracle is then a 2e-8-subgradient oracle
 * (f(y) ≥ f(w) + ⟨g, y − w⟩ − 2e-8): 2e-8 relative to the instance's scale G·D.
 */
export const WORST_CASE_TIE_TOLERANCE = 2e-8;

/**
 * Distance, relative to the spread of the interpolation points, within which the smooth interpolant's
 * oracle answers the certificate's g_i (smooth-interpolant.ts): the engine's iterates equal the
 * certificate's to ~1e-15 relative on the committed certificates, and the round trip asks 1e-9.
 */
export const WORST_CASE_ANCHOR_RADIUS = 1e-9;

/** The instance of a certificate (see WorstCaseInstance). Throws InvalidParameterError for a stale certificate. */
export function worstCaseFromCertificate(cert: PepCertificate): WorstCaseInstance {
  const { spec } = cert;
  const layout = pepLayout(spec);
  const { r, n } = cert.primal;
  if (n !== layout.n || cert.primal.V.length !== r * n || cert.primal.f.length !== layout.nf)
    throw new InvalidParameterError(
      `certificate ${cert.name}: primal size`,
      `n = ${n}, ${cert.primal.f.length} scalars`,
      `n = ${layout.n}, ${layout.nf} scalars (the certificate is stale: npm run pep)`,
    );
  const V = Float64Array.from(cert.primal.V);
  const basis = Array.from({ length: n }, (_, i) => column(V, r, n, i));
  const f = cert.primal.f;
  const alg = numericAlgebra(r);
  // The method's own iterates (set: the basis columns; unconstrained: the gradient steps).
  const raw = pepInstance(alg, layout, basis, f).iterates;
  const origin = raw[0];
  const shift = (x: Float64Array): Float64Array => x.map((v, k) => v - origin[k]);
  const iterates = raw.map(shift);
  const xStar = shift(alg.zero());
  const set = spec.domain.kind === 'set';
  const points: InterpolationPoint[] = iterates.map((x, t) => ({ x, g: basis[layout.ig + t], f: f[t] }));
  points.push({ x: xStar, g: set ? basis[layout.igs] : alg.zero(), f: 0 });
  let output: Float64Array;
  if (spec.measure === 'average') {
    output = shift(combination(alg, raw, layout.weights));
    if (layout.igw >= 0) points.push({ x: output, g: basis[layout.igw], f: f[layout.ifw] });
  } else if (spec.measure === 'best-iterate') {
    let best = 0;
    for (let t = 1; t <= spec.T; t++) if (f[t] < f[best]) best = t;
    output = iterates[best];
  } else output = iterates[spec.T];
  const named = points.map((p, i) => ({ name: `${i}`, ...p }));
  let slack = -Infinity;
  for (const q of interpolationClass(spec.fclass).interpolation(numericAlgebra(r), named))
    slack = Math.max(slack, q.value());
  const hull = set ? hullProjector([...iterates, xStar]) : null;
  const fc = spec.fclass;
  let interpolant: MaxAffineInterpolant | SmoothInterpolant;
  if (fc.kind === 'smooth-convex' || fc.kind === 'smooth-strongly-convex') {
    let spread = 0;
    for (const p of points) for (const q of points) spread = Math.max(spread, distance(p.x, q.x));
    interpolant = smoothInterpolant(points, {
      mu: fc.kind === 'smooth-convex' ? 0 : fc.mu,
      beta: fc.beta,
      tolerance: PRIMAL_TOL,
      anchorRadius: WORST_CASE_ANCHOR_RADIUS * (spread > 0 ? spread : 1),
    });
  } else
    interpolant = maxAffineInterpolant(points, {
      tieTolerance: WORST_CASE_TIE_TOLERANCE,
      mu: fc.kind === 'strongly-convex-bounded-subgradient' ? fc.mu : 0,
    });
  const domain: ConvexDomain | null = hull
    ? { project: (w) => hull.project(w), label: `conv{x_0..x_${spec.T}, x*} in R^${r}` }
    : null;
  const objective: Objective = {
    d: r,
    n: 1,
    loss: (w) => interpolant.value(w),
    grad: (w, _i, out) => void interpolant.subgradient(w, out),
  };
  const weights = layout.weights;
  return {
    certificate: cert.name,
    dim: r,
    measure: spec.measure,
    iterates,
    xStar,
    weights,
    output,
    interpolant,
    hull,
    objective,
    domain,
    interpolationSlack: Math.max(0, slack),
    membership: membership(spec, interpolant, hull, iterates[0], xStar, slack),
    measured(run, out) {
      if (run.length !== spec.T + 1)
        throw new InvalidParameterError('iterates of the run', run.length, `x_0..x_T: ${spec.T + 1} points`);
      if (spec.measure === 'last-iterate-distance') return distance(run[spec.T], xStar) ** 2;
      const fStar = interpolant.value(xStar);
      if (spec.measure === 'best-iterate') return Math.min(...run.map((x) => interpolant.value(x))) - fStar;
      return interpolant.value(out ?? combination(alg, run, weights)) - fStar;
    },
    run: engineMethod(spec),
  };
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/** The class and domain constants the rebuilt instance realises, against the certificate's (see ClassMembership). */
function membership(
  spec: PepSpec,
  interpolant: MaxAffineInterpolant | SmoothInterpolant,
  hull: HullProjector | null,
  x0: Float64Array,
  xStar: Float64Array,
  slack: number,
): ClassMembership {
  const fc = spec.fclass;
  const within = (realised: number, bound: number): boolean => realised * realised <= bound * bound + PRIMAL_TOL;
  const parts: string[] = [];
  let holds = true;
  if (interpolant.kind === 'smooth') {
    holds = slack <= PRIMAL_TOL;
    parts.push(
      `${interpolant.mu}-strongly convex ${interpolant.beta}-smooth by construction; interpolation inequalities hold to ${Math.max(0, slack).toExponential(2)}, so f(x_i) = f_i to ${interpolant.anchorValueError.toExponential(2)} and ∇f(x_i) = g_i to ${interpolant.anchorGradientError.toExponential(2)}`,
    );
  } else {
    const G = fc.kind === 'convex-lipschitz' || fc.kind === 'strongly-convex-bounded-subgradient' ? fc.G : Infinity;
    const { lower, upper } = interpolant.slopeRange(hull ? hull.vertices : [xStar]);
    const ok = within(upper, G);
    holds &&= ok;
    const kind = interpolant.mu === 0 ? 'convex' : `${interpolant.mu}-strongly convex`;
    let verdict = '';
    if (!ok)
      verdict = within(lower, G)
        ? `: membership not established (slopes at the points reach ${lower}); it is a member of the class with G = ${upper}, and its value is a lower bound for that class`
        : `: NOT a member (slopes of ${lower} > G at points of W); it is a member of the class with G = ${upper}, and its value is a lower bound for that class only`;
    parts.push(`${kind}, subgradients on W bounded by ${upper} (class G = ${G})${verdict}`);
  }
  if (hull) {
    const D = spec.domain.kind === 'set' ? spec.domain.D : Infinity;
    const ok = within(hull.diameter, D);
    holds &&= ok;
    parts.push(`W of diameter ${hull.diameter} (D = ${D})`);
  } else {
    const R = spec.domain.kind === 'unconstrained' ? spec.domain.R : Infinity;
    const d0 = distance(x0, xStar);
    const ok = within(d0, R);
    holds &&= ok;
    parts.push(`‖x_0 − x*‖ = ${d0} (R = ${R})`);
  }
  return { holds, detail: parts.join('; ') };
}
