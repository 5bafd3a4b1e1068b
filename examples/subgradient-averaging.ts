/**
 * A classical bound the registry does not hold, checked with the public API only.
 *
 * S. Bubeck, "Convex Optimization: Algorithms and Complexity", Foundations and Trends in Machine
 * Learning 8(3–4):231–357, 2015, Theorem 3.2 (projected subgradient descent): let f be convex and
 * L-Lipschitz on a convex set X contained in the ball of radius R around the start x_1. Projected
 * subgradient descent x_{s+1} = Π_X(x_s − η g_s) with the constant step η = R/(L√t) satisfies
 *
 *     f((1/t) Σ_{s=1}^{t} x_s) − f(x*) ≤ R·L/√t.
 *
 * Convention: the theorem counts ITERATES x_1..x_t from the start x_1, i.e. t − 1 updates. That is the
 * suite's Shamir–Zhang convention ('sz'): an engine run of T updates (w_0 = x_1, …, w_T = x_{T+1}) is
 * the theorem at t = T + 1, which `theorem.forEngineRun` converts, and the average of all t iterates is
 * the engine's SWA from step 0 (the mean of w_0..w_T).
 *
 * The check runs deterministic subgradient descent (the full-batch view of every convex instance the
 * generators produce, Harvey's hard instance included) from w_0 = 0, the centre of the ball W of radius
 * R, and compares the certified optimality gap with the bound, pathwise (exact up to the suite's float
 * tolerance). On the linear loss the averaged gap is ≈ R·L/(2√t): the bound holds with a factor ≈ 2
 * to spare, and half of it is refuted (subgradient-averaging-wrong.ts).
 */
import {
  CONVEX_CLASSES,
  buildInstance,
  convexRunArb,
  defineTheorem,
  empiricalRisk,
  fc,
  fullBatch,
  integerAtLeastHyp,
  pathwiseOutcome,
  positiveHyp,
  runSgd,
  seedArb,
  type Catalog,
  type CheckBuilder,
  type Scope,
  type TheoremDefinition,
  type Trial,
} from 'fwa-theorems';

/** Largest number of engine updates a trial draws (runs are deterministic: one run per trial). */
const MAX_UPDATES = 300;

/** Deterministic projected subgradient descent with η = R/(L√t), averaged over every iterate. */
export const averagedSubgradientCheck: CheckBuilder = (theorem) => ({
  numRuns: 30,
  trials: () =>
    fc
      .record({ run: convexRunArb({ maxT: MAX_UPDATES, classes: theorem.classes }), seed: seedArb })
      .map(({ run, seed }): Trial => ({
        theorem: theorem.id,
        instance: run.spec,
        params: { T: run.T },
        seed,
        replicates: 1,
      })),
  run(trial, bound) {
    const inst = buildInstance(trial.instance);
    const { R, L, Fstar, FstarGap } = inst.constants;
    // The theorem's own scope: t = T + 1 iterates for a run of T updates.
    const scope: Scope = theorem.forEngineRun({ T: trial.params.T, R, L });
    theorem.assertHypotheses(scope);
    const b = bound ? bound(scope) : theorem.evaluate(scope);
    const res = runSgd(
      {
        objective: fullBatch(inst.objective),
        T: trial.params.T,
        schedule: { kind: 'constant', alpha: R / (L * Math.sqrt(scope.T)) },
        radius: R,
        averagers: [{ kind: 'swa', start: 0 }],
      },
      { seed: trial.seed },
    );
    // F* is a certified lower bound within FstarGap of the minimum: this gap never overstates the true one.
    const gap = empiricalRisk(inst.objective, res.averages[0]) - Fstar - (FstarGap ?? 0);
    return pathwiseOutcome(gap, b, scope);
  },
});

/** The statement, shared with the deliberately wrong variant. */
export const bubeckTheorem32: TheoremDefinition = {
  id: 'bubeck15-averaged-subgradient',
  title: 'Projected subgradient descent, constant step R/(L√t), average of all iterates',
  source: 'Bubeck 2015, Convex Optimization: Algorithms and Complexity (FnT ML 8(3–4)), Thm 3.2',
  reference: 'examples/subgradient-averaging.ts (statement and proof sketch in the header)',
  status: 'classical',
  family: 'convergence',
  kind: 'upper',
  convention: 'sz',
  classes: [...CONVEX_CLASSES],
  hypotheses: [integerAtLeastHyp('T', 1), positiveHyp('R'), positiveHyp('L')],
  measure: {
    description: 'F((1/t) Σ_{s=1}^{t} x_s) − F*, deterministic (full-batch) projected subgradient descent',
    mode: 'pathwise',
  },
  bound: 'R * L / sqrt(T)',
  symbols: {
    T: 'number of iterates t (x_1..x_t, t − 1 updates: an engine run of T − 1 updates)',
    R: 'radius of the ball W around the start x_1 = w_0 = 0 (X ⊂ B(x_1, R))',
    L: 'Lipschitz constant of f on W',
  },
  check: averagedSubgradientCheck,
};

export const catalog: Catalog = { theorems: [defineTheorem(bubeckTheorem32)] };
