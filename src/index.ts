/**
 * The public API of fwa-theorems: `import { … } from 'fwa-theorems'`.
 *
 * Exactly what the registry itself uses to define its theorems and their checks, plus the engine, the
 * instance generators and the averagers, so that a user's catalog is written the way
 * src/catalog/convergence.ts and src/catalog/stability.ts are. Everything exported here is covered by
 * semantic versioning (docs/api.md lists it with one line each); every other module under src/ is
 * internal and may change in any release.
 *
 * A catalog is a module exporting `catalog: Catalog = { theorems: [...] }`; `fwa-theorems check`,
 * `audit --catalog` and `guard --catalog` run it (docs/your-own-theorem.md).
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------
// Theorems: the value, its hypotheses, its relations, the registry

export {
  BOUND_RELATION,
  checkOf,
  defineTheorem,
  sideScope,
  type BoundSide,
  type CheckBuilder,
  type Hypothesis,
  type MeasureMode,
  type Relation,
  type Theorem,
  type TheoremDefinition,
  type TheoremFamily,
  type TheoremKind,
  type TheoremSpec,
  type TheoremStatus,
} from './theory/theorem';
export { CONVEX_CLASSES, type FunctionClass } from './objectives/function-class';
export { type Scope } from './theory/scope';
export {
  hypothesis,
  integerAtLeastHyp,
  nextWindowHyp,
  nonNegativeHyp,
  positiveHyp,
  windowHyp,
} from './theory/hypotheses';
/** The bound language: the restricted mathjs instance and the series it adds (H, Hdiff, powmean, tailpow). */
export { compileBound, type CompiledBound } from './theory/expr';
export { getTheorem, registry } from './catalog/registry';
export type { Catalog } from './catalog/load';

// ---------------------------------------------------------------------------------------------
// Checks: trials, outcomes and verdicts, the registry's check builders and arbitraries

/** fast-check, the instance every arbitrary above and below is built with (compose yours with it). */
export { default as fc } from 'fast-check';
export type { BoundFn, RunConfig, TheoremCheck, Trial, TrialOutcome, TrialSetup } from './theory/check';
export type { Verdict } from './stats/verdict';
export {
  equalityOutcome,
  exactOutcome,
  expectationOutcome,
  pathwiseOutcome,
  sequentialOutcome,
} from './measure/outcome';
export { type Basis } from './stats/verdict';
export { ConfidenceSequence } from './stats/confidence-sequence';
export { claimDelta } from './stats/budget';
export {
  NO_INSTANCE,
  averagerArb,
  emaRateArb,
  largestWindow,
  pointTrial,
  seedArb,
  windowArb,
} from './measure/arbitraries';
export { relationCheck } from './measure/relation';
export {
  GAP_MAX_T,
  GAP_REPLICATES,
  convergencePoints,
  convexRunArb,
  fullBatch,
  gapCheck,
  harveySpec,
  jensenCheck,
  type ConvexRunOptions,
  type GapSetup,
} from './measure/convergence';
export { constantInvSqrtHorizon, invSqrtT } from './engine/schedule';
export {
  ANY_AVERAGER,
  EMA_RATE,
  FWA_WINDOW,
  LAST,
  SWA_ALL,
  exponentP,
  onlyAverager,
  type AveragerFamily,
} from './measure/stability/trials';
export {
  convexCheck,
  generalizationCheck,
  nonconvexCheck,
  nonconvexConstantStepCheck,
  pathwiseCouplingCheck,
  stabilityPoints,
} from './measure/stability/checks';

// ---------------------------------------------------------------------------------------------
// The engine: projected SGD, coupled runs, schedules, averagers

export { runSgd, type SgdConfig, type SgdResult, type RunOptions, type StepKernel } from './engine/sgd';
export { runCoupled, type CoupledConfig, type CoupledResult } from './engine/coupled';
export { enumerateCoupled, enumerateRuns, exactMean, type ExactExpectation } from './engine/enumerate';
export { stepSizes, type ScheduleSpec } from './engine/schedule';
export { empiricalRisk, type LinearGradient, type Objective } from './engine/objective';
export { deriveSeed, RandomStream } from './engine/rng';
export { szHorizonForEngineSteps, type Convention } from './engine/convention';
export { averagerWeights, makeAverager, tailMass } from './engine/averaging';
export {
  type Averager,
  type AveragerChoice,
  type AveragerSpec,
  type CustomAverager,
} from './engine/averagers/averager';

// ---------------------------------------------------------------------------------------------
// Instances: the generators with certified constants

export {
  buildInstance,
  generatorsFor,
  getGenerator,
  type CertifiedConstants,
  type Instance,
  type InstanceSpec,
} from './objectives/index';
export { instanceSpecArb, log2Grid, logInt, type InstanceArbOptions } from './objectives/arbitraries';

// ---------------------------------------------------------------------------------------------
// Worst cases: performance estimation with certificates (docs/theory/pep.md)

export { type WorstCase, type WorstCaseClass, type WorstCaseMeasure, type WorstCaseProblem } from './pep/worst-case';
export { worstCase, type WorstCaseWithInstance } from './objectives/worst-case/worst-case-instance';
export type { ClassMembership, WorstCaseInstance } from './objectives/worst-case/from-certificate';
export type { EngineRun } from './pep/problem';
export { worstCaseCheck, type WorstCaseCheckOptions, type WorstCasePoint } from './measure/worst-case-check';
export type { CertificateLookup } from './pep/cache';
export type { PepCertificate } from './pep/certificate';
export type { DomainSpec } from './pep/problem';

// ---------------------------------------------------------------------------------------------
// Errors (typed: each names the bad input and what would be valid)

export { CatalogError, DivergenceError, HypothesisError, InvalidParameterError } from './errors';
