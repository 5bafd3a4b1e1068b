import fc from 'fast-check';
import { relationCheck } from '../measure/relation';
import { ANY_AVERAGER, EMA_RATE, exponentP, FWA_WINDOW, LAST, SWA_ALL } from '../measure/stability/trials';
import {
  convexCheck,
  generalizationCheck,
  nonconvexCheck,
  nonconvexConstantStepCheck,
  pathwiseCouplingCheck,
  stabilityPoints,
} from '../measure/stability/checks';
import {
  hypothesis,
  integerAtLeastHyp,
  nextWindowHyp,
  nonNegativeHyp,
  positiveHyp,
  windowHyp,
} from '../theory/hypotheses';
import {
  BOUND_RELATION,
  defineTheorem,
  type Hypothesis,
  type Theorem,
  type TheoremDefinition,
} from '../theory/theorem';
import { type FunctionClass } from '../objectives/function-class';
import { type Scope } from '../theory/scope';

/**
 * Uniform-stability and generalization bounds (docs/theory/stability.md).
 *
 * Longer than 400 lines because it is one list: 24 theorem values (about a dozen lines each) and the
 * hypotheses they share; split, the shared hypotheses would sit away from the entries that use them.
 *
 * Index convention: the engine's (w_0 initial, T updates; src/engine/convention.ts). The stability
 * analysis counts gradient steps, so every bound here is stated for T updates directly.
 *
 * Scope symbols shared by the family: T updates, k window, n sample size, L Lipschitz, beta
 * smoothness, a constant step, c step scale (α_t = c/t or c·t^(−p)), g the EMA rate γ.
 * Instance-level hypotheses (α ≤ 2/β, loss range in [0, 1]) are checked whenever the instance's
 * constants (`beta`, `lossMin`, `lossMax`) are in the scope: every measurement puts them there; a
 * bare parameter point (bound-vectors.json) carries only the bound's own symbols.
 *
 * From a theorem id, one hop each: its formula (`bound`, below), its check (the builder `check` names,
 * in src/measure/stability/checks.ts or src/measure/relation.ts), its proof steps (`reference`) and its report page
 * (theorems/<id>.html in every audit run directory).
 */

// ---------------------------------------------------------------------------------------------
// Hypotheses (shared validators from hypotheses.ts, plus the family's own step and range rules).

/** Convex 1-expansiveness (HRS Lemma 3.6) needs every step ≤ 2/β; `step` (a or c) is the largest, α_1. */
function stepAtMostTwoOverBeta(step: 'a' | 'c'): Hypothesis {
  const lim = (s: Scope) => (s.beta > 0 ? 2 / s.beta : Infinity);
  return hypothesis(
    `${step} <= 2/beta`,
    (s) => !('beta' in s) || s[step] <= lim(s),
    (s) => `largest step ${step} = ${s[step]} > 2/β = ${lim(s)} (β = ${s.beta}); expected every α_t ≤ 2/β`,
  );
}

/** The same rule for bounds over any non-increasing schedule: its largest step α_1 is `a` or `c`. */
const largestStepRule = hypothesis(
  'alpha_1 <= 2/beta',
  (s) => !('beta' in s) || !('a' in s || 'c' in s) || (s.a ?? s.c) <= (s.beta > 0 ? 2 / s.beta : Infinity),
  (s) => `largest step α_1 = ${s.a ?? s.c} > 2/β (β = ${s.beta}); expected every α_t ≤ 2/β`,
);

const lossInUnitInterval = hypothesis(
  'f(w; z) in [0, 1]',
  (s) => (!('lossMin' in s) && !('lossMax' in s)) || (s.lossMin >= 0 && s.lossMax <= 1),
  (s) => `certified loss range [${s.lossMin}, ${s.lossMax}]; the t₀ argument (HRS Lemma 3.11) needs f ∈ [0, 1]`,
);

const emaRate = hypothesis(
  'g in (0, 1]',
  (s) => s.g > 0 && s.g <= 1,
  (s) => `g = ${s.g}; expected the EMA rate γ in (0, 1]`,
);

/** Monotonicity compares window k + 1 with k, so k + 1 must still be a window. */
const kBelowT = nextWindowHyp(1);

const TAtLeast1 = integerAtLeastHyp('T', 1);
const kInWindow = windowHyp(1);
const nAtLeast1 = integerAtLeastHyp('n', 1);
/** The non-convex bounds divide by n − 1. */
const nAtLeast2 = integerAtLeastHyp('n', 2);
const LPositive = positiveHyp('L');
const betaPositive = positiveHyp('beta');
const aPositive = positiveHyp('a');
const cPositive = positiveHyp('c');
/** α_t = c·t^(−p) is non-increasing for p ≥ 0. */
const pNonNegative = nonNegativeHyp('p');

const sym = {
  T: 'number of SGD updates (engine convention: w_0 initial)',
  k: 'FWA window: the mean of the last k iterates w_{T−k+1..T}',
  n: 'sample size',
  L: 'Lipschitz constant of every f(·; z)',
  beta: 'smoothness β of every f(·; z)',
  a: 'constant step α',
  c: 'step scale: α_t = c/t (or c·t^(−p))',
  p: 'step exponent: α_t = c·t^(−p)',
  g: 'EMA rate γ: w̃_t = (1−γ) w̃_{t−1} + γ w_t, w̃_0 = w_0',
} as const;

/** The convex bounds need smoothness (α ≤ 2/β): the convex classes with a finite β. */
const SMOOTH_CONVEX_CLASSES: FunctionClass[] = ['convex-smooth', 'linear'];
const NONCONVEX_CLASSES: FunctionClass[] = ['nonconvex-smooth-bounded'];

const CONVEX_MEASURE = {
  description:
    'sup_z E|f(w̄; z) − f(w̄′; z)| over coupled runs on neighbouring S, S′ (checked as L·E‖w̄ − w̄′‖, which bounds it)',
  mode: 'expectation' as const,
};

const NONCONVEX_MEASURE = {
  description:
    'sup_z E|f(w̄; z) − f(w̄′; z)| over coupled runs on neighbouring S, S′ (max over test points incl. the differing examples)',
  mode: 'expectation' as const,
};

type StabilitySpec = Omit<TheoremDefinition, 'family' | 'convention' | 'kind' | 'classes' | 'measure'> &
  Partial<Pick<TheoremDefinition, 'kind' | 'classes' | 'measure'>>;

/** An upper bound of the family; convex by default (classes and measure), stated for engine runs. */
function stability(spec: StabilitySpec): Theorem {
  return defineTheorem({
    kind: 'upper',
    classes: SMOOTH_CONVEX_CLASSES,
    measure: CONVEX_MEASURE,
    ...spec,
    family: 'stability',
    convention: 'engine',
  });
}

/** A non-convex upper bound (loss in [0, 1] where the t₀ argument needs it). */
function nonconvex(spec: StabilitySpec): Theorem {
  return stability({ classes: NONCONVEX_CLASSES, measure: NONCONVEX_MEASURE, ...spec });
}

// ---------------------------------------------------------------------------------------------
// Bounds. Each is one mathjs expression; the registry is the only place they are written.

/** q = βc, the exponent of the non-convex bounds. */
const q = '(beta*c)';
/** Hardt's non-convex prefactor (1 + 1/(βc))/(n−1) · (2cL²)^{1/(βc+1)}. */
const hrsNonconvexPrefactor = `(1 + 1/${q})/(n - 1) * (2*c*L^2)^(1/(${q} + 1))`;

/** G6: hrs-generalization evaluates it for the run it measures. */
const unifiedConvex = stability({
  id: 'fwa-stability-unified-convex',
  check: convexCheck(exponentP, ANY_AVERAGER),
  title: "Unified convex stability for any averager's weights (G6)",
  source: 'derived: G6, the tail-mass form of G1 for any averaging weights',
  reference: 'docs/theory/stability.md#g6-unified-weights',
  status: 'derived',
  hypotheses: [nAtLeast1, LPositive, positiveHyp('Lam'), largestStepRule],
  bound: '2*L^2/n * Lam',
  symbols: {
    n: sym.n,
    L: sym.L,
    Lam: "Σ_t Λ_t α_t with Λ_t = Σ_{i≥t} λ_i the tail mass of the averager's weights(T) (SWA, EMA, LAWA, suffix, FWA)",
  },
});

const hrsConvexConstantStep = stability({
  id: 'hrs-convex-constant-step',
  check: convexCheck('constant', LAST),
  title: 'Convex SGD stability, constant step',
  source: 'Hardt–Recht–Singer 2016 Thm 3.8',
  reference: 'docs/theory/stability.md#hrs-convex-sgd',
  status: 'classical',
  hypotheses: [TAtLeast1, nAtLeast1, LPositive, aPositive, stepAtMostTwoOverBeta('a')],
  bound: '2*a*L^2*T/n',
  symbols: { T: sym.T, n: sym.n, L: sym.L, a: sym.a },
});

const hrsConvexHarmonicStep = stability({
  id: 'hrs-convex-harmonic-step',
  check: convexCheck(fc.constant(1), LAST),
  title: 'Convex SGD stability, steps c/t',
  source: 'Hardt–Recht–Singer 2016 Thm 3.8',
  reference: 'docs/theory/stability.md#hrs-convex-sgd',
  status: 'classical',
  hypotheses: [TAtLeast1, nAtLeast1, LPositive, cPositive, stepAtMostTwoOverBeta('c')],
  bound: '2*c*L^2/n * H(T)',
  symbols: { T: sym.T, n: sym.n, L: sym.L, c: sym.c },
});

const hrsConvex = stability({
  id: 'hrs-convex',
  check: convexCheck(exponentP, LAST),
  title: 'Convex SGD stability, polynomial steps α_t = c·t^(−p)',
  source: 'Hardt–Recht–Singer 2016 Thm 3.8',
  reference: 'docs/theory/stability.md#hrs-convex-sgd',
  status: 'classical',
  hypotheses: [TAtLeast1, nAtLeast1, LPositive, cPositive, pNonNegative, stepAtMostTwoOverBeta('c')],
  bound: '2*c*L^2/n * tailpow(T, 1, p)',
  symbols: { T: sym.T, n: sym.n, L: sym.L, c: sym.c, p: sym.p },
});

const hrsNonconvex = nonconvex({
  id: 'hrs-nonconvex',
  check: nonconvexCheck(LAST),
  title: 'Non-convex SGD stability, steps α_t ≤ c/t',
  source: 'Hardt–Recht–Singer 2016 Thm 3.12',
  reference: 'docs/theory/stability.md#hrs-non-convex-sgd',
  status: 'classical',
  hypotheses: [TAtLeast1, nAtLeast2, LPositive, betaPositive, cPositive, lossInUnitInterval],
  bound: `${hrsNonconvexPrefactor} * T^(${q}/(${q} + 1))`,
  symbols: { T: sym.T, n: sym.n, L: sym.L, beta: sym.beta, c: sym.c },
});

const fwaConvex = stability({
  id: 'fwa-stability-convex',
  check: convexCheck(exponentP, FWA_WINDOW),
  title: 'FWA convex stability, tail-mass form (G1), steps α_t = c·t^(−p)',
  source: 'derived: G1',
  reference: 'docs/theory/stability.md#g1-convex-general-steps',
  status: 'derived',
  hypotheses: [TAtLeast1, kInWindow, nAtLeast1, LPositive, cPositive, pNonNegative, stepAtMostTwoOverBeta('c')],
  bound: '2*c*L^2/n * tailpow(T, k, p)',
  symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, c: sym.c, p: sym.p },
  parent: hrsConvex.id,
});

const fwaConvexConstantStep = stability({
  id: 'fwa-stability-convex-constant-step',
  check: convexCheck('constant', FWA_WINDOW),
  title: 'FWA convex stability, constant step (G2)',
  source: 'derived: G2 (G1 at a constant step, weight sum L3)',
  reference: 'docs/theory/stability.md#g2-constant-step',
  status: 'derived',
  hypotheses: [TAtLeast1, kInWindow, nAtLeast1, LPositive, aPositive, stepAtMostTwoOverBeta('a')],
  bound: 'a*L^2/n * (2*T - k + 1)',
  symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, a: sym.a },
  parent: hrsConvexConstantStep.id,
});

const fwaConvexHarmonicStep = stability({
  id: 'fwa-stability-convex-harmonic-step',
  check: convexCheck(fc.constant(1), FWA_WINDOW),
  title: 'FWA convex stability, steps c/t (G3)',
  source: 'derived: G3 (G1 at steps c/t, harmonic identity L4)',
  reference: 'docs/theory/stability.md#g3-harmonic-steps',
  status: 'derived',
  hypotheses: [TAtLeast1, kInWindow, nAtLeast1, LPositive, cPositive, stepAtMostTwoOverBeta('c')],
  bound: '2*c*L^2/n * (H(T - k) + (T + 1)/k * Hdiff(T, T - k) - 1)',
  symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, c: sym.c },
  parent: hrsConvexHarmonicStep.id,
});

const fwaNonconvex = nonconvex({
  id: 'fwa-stability-nonconvex',
  check: nonconvexCheck(FWA_WINDOW),
  title: 'FWA non-convex stability, steps α_t ≤ c/t, t₀ argument (G5)',
  source: 'derived: G5',
  reference: 'docs/theory/stability.md#g5-non-convex-decaying-steps',
  status: 'derived',
  hypotheses: [TAtLeast1, kInWindow, nAtLeast2, LPositive, betaPositive, cPositive, lossInUnitInterval],
  bound: `${hrsNonconvexPrefactor} * powmean(T, k, ${q})^(1/(${q} + 1))`,
  symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, beta: sym.beta, c: sym.c },
  parent: hrsNonconvex.id,
});

const fwaNonconvexConstantStep = nonconvex({
  id: 'fwa-stability-nonconvex-constant-step',
  check: nonconvexConstantStepCheck,
  title: 'FWA non-convex stability, constant step, no t₀ argument (G4)',
  source: 'derived: G4',
  reference: 'docs/theory/stability.md#g4-non-convex-constant-step',
  status: 'derived',
  hypotheses: [TAtLeast1, kInWindow, nAtLeast2, LPositive, betaPositive, aPositive],
  measure: {
    description: 'L·E‖w̄ − w̄′‖ over coupled runs on neighbouring S, S′ (bounds sup_z E|f(w̄; z) − f(w̄′; z)|)',
    mode: 'expectation',
  },
  // ρ = 1 + x, x = (1 − 1/n)αβ; the window mean (1/k)Σ_{i=T−k+1}^{T}(ρ^i − 1) written with
  // log1p/expm1 so that small x loses no digits: ρ^{T−k+1}(ρ^k − 1)/(k x) − 1.
  bound:
    '2*L^2/((n - 1)*beta) * (exp((T - k + 1)*log1p((1 - 1/n)*a*beta)) * expm1(k*log1p((1 - 1/n)*a*beta))/(k*(1 - 1/n)*a*beta) - 1)',
  symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, beta: sym.beta, a: sym.a },
});

/** The bounds themselves; the relations between them follow. */
const bounds: Theorem[] = [
  stability({
    id: 'hrs-generalization',
    check: generalizationCheck(unifiedConvex),
    title: 'Generalization gap ≤ uniform stability',
    source: 'Hardt–Recht–Singer 2016 Thm 2.2',
    reference: 'docs/theory/stability.md#uniform-stability-and-generalization',
    status: 'classical',
    hypotheses: [positiveHyp('eps')],
    measure: {
      description:
        'E_{S,A}[F(A(S)) − F_S(A(S))] on data from a known distribution (population risk certified by the generator)',
      mode: 'expectation',
    },
    bound: 'eps',
    symbols: {
      eps: "a uniform-stability bound of the algorithm run (the checks use fwa-stability-unified-convex for the run's averager and steps)",
    },
  }),
  hrsConvex,
  hrsConvexConstantStep,
  hrsConvexHarmonicStep,
  fwaConvex,
  fwaConvexConstantStep,
  stability({
    id: 'fwa-stability-convex-constant-step-paper-reading',
    check: convexCheck('constant', FWA_WINDOW),
    title: 'FWA convex stability, constant step: printed-form reading (2αL²/n)(T − k/2)',
    source: "paper reading: the FWA paper's plausible printed constant (Wang et al. 2024, arXiv:2411.13169)",
    reference: 'docs/theory/stability.md#g2-paper-reading',
    status: 'paper-reading',
    readingOf: fwaConvexConstantStep,
    hypotheses: [TAtLeast1, kInWindow, nAtLeast1, LPositive, aPositive, stepAtMostTwoOverBeta('a')],
    bound: '2*a*L^2/n * (T - k/2)',
    symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, a: sym.a },
    parent: hrsConvexConstantStep.id,
  }),
  fwaConvexHarmonicStep,
  unifiedConvex,
  stability({
    id: 'fwa-coupling-pathwise-convex',
    check: pathwiseCouplingCheck,
    title: 'Pathwise convex coupling bound for any averager',
    source: 'derived: G1 before expectations, with tail masses (G6)',
    reference: 'docs/theory/stability.md#pathwise-coupling-bound',
    status: 'derived',
    hypotheses: [LPositive, largestStepRule],
    measure: {
      description: '‖w̄ − w̄′‖ of one coupled pair of runs (same index stream) on neighbouring S, S′ differing at i*',
      mode: 'pathwise',
    },
    bound: '2*L*Lhit',
    symbols: {
      L: sym.L,
      Lhit: 'Σ_t Λ_t α_t 1[i_t = i*]: tail-mass-weighted steps at which the differing example was drawn',
    },
  }),
  stability({
    id: 'ema-stability-convex-constant-step',
    check: convexCheck('constant', EMA_RATE),
    title: 'EMA convex stability, constant step (G6 with Λ_t = 1 − (1−γ)^{T−t+1})',
    source: 'derived: G6 with the EMA tail masses',
    reference: 'docs/theory/stability.md#g6-unified-weights',
    status: 'derived',
    hypotheses: [TAtLeast1, nAtLeast1, LPositive, aPositive, emaRate, stepAtMostTwoOverBeta('a')],
    // Σ_{j=1}^{T} (1−γ)^j = (1−γ)(1 − (1−γ)^T)/γ, with 1 − (1−γ)^T = −expm1(T·log1p(−γ)) (no cancellation).
    bound: '2*a*L^2/n * (T + (1 - g)*expm1(T*log1p(-g))/g)',
    symbols: { T: sym.T, n: sym.n, L: sym.L, a: sym.a, g: sym.g },
    parent: hrsConvexConstantStep.id,
  }),
  stability({
    id: 'swa-stability-convex-constant-step',
    check: convexCheck('constant', SWA_ALL),
    title: 'SWA (uniform average of w_1..w_T) convex stability, constant step',
    source: 'derived: G2 at k = T (G6 with the uniform weights)',
    reference: 'docs/theory/stability.md#g6-unified-weights',
    status: 'derived',
    hypotheses: [TAtLeast1, nAtLeast1, LPositive, aPositive, stepAtMostTwoOverBeta('a')],
    bound: 'a*L^2*(T + 1)/n',
    symbols: { T: sym.T, n: sym.n, L: sym.L, a: sym.a },
    parent: hrsConvexConstantStep.id,
  }),
  hrsNonconvex,
  fwaNonconvex,
  nonconvex({
    id: 'fwa-stability-unified-nonconvex',
    check: nonconvexCheck(ANY_AVERAGER),
    title: "Unified non-convex stability for any averager's weights, steps c/t, t₀ argument (G6)",
    source: 'derived: G6, non-convex: A_k replaced by Σ_i λ_i i^q',
    reference: 'docs/theory/stability.md#g6-unified-weights',
    status: 'derived',
    hypotheses: [nAtLeast2, LPositive, betaPositive, cPositive, positiveHyp('Aq'), lossInUnitInterval],
    bound: `${hrsNonconvexPrefactor} * Aq^(1/(${q} + 1))`,
    symbols: {
      n: sym.n,
      L: sym.L,
      beta: sym.beta,
      c: sym.c,
      Aq: "Σ_i λ_i i^{βc} over the averager's weights(T) on w_0..w_T (A_k for FWA, T^{βc} for the last iterate)",
    },
  }),
  nonconvex({
    id: 'fwa-stability-nonconvex-integral-reading',
    check: nonconvexCheck(FWA_WINDOW),
    title: 'FWA non-convex stability: reading with A_k replaced by its integral',
    source: 'paper reading: A_k ≈ (T^{q+1} − (T−k)^{q+1})/((q+1)k) (Wang et al. 2024, arXiv:2411.13169)',
    reference: 'docs/theory/stability.md#g5-integral-reading',
    status: 'paper-reading',
    readingOf: fwaNonconvex,
    hypotheses: [TAtLeast1, kInWindow, nAtLeast2, LPositive, betaPositive, cPositive, lossInUnitInterval],
    bound: `${hrsNonconvexPrefactor} * ((T^(${q} + 1) - (T - k)^(${q} + 1))/((${q} + 1)*k))^(1/(${q} + 1))`,
    symbols: { T: sym.T, k: sym.k, n: sym.n, L: sym.L, beta: sym.beta, c: sym.c },
    parent: hrsNonconvex.id,
  }),
  fwaNonconvexConstantStep,
];

/** The check of every relation of this family: drawn parameter points, no engine. */
const stabilityRelationCheck = relationCheck(stabilityPoints, 100);

/** Registry entry: the bound `of` is non-increasing in k, B(k + 1) ≤ B(k) (docs/theory/stability.md). */
function nonincreasingInK(of: Theorem): Theorem {
  return stability({
    id: `${of.id}-nonincreasing-in-k`,
    title: `The ${of.id} bound is non-increasing in k`,
    source: `derived: the ${of.id} bound is non-increasing in k`,
    reference: 'docs/theory/stability.md#orderings-and-ratios',
    status: 'derived',
    kind: 'ordering',
    classes: of.classes,
    hypotheses: of.hypotheses.map((h) => (h === kInWindow ? kBelowT : h)),
    measure: BOUND_RELATION,
    bound: 'B',
    symbols: { B: `the ${of.id} bound at window k (the measured side is window k + 1)` },
    parent: of.id,
    relation: { lhs: { theorem: of, kShift: 1 }, rhs: { theorem: of } },
    check: stabilityRelationCheck,
  });
}

export const stabilityTheorems: Theorem[] = [
  ...bounds,
  ...[fwaConvex, fwaConvexConstantStep, fwaConvexHarmonicStep, fwaNonconvex, fwaNonconvexConstantStep].map(
    nonincreasingInK,
  ),
  stability({
    id: 'fwa-stability-convex-constant-step-ratio',
    title: 'Predicted ratio of FWA to SGD convex stability bounds, constant step: 1 − (k−1)/(2T)',
    source: 'derived: G2 over its SGD parent',
    reference: 'docs/theory/stability.md#orderings-and-ratios',
    status: 'derived',
    kind: 'equality',
    hypotheses: [TAtLeast1, kInWindow, nAtLeast1, LPositive, aPositive],
    measure: BOUND_RELATION,
    bound: '1 - (k - 1)/(2*T)',
    symbols: { T: sym.T, k: sym.k },
    parent: hrsConvexConstantStep.id,
    relation: { lhs: { theorem: fwaConvexConstantStep }, rhs: { theorem: hrsConvexConstantStep } },
    check: stabilityRelationCheck,
  }),
  stability({
    id: 'fwa-stability-nonconvex-ratio',
    title: 'Predicted ratio of FWA to SGD non-convex stability bounds: (A_k/T^q)^{1/(q+1)}',
    source: 'derived: G5 over its SGD parent',
    reference: 'docs/theory/stability.md#orderings-and-ratios',
    status: 'derived',
    kind: 'equality',
    classes: NONCONVEX_CLASSES,
    hypotheses: [TAtLeast1, kInWindow, nAtLeast2, LPositive, betaPositive, cPositive],
    measure: BOUND_RELATION,
    bound: `(powmean(T, k, ${q})/T^${q})^(1/(${q} + 1))`,
    symbols: { T: sym.T, k: sym.k, beta: sym.beta, c: sym.c },
    parent: hrsNonconvex.id,
    relation: { lhs: { theorem: fwaNonconvex }, rhs: { theorem: hrsNonconvex } },
    check: stabilityRelationCheck,
  }),
];
