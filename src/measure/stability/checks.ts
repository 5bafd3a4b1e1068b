import fc, { type Arbitrary } from 'fast-check';
import { instanceSpecArb, log2Grid, logInt } from '../../objectives/arbitraries';
import type { Instance } from '../../objectives/instance';
import type { Profile } from '../../profile';
import type { CheckBuilder, Theorem } from '../../theory/theorem';
import type { Scope } from '../../theory/scope';
import { windowArb } from '../arbitraries';
import { exactHorizons, withExact } from '../exact';
import type { BoundFn, Trial, TrialOutcome, TrialSetup } from '../../theory/check';
import {
  ANY_AVERAGER,
  type AveragerFamily,
  FWA_WINDOW,
  type StepCap,
  convexDraw,
  exponentP,
  nonconvexDraws,
  nonconvexSpecArb,
  smoothConvexSpecArb,
  stepRule,
  trialsOf,
} from './trials';
import {
  aqOf,
  distanceRun,
  generalizationRun,
  generalizationSetup,
  lamOf,
  nonconvexRun,
  pathwiseRun,
  stabilitySetup,
} from './runs';

/**
 * How the stability theorems are measured (their values are in src/catalog/stability.ts, each naming
 * its check builder below; docs/theory/stability.md).
 *
 * Coupled runs (src/engine/coupled.ts): SGD on S and on its neighbour S^(i*) with ONE index stream,
 * the same schedule and averager. Per replicate we record ‖w̄ − w̄′‖ and |f(w̄; z) − f(w̄′; z)| at
 * every test point z ∈ {z_1..z_n of S} ∪ {z′_{i*} of S′} (so the differing examples are included).
 *   - convex bounds: measured L·E‖w̄ − w̄′‖, the quantity the proofs bound (it dominates every loss
 *     difference); the largest mean loss difference is reported beside it;
 *   - non-convex bounds with the t₀ argument: measured max_z E|f(w̄; z) − f(w̄′; z)| (the proof does not
 *     bound E‖w̄ − w̄′‖), one-sided test Bonferroni-split over the n + 1 test points;
 *   - G4 (non-convex, constant step, no t₀): measured L·E‖w̄ − w̄′‖, as its proof bounds;
 *   - the pathwise coupling bound: one coupled run, ‖w̄ − w̄′‖ against 2L Σ_t Λ_t α_t 1[i_t = i*];
 *   - generalization: fresh data sets from a known distribution, E[F(w̄) − F_S(w̄)] with the population
 *     risk the generator certifies, against the unified stability bound of the run.
 * Expectation claims are judged by src/stats/verdict.ts at the profile's per-claim δ: an exact trial
 * (trial.exact) enumerates every index path (and every data set on finitely many atoms) and is judged
 * with certainty (src/measure/exact.ts); a sampled one draws replicates until its confidence sequence
 * decides or its `replicates` are spent.
 */

/** Parameter points of a stability relation: every symbol its sides read, k with k + 1 still a window. */
export function stabilityPoints(theorem: Theorem): Arbitrary<Scope> {
  const convex = theorem.classes.includes('linear');
  return fc
    .record({
      T: logInt(2, 5000),
      n: logInt(2, 10_000),
      L: log2Grid(-24, 24, 4),
      beta: log2Grid(-24, 24, 4),
      q: log2Grid(-24, 8, 4),
      p: exponentP,
      s: log2Grid(-32, 0, 4),
    })
    .chain((r) =>
      windowArb(r.T - 1).map((k): Scope => {
        // convex step rule α ≤ 2/β; the non-convex entries read c through q = βc
        // (for G4 a = q/(βT), so that ρ^T ≤ e^q stays finite)
        const c = convex ? (2 / r.beta) * r.s : r.q / r.beta;
        const a = convex ? c : r.q / (r.beta * r.T);
        return { T: r.T, k, n: r.n, L: r.L, beta: r.beta, a, c, p: r.p };
      }),
    );
}

/**
 * The replicate budget of a sampled convex cell. On the attaining linear instance the mean equals the bound
 * and no budget decides it (the exact cells do); elsewhere cells stop as soon as they are decided.
 */
const REPLICATES = 500;
/** The replicate budget of a sampled non-convex cell: loose bounds, decided within a few hundred usually. */
const NONCONVEX_REPLICATES = 2000;

/**
 * Generalization data: the linear loss, whose population risk is 0 in closed form (E z = 0), on balls
 * of radius 1/4..4, so that the certified loss range ±RL (what the one-sided test's width rests on)
 * is within a small factor of the gap.
 */
const generalizationSpecArb = () => instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 6 });
/** Steps with Σ_t α_t·L ≤ R: the runs reach the boundary of W at most at the end, where the gap is largest. */
const insideBall: StepCap = (inst, T) => Math.min(stepRule(inst, T), inst.constants.R / (inst.constants.L * T));
/**
 * The budget of a sampled generalization cell in ci (× √runsScale in other profiles): the gap is ~1/n of its
 * certified range, so deciding it can take thousands of replicates; a cell stops as soon as it is decided.
 */
const GENERALIZATION_REPLICATES = 4000;

/** The bound-attaining linear instance of the exact convex cells: n ≤ 4, a ball the runs never reach. */
const exactLinearSpecArb = () =>
  instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 4, fixed: { R: 1024 } });
/** Non-convex instances small enough to enumerate: n ≤ 3. */
const exactNonconvexSpecArb = () =>
  instanceSpecArb('nonconvex-smooth-bounded', { maxD: 3, maxN: 3, generators: ['sigmoid', 'cauchy', 'tukey'] });
/** Generalization on finitely many atoms (E over S exact): (2d)^n data sets, d ≤ 2, n ≤ 3. */
const exactGeneralizationSpecArb = () =>
  instanceSpecArb('linear', { generators: ['linear-atoms'], includeHard: true, maxD: 2, maxN: 3 });
const atomDataSets = (inst: Instance) => Math.pow(2 * inst.constants.d, inst.constants.n);

/** Runs (= expectation claims, see src/stats/budget.ts) per convex and per non-convex property in ci. */
const CONVEX_RUNS = 15;
const NONCONVEX_RUNS = 10;
const GENERALIZATION_RUNS = 10;

type Execute = (theorem: Theorem, trial: Trial, setup: TrialSetup, bound?: BoundFn) => TrialOutcome;

/** A check that runs the engine: `run` executes exactly what `configure` derived. */
function measuredCheck(
  numRuns: number,
  trials: (theorem: Theorem, profile: Profile) => Arbitrary<Trial>,
  configure: (theorem: Theorem, trial: Trial) => TrialSetup,
  execute: Execute,
): CheckBuilder {
  return (theorem) => ({
    numRuns,
    trials: (profile) => trials(theorem, profile),
    configure: (t) => configure(theorem, t),
    run: (t, b) => execute(theorem, t, configure(theorem, t), b),
  });
}

/** L·E‖w̄ − w̄′‖ on coupled convex smooth runs (the convex bounds), steps drawn by `steps`. */
export const convexCheck = (steps: 'constant' | Arbitrary<number>, family: AveragerFamily): CheckBuilder =>
  measuredCheck(
    CONVEX_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(theorem, smoothConvexSpecArb(), convexDraw(steps, family), REPLICATES),
        // the attaining instance, steps with Σ α_t L ≤ R: exact cells there are *attained*
        trialsOf(theorem, exactLinearSpecArb(), convexDraw(steps, family, insideBall, exactHorizons(profile)), 1),
      ),
    (theorem, t) => stabilitySetup(theorem, t, family, true, lamOf),
    distanceRun,
  );

/** max_z E|f(w̄; z) − f(w̄′; z)| on coupled non-convex runs: the bounds with the t₀ argument, steps c/t. */
export const nonconvexCheck = (family: AveragerFamily): CheckBuilder =>
  measuredCheck(
    NONCONVEX_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(theorem, nonconvexSpecArb(), nonconvexDraws.harmonic(family), NONCONVEX_REPLICATES),
        trialsOf(theorem, exactNonconvexSpecArb(), nonconvexDraws.harmonic(family, exactHorizons(profile)), 1),
      ),
    (theorem, t) => stabilitySetup(theorem, t, family, true, (run, inst) => aqOf(run, inst, t)),
    nonconvexRun,
  );

/** L·E‖w̄ − w̄′‖ on coupled non-convex runs with a constant step (G4, whose proof bounds the distance). */
export const nonconvexConstantStepCheck: CheckBuilder = measuredCheck(
  NONCONVEX_RUNS,
  (theorem, profile) =>
    withExact(
      trialsOf(theorem, nonconvexSpecArb(), nonconvexDraws.constant(), NONCONVEX_REPLICATES),
      trialsOf(theorem, exactNonconvexSpecArb(), nonconvexDraws.constant(exactHorizons(profile)), 1),
    ),
  (theorem, t) => stabilitySetup(theorem, t, FWA_WINDOW, true, lamOf),
  distanceRun,
);

/** One coupled pair per trial, ‖w̄ − w̄′‖ against 2L Σ_t Λ_t α_t 1[i_t = i*], pathwise. */
export const pathwiseCouplingCheck: CheckBuilder = measuredCheck(
  100,
  (theorem) => trialsOf(theorem, smoothConvexSpecArb(), convexDraw(exponentP, ANY_AVERAGER), 1),
  (theorem, t) => stabilitySetup(theorem, t, ANY_AVERAGER, true, () => ({})),
  pathwiseRun,
);

/** E[F(w̄) − F_S(w̄)] on fresh data sets against the value of `stability` (G6) for the run. */
export const generalizationCheck = (stability: Theorem): CheckBuilder =>
  measuredCheck(
    GENERALIZATION_RUNS,
    (theorem, profile) =>
      withExact(
        trialsOf(
          theorem,
          generalizationSpecArb(),
          convexDraw(exponentP, ANY_AVERAGER, insideBall),
          Math.round(GENERALIZATION_REPLICATES * Math.sqrt(profile.runsScale)),
          false,
        ),
        trialsOf(
          theorem,
          exactGeneralizationSpecArb(),
          convexDraw(exponentP, ANY_AVERAGER, insideBall, exactHorizons(profile, atomDataSets)),
          1,
          false,
        ),
      ),
    (theorem, t) => generalizationSetup(theorem, stability, t),
    generalizationRun,
  );
