import { constantInvSqrtHorizon, invSqrtT } from '../engine/schedule';
import { convergencePoints, gapCheck, jensenCheck } from '../measure/convergence';
import { relationCheck } from '../measure/relation';
import { integerAtLeastHyp, nextWindowHyp, nonNegativeHyp, positiveHyp, windowHyp } from '../theory/hypotheses';
import {
  BOUND_RELATION,
  defineTheorem,
  type Hypothesis,
  type Theorem,
  type TheoremDefinition,
} from '../theory/theorem';
import { CONVEX_CLASSES } from '../objectives/function-class';

/**
 * Convex convergence bounds (docs/theory/convergence.md).
 *
 * Convention: Shamir–Zhang's ('sz'): w_1 is the initial point and T counts ITERATES w_1..w_T
 * (T − 1 updates). Each theorem converts an engine run of T updates itself
 * (Theorem.forEngineRun: horizon T + 1, src/engine/convention.ts).
 *
 * Setting of every upper bound: F convex on a closed convex W of diameter ≤ D, E‖ĝ_t‖² ≤ G², step
 * η_t = c/√t (or c/√T for the constant-step variant). The bounds are in expectation; on a
 * deterministic run (full-batch or Harvey's instance) the expectation is the run itself, so the same
 * bound is checked pathwise there.
 *
 * The ordering/identity entries at the end relate registry bounds to each other (no engine): their
 * `relation` names the two sides by value, so no formula is written twice.
 *
 * From a theorem id, one hop each: its formula (`bound`, below), its check (the builder `check` names,
 * in src/measure/convergence.ts or src/measure/relation.ts), its proof steps (`reference`) and its report page
 * (theorems/<id>.html in every audit run directory).
 */

const TAtLeast2 = integerAtLeastHyp('T', 2);
const cPositive = positiveHyp('c');
const DPositive = positiveHyp('D');
const GNonNegative = nonNegativeHyp('G');
const kAll = windowHyp(1);
const kHalf = windowHyp(0.5);
/** Monotonicity compares k with k + 1, so k + 1 must still be a valid window. */
const kBelowT = nextWindowHyp(1);
const kBelowHalfT = nextWindowHyp(0.5);

const sym = {
  T: 'Shamir–Zhang horizon: number of iterates w_1..w_T (an engine run of T − 1 updates)',
  k: 'FWA window: the mean of the last k iterates',
  c: 'step scale: η_t = c/√t (c/√T for the constant-step variant)',
  D: 'diameter of the domain W',
  G: 'bound on the second moment of the stochastic subgradients: E‖ĝ_t‖² ≤ G²',
} as const;

const GAP_LAST = {
  description: 'E[F(w_T) − F*], last iterate (pathwise on deterministic runs: F(w_T) − F*)',
  mode: 'expectation' as const,
};
const GAP_FWA = {
  description: 'E[F(w̄_T^(k)) − F*], w̄ the mean of the last k iterates (pathwise on deterministic runs)',
  mode: 'expectation' as const,
};

/** A convergence-family entry: Shamir–Zhang convention and every convex class unless the spec says otherwise. */
function convergence(
  spec: Omit<TheoremDefinition, 'family' | 'convention' | 'classes'> &
    Partial<Pick<TheoremDefinition, 'classes' | 'convention'>>,
): Theorem {
  return defineTheorem({ classes: [...CONVEX_CLASSES], convention: 'sz', ...spec, family: 'convergence' });
}

/** The check of every relation of this family: drawn parameter points, no engine. */
const convergenceRelationCheck = relationCheck(convergencePoints, 200);

/** "The bound of `parent` is non-increasing in k": window k + 1 (measured side) against window k. */
function nonIncreasingInK(parent: Theorem, which: string, kHyp: Hypothesis): Theorem {
  return convergence({
    id: `${parent.id}-nonincreasing-in-k`,
    title: `The ${which} FWA bound is non-increasing in k`,
    source: 'derived: the bound is non-increasing in k',
    reference: 'docs/theory/convergence.md#c4-orderings-and-ratio',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [TAtLeast2, kHyp, cPositive, DPositive, GNonNegative],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${parent.id} bound at window k (the measured side is window k + 1)` },
    parent: parent.id,
    relation: { lhs: { theorem: parent, kShift: 1 }, rhs: { theorem: parent } },
    check: convergenceRelationCheck,
  });
}

const sz13LastIterate = convergence({
  id: 'sz13-last-iterate',
  title: 'SGD last iterate, steps c/√t',
  source: 'Shamir–Zhang 2013 Thm 2',
  reference: 'docs/theory/convergence.md#c0-sgd-last-iterate',
  status: 'classical',
  kind: 'upper',
  hypotheses: [TAtLeast2, cPositive, DPositive, GNonNegative],
  measure: GAP_LAST,
  bound: '(D^2/c + c*G^2) * (2 + log(T)) / sqrt(T)',
  symbols: { T: sym.T, c: sym.c, D: sym.D, G: sym.G },
  check: gapCheck({ window: false, schedule: invSqrtT }),
});

const fwaConvergence = convergence({
  id: 'fwa-convergence',
  title: 'FWA(k), steps c/√t: derived form, every 1 ≤ k ≤ T',
  source: 'derived: Shamir–Zhang chain stopped at suffix length k, then Jensen',
  reference: 'docs/theory/convergence.md#c1-fwa-derived-bound',
  status: 'derived',
  kind: 'upper',
  hypotheses: [TAtLeast2, kAll, cPositive, DPositive, GNonNegative],
  measure: GAP_FWA,
  // Σ_{j=k}^{T−1} 1/j = H_{T−1} − H_{k−1}, summed directly (no cancellation).
  bound: '(D^2/(2*c) + c*G^2) * (1 + Hdiff(T - 1, k - 1)) / sqrt(T)',
  symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
  parent: sz13LastIterate.id,
  check: gapCheck({ window: true, schedule: invSqrtT }),
});

const fwaConvergencePaperReading = convergence({
  id: 'fwa-convergence-paper-reading',
  title: "FWA(k), steps c/√t: the paper's plausible printed form, k ≤ T/2",
  source:
    "paper reading: the FWA paper's convex convergence theorem, most plausible printed constant (Wang et al. 2024, arXiv:2411.13169)",
  reference: 'docs/theory/convergence.md#c2-paper-reading',
  status: 'paper-reading',
  readingOf: fwaConvergence,
  kind: 'upper',
  hypotheses: [TAtLeast2, kHalf, cPositive, DPositive, GNonNegative],
  measure: GAP_FWA,
  bound: '(D^2/c + c*G^2) * (2 + log(T/k)) / sqrt(T)',
  symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
  parent: sz13LastIterate.id,
  check: gapCheck({ window: true, schedule: invSqrtT }),
});

const fwaConvergenceConstantStep = convergence({
  id: 'fwa-convergence-constant-step',
  title: 'FWA(k), constant step c/√T: derived form, every 1 ≤ k ≤ T',
  source: 'derived: the fwa-convergence chain with the constant step c/√T',
  reference: 'docs/theory/convergence.md#c3-constant-step',
  status: 'derived',
  kind: 'upper',
  hypotheses: [TAtLeast2, kAll, cPositive, DPositive, GNonNegative],
  measure: {
    description: 'E[F(w̄_T^(k)) − F*] with the constant step η ≡ c/√T (pathwise on deterministic runs)',
    mode: 'expectation',
  },
  bound: '(D^2/(2*c) + (c*G^2/2) * (1 + Hdiff(T - 1, k - 1))) / sqrt(T)',
  symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
  // η ≡ c/√T in the theorem's convention, i.e. at the horizon T + 1 of an engine run of T updates.
  check: gapCheck({ window: true, schedule: constantInvSqrtHorizon }),
});

export const convergenceTheorems: Theorem[] = [
  sz13LastIterate,
  fwaConvergence,
  fwaConvergencePaperReading,
  fwaConvergenceConstantStep,
  convergence({
    id: 'fwa-jensen',
    title: 'Jensen: F(FWA) ≤ mean of F over the window, pathwise',
    source: 'derived: Jensen inequality for the window mean (L5)',
    reference: 'docs/theory/setting.md#l5-jensen',
    status: 'derived',
    kind: 'upper',
    hypotheses: [integerAtLeastHyp('T', 1), kAll, cPositive],
    measure: {
      description: 'F(w̄_T^(k)) on every run of T engine updates (any schedule with scale c, projected)',
      mode: 'pathwise',
    },
    bound: 'meanF',
    symbols: { meanF: '(1/k) Σ_{i=T−k+1}^{T} F(w_i): the mean objective over the window, on the same run' },
    // T, k, c are the run's own parameters: T counts engine updates (Jensen needs no conversion).
    convention: 'engine',
    check: jensenCheck,
  }),
  convergence({
    id: 'fwa-convergence-below-sgd',
    title: 'The derived FWA bound lies below Shamir–Zhang for every k (k = 1 included)',
    source: 'derived: comparison with SGD',
    reference: 'docs/theory/convergence.md#c4-orderings-and-ratio',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [TAtLeast2, kAll, cPositive, DPositive, GNonNegative],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${sz13LastIterate.id} bound at the same T, c, D, G` },
    parent: sz13LastIterate.id,
    relation: { lhs: { theorem: fwaConvergence }, rhs: { theorem: sz13LastIterate } },
    check: convergenceRelationCheck,
  }),
  convergence({
    id: 'fwa-convergence-below-paper-reading',
    title: 'The derived FWA bound implies the paper reading: [D] ≤ [P] for k ≤ T/2',
    source: 'derived: the chain (D²/(2c)+cG²)(1+Σ1/j) ≤ (D²/c+cG²)(2+ln(T/k))',
    reference: 'docs/theory/convergence.md#c4-orderings-and-ratio',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [TAtLeast2, kHalf, cPositive, DPositive, GNonNegative],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${fwaConvergencePaperReading.id} bound at the same T, k, c, D, G` },
    parent: fwaConvergencePaperReading.id,
    relation: { lhs: { theorem: fwaConvergence }, rhs: { theorem: fwaConvergencePaperReading } },
    check: convergenceRelationCheck,
  }),
  nonIncreasingInK(fwaConvergence, 'derived', kBelowT),
  nonIncreasingInK(fwaConvergencePaperReading, 'paper-reading', kBelowHalfT),
  nonIncreasingInK(fwaConvergenceConstantStep, 'constant-step', kBelowT),
  convergence({
    id: 'fwa-convergence-ratio-to-sgd',
    title: 'Predicted ratio of the FWA paper-reading bound to SGD: (2 + ln(T/k))/(2 + ln T); 1 at k = 1',
    source: 'derived: comparison with SGD',
    reference: 'docs/theory/convergence.md#c4-orderings-and-ratio',
    status: 'derived',
    kind: 'equality',
    hypotheses: [TAtLeast2, kHalf, cPositive, DPositive, GNonNegative],
    measure: BOUND_RELATION,
    bound: '(2 + log(T/k)) / (2 + log(T))',
    symbols: { T: sym.T, k: sym.k },
    parent: sz13LastIterate.id,
    relation: { lhs: { theorem: fwaConvergencePaperReading }, rhs: { theorem: sz13LastIterate } },
    check: convergenceRelationCheck,
  }),
];
