import { averagerWeights } from '../../engine/averaging';
import { type AveragerSpec } from '../../engine/averagers/averager';
import { stepSizes, type ScheduleSpec } from '../../engine/schedule';
import { InvalidParameterError } from '../../errors';
import { requirePositive } from '../../validate';
import { column, gramFactor } from '../factor';
import { combination, gramAlgebra, minus, numericAlgebra, type Algebra, type GramForm } from '../algebra';
import { convexLipschitz } from '../classes/convex-lipschitz';
import { convexSetInterpolation } from '../classes/convex-set';
import type { Inequality, NormalPoint, OraclePoint } from '../classes/types';
import type { GramProblem } from '../gram-problem';
import { childOf, nodeName, pathOf, prefixesOfLeaf, scenarioTree, type ScenarioTree } from './tree';

/**
 * The stochastic PEP: the worst case of E[F(x̄) − min_W F] after T steps of projected SGD on a finite sum
 * F = (1/n) Σ_i f_i, the expectation over the n^T equally likely index paths, as ONE semidefinite program
 * over the scenario tree (tree.ts; docs/theory/pep-stochastic.md).
 *
 *   x_{σi} = Π_W(x_σ − α_{t+1} g_i(x_σ)),  g_i(x_σ) ∈ ∂f_i(x_σ),  for every node σ at depth t < T,
 *   x̄_σ = Σ_t λ_t x_{σ[:t]} for every full path σ,
 *   maximise n^{−T} Σ_σ F(x̄_σ) − F(x*),  x* a minimiser of F on W (x* = 0, the origin).
 *
 * Gradient hypotheses: 'lipschitz', every f_i convex with ‖g_i‖ ≤ G at every point; 'second-moment',
 * every f_i convex with (1/n) Σ_i ‖g_i(x)‖² ≤ G² at every point the method or the measure queries (the
 * E‖ĝ‖² ≤ G² of the convergence theorems, imposed at those points). W closed convex of diameter ≤ D.
 *
 * Every f_i is shifted so that f_i(x*) = c0 = G_i·D (G_i = G, or √n·G under the second moment, the largest
 * ‖g_i‖ either allows): a constant shift changes neither the method nor the gap, and then every value is
 * ≥ 0 (f_i(x) ≥ c0 − ‖g_i(x*)‖·D), so the values are the SDP's nonnegative scalars without splitting.
 */
export type GradientHypothesis = 'lipschitz' | 'second-moment';

export interface StochasticPepSpec {
  /** Number of components f_i (index draws per step). */
  n: number;
  /** SGD steps. */
  T: number;
  schedule: ScheduleSpec;
  averager: AveragerSpec;
  gradients: { kind: GradientHypothesis; G: number };
  /** Diameter of W. */
  D: number;
}

/**
 * Where each vector and scalar lives. Gram basis: x_v for every node v (v = 0..nodes − 1), g*_i (the
 * subgradients at x*), g_i(x_v) for every internal node v and component i, g_i(x̄_ℓ) for every leaf path ℓ
 * and component i. Each projection's normal vector is read off the step, h_{σi} = (x_σ − x_{σi})/α − g_i(x_σ),
 * as in the deterministic PEP (problem.ts). Scalars: f_i(x_v) for internal v, then f_i(x̄_ℓ).
 */
export interface StochasticLayout {
  spec: StochasticPepSpec;
  tree: ScenarioTree;
  steps: Float64Array;
  weights: Float64Array;
  /** f_i(x*): the shift that makes every value ≥ 0. */
  c0: number;
  /** The largest ‖g_i‖ the hypothesis allows. */
  gMax: number;
  n: number;
  nf: number;
  igs: number;
  ig: number;
  igw: number;
  ifw: number;
}

export function stochasticLayout(spec: StochasticPepSpec): StochasticLayout {
  const tree = scenarioTree(spec.n, spec.T);
  requirePositive('G', spec.gradients.G);
  requirePositive('D', spec.D);
  if (spec.gradients.kind !== 'lipschitz' && spec.gradients.kind !== 'second-moment')
    throw new InvalidParameterError('gradient hypothesis', spec.gradients.kind, "'lipschitz' | 'second-moment'");
  const gMax = spec.gradients.kind === 'lipschitz' ? spec.gradients.G : Math.sqrt(spec.n) * spec.gradients.G;
  const igs = tree.nodes;
  const ig = igs + spec.n;
  const igw = ig + spec.n * tree.internal;
  return {
    spec,
    tree,
    steps: stepSizes(spec.schedule, spec.T),
    weights: averagerWeights(spec.averager, spec.T),
    c0: gMax * spec.D,
    gMax,
    n: igw + spec.n * tree.leaves,
    nf: spec.n * (tree.internal + tree.leaves),
    igs,
    ig,
    igw,
    ifw: spec.n * tree.internal,
  };
}

export interface StochasticInstance<V, S> {
  /** x_v for every node v. */
  nodes: V[];
  /** x̄_ℓ for every leaf path ℓ. */
  outputs: V[];
  inequalities: Inequality<S>[];
  objective: S;
}

/** Component i's name prefix in inequality keys. */
const comp = (i: number): string => `f${i}@`;

/**
 * The instance in an algebra (Gram forms for the SDP, explicit vectors for the verifier): runs SGD over the
 * whole tree and returns every interpolation inequality of every component and of W.
 */
function stochasticInstance<V, S>(
  alg: Algebra<V, S>,
  L: StochasticLayout,
  basis: V[],
  scalars: S[],
): StochasticInstance<V, S> {
  const { tree, steps, weights, spec } = L;
  const { n } = spec;
  const nodes = basis.slice(0, tree.nodes);
  const gAt = (i: number, v: number): V => basis[L.ig + i * tree.internal + v];
  const fAt = (i: number, v: number): S => scalars[i * tree.internal + v];
  const outputs: V[] = [];
  for (let leaf = 0; leaf < tree.leaves; leaf++)
    outputs.push(
      combination(
        alg,
        prefixesOfLeaf(tree, leaf).map((v) => nodes[v]),
        weights,
      ),
    );
  const gOut = (i: number, leaf: number): V => basis[L.igw + i * tree.leaves + leaf];
  const fOut = (i: number, leaf: number): S => scalars[L.ifw + i * tree.leaves + leaf];
  const c0 = alg.num(L.c0);
  const xStar = alg.zero();
  const inequalities: Inequality<S>[] = [];
  // Component i is queried at every internal node (the branch that draws i), at every output and at x*.
  const pointsOf = (i: number): OraclePoint<V, S>[] => {
    const pts: OraclePoint<V, S>[] = [];
    for (let v = 0; v < tree.internal; v++)
      pts.push({ name: comp(i) + nodeName(tree, v), x: nodes[v], g: gAt(i, v), f: fAt(i, v) });
    for (let leaf = 0; leaf < tree.leaves; leaf++)
      pts.push({
        name: `${comp(i)}w[${pathOf(tree, tree.first[spec.T] + leaf).join(n > 10 ? ',' : '')}]`,
        x: outputs[leaf],
        g: gOut(i, leaf),
        f: fOut(i, leaf),
      });
    pts.push({ name: `${comp(i)}x*`, x: xStar, g: basis[L.igs + i], f: c0 });
    return pts;
  };
  const perComponent = Array.from({ length: n }, (_, i) => pointsOf(i));
  const lipschitz = convexLipschitz(L.gMax);
  for (const pts of perComponent) {
    const ineqs = lipschitz.interpolation(alg, pts);
    // Under the second moment, the class keeps convexity (the pairs) and bounds the mean of the squared
    // norms over the components at each point instead of each norm.
    inequalities.push(
      ...(spec.gradients.kind === 'lipschitz' ? ineqs : ineqs.filter((q) => !q.key.startsWith('lip:|'))),
    );
  }
  if (spec.gradients.kind === 'second-moment') {
    const G2 = spec.gradients.G ** 2;
    perComponent[0].forEach((p0, k) => {
      const at = p0.name.slice(comp(0).length);
      inequalities.push({
        key: `moment:${at}`,
        value: () => {
          let s = alg.num(-G2);
          for (let i = 0; i < n; i++)
            s = alg.plus(s, alg.times(alg.dot(perComponent[i][k].g, perComponent[i][k].g), 1 / n));
          return s;
        },
      });
    });
  }
  // W: the nodes (x_{σi} = x_σ − α(g_i(x_σ) + h_{σi}), h_{σi} ∈ N_W(x_{σi})) and x*, optimal for F on W:
  // −(1/n) Σ_i g*_i ∈ N_W(x*).
  const normals: NormalPoint<V>[] = [{ name: nodeName(tree, 0), x: nodes[0], h: null }];
  for (let v = 0; v < tree.internal; v++) {
    const alpha = steps[pathOf(tree, v).length + 1];
    for (let i = 0; i < n; i++) {
      const c = childOf(tree, v, i);
      const h = alg.sub(alg.scale(alg.sub(nodes[v], nodes[c]), 1 / alpha), gAt(i, v));
      normals[c] = { name: nodeName(tree, c), x: nodes[c], h };
    }
  }
  let meanGStar = alg.zero();
  for (let i = 0; i < n; i++) meanGStar = alg.add(meanGStar, alg.scale(basis[L.igs + i], -1 / n));
  normals.push({ name: 'x*', x: xStar, h: meanGStar });
  inequalities.push(...convexSetInterpolation(alg, spec.D, normals));
  // E[F(x̄)] − F(x*) = n^{−T} Σ_ℓ (1/n) Σ_i f_i(x̄_ℓ) − c0.
  let objective = minus(alg, alg.num(0), c0);
  const w = 1 / (n * tree.leaves);
  for (let i = 0; i < n; i++)
    for (let leaf = 0; leaf < tree.leaves; leaf++) objective = alg.plus(objective, alg.times(fOut(i, leaf), w));
  return { nodes, outputs, inequalities, objective };
}

/** The explicit instance of a Gram matrix's factor columns and scalars. */
export function explicitInstance(
  L: StochasticLayout,
  V: Float64Array,
  r: number,
  f: ArrayLike<number>,
): StochasticInstance<Float64Array, number> {
  const basis = Array.from({ length: L.n }, (_, i) => column(V, r, L.n, i));
  return stochasticInstance(numericAlgebra(r), L, basis, Array.from(f));
}

/**
 * Inequalities of the first constraint-generation round. Measured on n = 2, T = 3, 4 (multipliers above
 * 1e-5), the binding ones are mostly: the unary ones (norms, moments) and the pairs with x*; a component's
 * value at a node above the linearisation at an output (lip:x|w); pairs of nodes on one path; the normal
 * cone of a node seen from its ancestors. Those start; pairs across branches, the other direction and the
 * diameters between nodes come in when violated.
 */
function initiallyGenerated(key: string): boolean {
  const m = /^([a-z]+):(?:f\d+@)?([xw])\[([^\]]*)\]\|(?:f\d+@)?([xw])\[([^\]]*)\]$/.exec(key);
  if (!m) return true;
  const [, kind, a, pa, b, pb] = m;
  if (kind === 'diam') return false;
  if (a === 'x' && b === 'w') return true;
  if (a === 'w' || b === 'w') return false;
  return kind === 'set' ? pa.startsWith(pb) : pa.startsWith(pb) || pb.startsWith(pa);
}

/** The stochastic PEP as a Gram problem (solveGram, certifyDual). */
export function stochasticGramProblem(L: StochasticLayout): GramProblem {
  const alg = gramAlgebra(L.n, L.nf);
  const basis = Array.from({ length: L.n }, (_, i) => alg.basis(i));
  const scalars = Array.from({ length: L.nf }, (_, j) => alg.variable(j));
  const inst: StochasticInstance<Float64Array, GramForm> = stochasticInstance(alg, L, basis, scalars);
  const gramDiagonal = new Float64Array(L.n).fill(L.gMax * L.gMax);
  gramDiagonal.fill(L.spec.D * L.spec.D, 0, L.tree.nodes);
  return {
    n: L.n,
    nf: L.nf,
    inequalities: inst.inequalities,
    objective: inst.objective,
    values(P, f) {
      const { V, r } = gramFactor(P, L.n);
      return new Map(explicitInstance(L, V, r, f).inequalities.map((q) => [q.key, q.value()]));
    },
    initiallyGenerated,
    // ‖x_v − x*‖ ≤ D, ‖g‖ ≤ gMax, and f_i(x) ≤ f_i(x*) + ⟨g_i(x), x − x*⟩ ≤ c0 + gMax·D = 2·c0.
    bounds: { gramDiagonal, scalar: 2 * L.c0 },
  };
}
