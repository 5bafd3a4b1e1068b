/**
 * Shared statistics (one concept per module):
 *   tolerance.ts  FLOAT_RTOL / FLOAT_ATOL, leqTol, eqTol, relativeError, BOUND_VECTOR_RTOL: the ONE float tolerance
 *   confidence.ts lowerConfidenceBound (Hoeffding ∨ empirical Bernstein, known range), summarize
 *   budget.ts     FALSE_ALARM_BUDGET (1e-3 per run), DECLARED_EXPECTATION_CLAIMS_CI, claimDelta(profile), bonferroniDelta
 *   slope.ts      logLogSlope (rates, flatness of measured/bound)
 *   verdict.ts    pathwiseOutcome, equalityOutcome, expectationOutcome: a TrialOutcome with its verdict
 */
export * from './tolerance';
export * from './confidence';
export * from './budget';
export * from './slope';
export * from './verdict';
