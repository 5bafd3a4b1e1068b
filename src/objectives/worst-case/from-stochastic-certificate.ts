import type { ConvexDomain } from '../../engine/domain';
import type { Objective } from '../../engine/objective';
import { column } from '../../pep/factor';
import type { StochasticCertificate } from '../../pep/stochastic/certificate';
import { explicitInstance, stochasticLayout } from '../../pep/stochastic/problem';
import { WORST_CASE_TIE_TOLERANCE } from './from-certificate';
import { hullProjector, type HullProjector } from './hull-projection';
import { maxAffineInterpolant, type InterpolationPoint, type MaxAffineInterpolant } from './interpolant';

/**
 * The worst-case finite sum of a stochastic PEP certificate (src/pep/stochastic/): n component functions
 * and one domain, rebuilt from the Gram factor as the deterministic instance is (from-certificate.ts), then
 * translated so that the root iterate x_0 is the origin (the engine's default start):
 *
 *   f_i(x) = max_p { f_i(p) + ⟨g_i(p), x − p⟩ }  over the points p where the certificate queries f_i
 *            (every internal node of the scenario tree, every output x̄_σ, x*),
 *   W      = conv{x_σ for every node σ, x*}.
 *
 * SGD on (1/n) Σ f_i over W, index i_t drawn at step t, then follows the certificate's tree: the iterate
 * after the path σ is the certificate's x_σ (the oracle returns the certificate's g_i(x_σ) there, see
 * interpolant.ts for the tie rule), so the expectation over the n^T paths is the certified value.
 */
export interface StochasticWorstCase {
  certificate: string;
  /** r, the rank of the Gram factor (the instance lives in R^r). */
  dim: number;
  /** x_σ for every node σ of the tree (breadth first, src/pep/stochastic/tree.ts), translated. */
  nodes: Float64Array[];
  /** x̄_σ for every full path σ (path order), translated. */
  outputs: Float64Array[];
  xStar: Float64Array;
  components: MaxAffineInterpolant[];
  hull: HullProjector;
  /** The n components as the engine's objective: loss(w, i) = f_i(w), grad the oracle of f_i. */
  objective: Objective;
  domain: ConvexDomain;
  /** F(x) = (1/n) Σ_i f_i(x). */
  risk(x: Float64Array): number;
  /** Largest violation of the components' convex interpolation inequalities (≤ 1e-8 on a verified certificate). */
  interpolationSlack: number;
}

export function worstCaseFromStochasticCertificate(cert: StochasticCertificate): StochasticWorstCase {
  const L = stochasticLayout(cert.spec);
  const { tree } = L;
  const { n } = cert.spec;
  const { r } = cert.primal;
  const V = Float64Array.from(cert.primal.V);
  const basis = Array.from({ length: L.n }, (_, i) => column(V, r, L.n, i));
  const f = cert.primal.f;
  // The problem's own code runs SGD over the tree on these vectors (as the verifier does).
  const inst = explicitInstance(L, V, r, f);
  const origin = inst.nodes[0];
  const shift = (x: Float64Array): Float64Array => x.map((v, k) => v - origin[k]);
  const nodes = inst.nodes.map(shift);
  const outputs = inst.outputs.map(shift);
  const xStar = shift(new Float64Array(r));
  let slack = 0;
  const components = Array.from({ length: n }, (_, i) => {
    const points: InterpolationPoint[] = [];
    for (let v = 0; v < tree.internal; v++)
      points.push({ x: nodes[v], g: basis[L.ig + i * tree.internal + v], f: f[i * tree.internal + v] });
    for (let leaf = 0; leaf < tree.leaves; leaf++)
      points.push({ x: outputs[leaf], g: basis[L.igw + i * tree.leaves + leaf], f: f[L.ifw + i * tree.leaves + leaf] });
    points.push({ x: xStar, g: basis[L.igs + i], f: L.c0 });
    for (const p of points)
      for (const q of points) {
        if (p === q) continue;
        let s = q.f - p.f;
        for (let k = 0; k < r; k++) s += q.g[k] * (p.x[k] - q.x[k]);
        slack = Math.max(slack, s);
      }
    return maxAffineInterpolant(points, { tieTolerance: WORST_CASE_TIE_TOLERANCE });
  });
  const hull = hullProjector([...nodes, xStar]);
  const risk = (x: Float64Array): number => {
    let s = 0;
    for (const c of components) s += c.value(x);
    return s / n;
  };
  return {
    certificate: cert.name,
    dim: r,
    nodes,
    outputs,
    xStar,
    components,
    hull,
    objective: {
      d: r,
      n,
      loss: (w, i) => components[i].value(w),
      grad: (w, i, out) => void components[i].subgradient(w, out),
    },
    domain: { project: (w) => hull.project(w), label: `conv of the ${tree.nodes} tree iterates and x* in R^${r}` },
    risk,
    interpolationSlack: slack,
  };
}
