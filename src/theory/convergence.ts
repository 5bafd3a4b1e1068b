import { defineTheorem, type Hypothesis, type Scope, type Theorem, type TheoremSpec } from './theorem';
import { hypothesis, integerAtLeastHyp, nonNegativeHyp, positiveHyp, windowHyp } from './hypotheses';

/**
 * Convex convergence bounds (fwa-theory.md §3.2; related-results.md §1).
 *
 * Convention: Shamir–Zhang's ('sz'): w_1 is the initial point and T counts ITERATES w_1..w_T
 * (T − 1 updates). An engine run of T updates is evaluated at szHorizonForEngineSteps(T) = T + 1
 * (src/engine/convention.ts); the checks in src/measure/convergence.ts do that conversion.
 *
 * Setting of every upper bound: F convex on a closed convex W of diameter ≤ D, E‖ĝ_t‖² ≤ G², step
 * η_t = c/√t (or c/√T for the constant-step variant). The bounds are in expectation; on a
 * deterministic run (full-batch or Harvey's instance) the expectation is the run itself, so the same
 * bound is checked pathwise there.
 *
 * The ordering/identity entries at the end relate registry bounds to each other (no engine): their
 * sides are listed in `convergenceRelations`, so no formula is written twice.
 */

const T2 = integerAtLeastHyp('T', 2);
const c0 = positiveHyp('c');
const D0 = positiveHyp('D');
const G0 = nonNegativeHyp('G');
const kAll = windowHyp(1);
const kHalf = windowHyp(0.5);
/** Monotonicity compares k with k + 1, so k + 1 must still be a valid window. */
const kBelowT: Hypothesis = hypothesis(
  'k in [1, T-1]',
  (s) => Number.isInteger(s.k) && s.k >= 1 && s.k <= s.T - 1,
  (s) => `k = ${s.k} with T = ${s.T}; expected an integer 1 ≤ k ≤ T − 1 (k + 1 must be a window)`,
);
const kBelowHalfT: Hypothesis = hypothesis(
  'k in [1, T/2 - 1]',
  (s) => Number.isInteger(s.k) && s.k >= 1 && s.k + 1 <= s.T / 2,
  (s) => `k = ${s.k} with T = ${s.T}; expected an integer 1 ≤ k with k + 1 ≤ T/2`,
);

const sym = {
  T: 'Shamir–Zhang horizon: number of iterates w_1..w_T (an engine run of T − 1 updates)',
  k: 'FWA window: the mean of the last k iterates',
  c: 'step scale: η_t = c/√t (c/√T for the constant-step variant)',
  D: 'diameter of the domain W',
  G: 'bound on the second moment of the stochastic subgradients: E‖ĝ_t‖² ≤ G²',
} as const;

const CONVEX_CLASSES: TheoremSpec['classes'] = ['convex-smooth', 'convex-nonsmooth', 'strongly-convex', 'linear'];

const GAP_LAST = {
  description: 'E[F(w_T) − F*], last iterate (pathwise on deterministic runs: F(w_T) − F*)',
  mode: 'expectation' as const,
};
const GAP_FWA = {
  description: 'E[F(w̄_T^(k)) − F*], w̄ the mean of the last k iterates (pathwise on deterministic runs)',
  mode: 'expectation' as const,
};
/** Shared by every family's orderings and ratio identities between registry bounds. */
export const BOUND_RELATION = {
  description: 'a relation between registry bounds at the same parameters (exact up to float tolerance)',
  mode: 'pathwise' as const,
};

/** A convergence-family entry: Shamir–Zhang convention and every convex class unless the spec says otherwise. */
function convergence(
  spec: Omit<TheoremSpec, 'family' | 'convention' | 'classes'> & Partial<Pick<TheoremSpec, 'classes' | 'convention'>>,
): Theorem {
  return defineTheorem({ classes: CONVEX_CLASSES, convention: 'sz', ...spec, family: 'convergence' });
}

const SZ_ID = 'sz13-last-iterate';
const FWA_ID = 'fwa-convergence';
const PAPER_ID = 'fwa-convergence-paper-reading';
const CONST_ID = 'fwa-convergence-constant-step';

/** "The bound of `parent` is non-increasing in k": window k + 1 (measured side) against window k. */
function nonIncreasingInK(parent: string, which: string, kHyp: Hypothesis): Theorem {
  return convergence({
    id: `${parent}-nonincreasing-in-k`,
    title: `The ${which} FWA bound is non-increasing in k`,
    source: 'derived: fwa-theory.md §4.5',
    reference: 'fwa-theory.md §4.5',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [T2, kHyp, c0, D0, G0],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${parent} bound at window k (the measured side is window k + 1)` },
    parent,
  });
}

export const convergenceTheorems: Theorem[] = [
  convergence({
    id: SZ_ID,
    title: 'SGD last iterate, steps c/√t',
    source: 'Shamir–Zhang 2013 Thm 2',
    reference: 'fwa-theory.md §3.2; related-results.md §1.1',
    status: 'classical',
    kind: 'upper',
    hypotheses: [T2, c0, D0, G0],
    measure: GAP_LAST,
    bound: '(D^2/c + c*G^2) * (2 + log(T)) / sqrt(T)',
    symbols: { T: sym.T, c: sym.c, D: sym.D, G: sym.G },
  }),
  convergence({
    id: FWA_ID,
    title: 'FWA(k), steps c/√t: derived form, every 1 ≤ k ≤ T',
    source: 'derived: Shamir–Zhang chain stopped at suffix length k, then Jensen (fwa-theory.md §3.2)',
    reference: 'fwa-theory.md §3.2; related-results.md §1.2–1.3',
    status: 'derived',
    kind: 'upper',
    hypotheses: [T2, kAll, c0, D0, G0],
    measure: GAP_FWA,
    // Σ_{j=k}^{T−1} 1/j = H_{T−1} − H_{k−1}, summed directly (no cancellation).
    bound: '(D^2/(2*c) + c*G^2) * (1 + Hdiff(T - 1, k - 1)) / sqrt(T)',
    symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
    parent: SZ_ID,
  }),
  convergence({
    id: PAPER_ID,
    title: "FWA(k), steps c/√t: the paper's plausible printed form, k ≤ T/2",
    source:
      "paper reading: the FWA paper's convex convergence theorem, most plausible printed constant (fwa-theory.md §3.2 [P])",
    reference: 'fwa-theory.md §3.2, §6.2–6.3',
    status: 'paper-reading',
    kind: 'upper',
    hypotheses: [T2, kHalf, c0, D0, G0],
    measure: GAP_FWA,
    bound: '(D^2/c + c*G^2) * (2 + log(T/k)) / sqrt(T)',
    symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
    parent: SZ_ID,
  }),
  convergence({
    id: CONST_ID,
    title: 'FWA(k), constant step c/√T: derived form, every 1 ≤ k ≤ T',
    source: 'derived: fwa-theory.md §3.2 (variant for the 1/√T schedule)',
    reference: 'fwa-theory.md §3.2',
    status: 'derived',
    kind: 'upper',
    hypotheses: [T2, kAll, c0, D0, G0],
    measure: {
      description: 'E[F(w̄_T^(k)) − F*] with the constant step η ≡ c/√T (pathwise on deterministic runs)',
      mode: 'expectation',
    },
    bound: '(D^2/(2*c) + (c*G^2/2) * (1 + Hdiff(T - 1, k - 1))) / sqrt(T)',
    symbols: { T: sym.T, k: sym.k, c: sym.c, D: sym.D, G: sym.G },
  }),
  convergence({
    id: 'fwa-jensen',
    title: 'Jensen: F(FWA) ≤ mean of F over the window, pathwise',
    source: 'derived: fwa-theory.md §3.1 (L5)',
    reference: 'fwa-theory.md §3.1',
    status: 'derived',
    kind: 'upper',
    hypotheses: [integerAtLeastHyp('T', 1), kAll, c0],
    measure: {
      description: 'F(w̄_T^(k)) on every run of T engine updates (any schedule with scale c, projected)',
      mode: 'pathwise',
    },
    bound: 'meanF',
    symbols: { meanF: '(1/k) Σ_{i=T−k+1}^{T} F(w_i): the mean objective over the window, on the same run' },
    // T, k, c are the run's own parameters: T counts engine updates (Jensen needs no conversion).
    convention: 'engine',
  }),
  convergence({
    id: 'fwa-convergence-below-sgd',
    title: 'The derived FWA bound lies below Shamir–Zhang for every k (k = 1 included)',
    source: 'derived: fwa-theory.md §3.2 (comparison with SGD)',
    reference: 'fwa-theory.md §3.2, §4.4',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [T2, kAll, c0, D0, G0],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${SZ_ID} bound at the same T, c, D, G` },
    parent: SZ_ID,
  }),
  convergence({
    id: 'fwa-convergence-below-paper-reading',
    title: 'The derived FWA bound implies the paper reading: [D] ≤ [P] for k ≤ T/2',
    source: 'derived: fwa-theory.md §3.2 (chain (D²/(2c)+cG²)(1+Σ1/j) ≤ (D²/c+cG²)(2+ln(T/k)))',
    reference: 'fwa-theory.md §3.2, §6.3',
    status: 'derived',
    kind: 'ordering',
    hypotheses: [T2, kHalf, c0, D0, G0],
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${PAPER_ID} bound at the same T, k, c, D, G` },
    parent: PAPER_ID,
  }),
  nonIncreasingInK(FWA_ID, 'derived', kBelowT),
  nonIncreasingInK(PAPER_ID, 'paper-reading', kBelowHalfT),
  nonIncreasingInK(CONST_ID, 'constant-step', kBelowT),
  convergence({
    id: 'fwa-convergence-ratio-to-sgd',
    title: 'Predicted ratio of the FWA paper-reading bound to SGD: (2 + ln(T/k))/(2 + ln T); 1 at k = 1',
    source: 'derived: fwa-theory.md §3.2 (comparison with SGD)',
    reference: 'fwa-theory.md §3.2, §4.4',
    status: 'derived',
    kind: 'equality',
    hypotheses: [T2, kHalf, c0, D0, G0],
    measure: BOUND_RELATION,
    bound: '(2 + log(T/k)) / (2 + log(T))',
    symbols: { T: sym.T, k: sym.k },
    parent: SZ_ID,
  }),
];

/** One side of a relation between registry bounds: a theorem id and the window it is evaluated at. */
export interface BoundSide {
  theorem: string;
  /** Evaluate at k + kShift (monotonicity compares k + 1 with k). */
  kShift?: number;
}

/**
 * The sides of each ordering/equality entry above:
 *   ordering: lhs(scope) ≤ rhs(scope) (the entry's bound symbol B is rhs);
 *   ratio:    lhs(scope) / rhs(scope) equals the entry's own bound expression.
 */
export const convergenceRelations: Readonly<
  Record<string, { relation: 'ordering' | 'ratio'; lhs: BoundSide; rhs: BoundSide }>
> = {
  'fwa-convergence-below-sgd': { relation: 'ordering', lhs: { theorem: FWA_ID }, rhs: { theorem: SZ_ID } },
  'fwa-convergence-below-paper-reading': { relation: 'ordering', lhs: { theorem: FWA_ID }, rhs: { theorem: PAPER_ID } },
  ...Object.fromEntries(
    [FWA_ID, PAPER_ID, CONST_ID].map((id) => [
      `${id}-nonincreasing-in-k`,
      { relation: 'ordering' as const, lhs: { theorem: id, kShift: 1 }, rhs: { theorem: id } },
    ]),
  ),
  'fwa-convergence-ratio-to-sgd': { relation: 'ratio', lhs: { theorem: PAPER_ID }, rhs: { theorem: SZ_ID } },
};

/** The scope a side is evaluated at. */
export function sideScope(side: BoundSide, scope: Scope): Scope {
  return side.kShift ? { ...scope, k: scope.k + side.kShift } : scope;
}
