import type { ConvexDomain } from '../../engine/domain';
import type { Objective } from '../../engine/objective';
import { InvalidParameterError } from '../../errors';
import { combination, numericAlgebra } from '../../pep/algebra';
import type { PepCertificate } from '../../pep/certificate';
import { column } from '../../pep/factor';
import { engineMethod, pepInstance, pepLayout, type EngineRun } from '../../pep/problem';
import { hullProjector, type HullProjector } from './hull-projection';
import { maxAffineInterpolant, type InterpolationPoint, type MaxAffineInterpolant } from './interpolant';

/**
 * The worst-case instance of a primal PEP certificate: the function, the domain and the oracle that the
 * certificate only describes through a Gram factor. Column i of the factor V (r × N) is the explicit
 * vector of Gram basis element i in R^r, so the iterates x_0..x_T, the subgradients g_t, g* (and g_w̄ at
 * the averaged output) and the values f are explicit; the problem's own method code (src/pep/problem.ts)
 * rebuilds the iterates exactly as the certificate verifier does. Then, translated so that x_0 = 0 (the
 * engine's default start):
 *
 *   f(x) = max_i { f_i + ⟨g_i, x − x_i⟩ }   over i ∈ {0..T, *, w̄}   (maxAffineInterpolant),
 *   W    = conv{x_0, …, x_T, x*}                                   (hullProjector),
 *
 * and the certificate's run is T projected subgradient steps on (f, W) from x_0. Only the convex
 * G-Lipschitz class is rebuilt: the committed certificates are all of it, and the smooth classes need
 * the smoothed interpolant of Taylor, Hendrickx & Glineur 2017 (Thm 4) instead of the plain maximum.
 */
export interface WorstCaseInstance {
  /** The certificate's name. */
  certificate: string;
  /** r, the rank of the Gram factor. */
  dim: number;
  /** x_0..x_T of the certificate (translated: x_0 = 0). */
  iterates: Float64Array[];
  /** x* (translated), the minimiser of f on W. */
  xStar: Float64Array;
  /** The averaged output Σ λ_t x_t the certificate measures (translated). */
  output: Float64Array;
  interpolant: MaxAffineInterpolant;
  /** The domain: null on an unconstrained problem (W = R^r). */
  hull: HullProjector | null;
  /** n = 1 example: the loss is f, the gradient the interpolant's oracle. */
  objective: Objective;
  /** W for the engine (null: unconstrained). */
  domain: ConvexDomain | null;
  /** Largest violation of the certificate's convex interpolation inequalities, before any repair (≤ 1e-8 on a verified certificate). */
  interpolationSlack: number;
  /** The run the certificate certifies (its T, schedule and averager; explicit steps and weights as written): run it from x_0 = 0. */
  run: EngineRun;
}

/**
 * The oracle's tie tolerance on a certificate at D = G = 1: the certificate verifier admits inequality
 * violations up to 1e-8 (src/pep/certificate.ts PRIMAL_TOL), and the engine's iterate differs from the
 * certificate's by ~1e-12; twice the first covers both. The oracle is then a 2e-8-subgradient oracle
 * (f(y) ≥ f(w) + ⟨g, y − w⟩ − 2e-8): 2e-8 relative to the instance's scale G·D.
 */
export const WORST_CASE_TIE_TOLERANCE = 2e-8;

/** The instance of a certificate (see WorstCaseInstance). Throws InvalidParameterError for a class it cannot rebuild. */
export function worstCaseFromCertificate(cert: PepCertificate): WorstCaseInstance {
  const { spec } = cert;
  if (spec.fclass.kind !== 'convex-lipschitz')
    throw new InvalidParameterError(
      `certificate ${cert.name}: function class`,
      spec.fclass.kind,
      "'convex-lipschitz' (the max-affine interpolant; smooth classes need Taylor et al.'s smoothed interpolant)",
    );
  if (spec.measure !== 'average')
    throw new InvalidParameterError(`certificate ${cert.name}: measure`, spec.measure, "'average'");
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
  const output = shift(combination(alg, raw, layout.weights));
  const set = spec.domain.kind === 'set';
  const points: InterpolationPoint[] = iterates.map((x, t) => ({ x, g: basis[layout.ig + t], f: f[t] }));
  points.push({ x: xStar, g: set ? basis[layout.igs] : alg.zero(), f: 0 });
  if (layout.igw >= 0) points.push({ x: output, g: basis[layout.igw], f: f[layout.ifw] });
  let slack = -Infinity;
  for (const p of points)
    for (const q of points) {
      if (p === q) continue;
      let s = q.f - p.f;
      for (let k = 0; k < r; k++) s += q.g[k] * (p.x[k] - q.x[k]);
      slack = Math.max(slack, s);
    }
  const interpolant = maxAffineInterpolant(points, { tieTolerance: WORST_CASE_TIE_TOLERANCE });
  const hull = set ? hullProjector([...iterates, xStar]) : null;
  const domain: ConvexDomain | null = hull
    ? { project: (w) => hull.project(w), label: `conv{x_0..x_${spec.T}, x*} in R^${r}` }
    : null;
  const objective: Objective = {
    d: r,
    n: 1,
    loss: (w) => interpolant.value(w),
    grad: (w, _i, out) => void interpolant.subgradient(w, out),
  };
  return {
    certificate: cert.name,
    dim: r,
    iterates,
    xStar,
    output,
    interpolant,
    hull,
    objective,
    domain,
    interpolationSlack: Math.max(0, slack),
    run: engineMethod(spec),
  };
}
