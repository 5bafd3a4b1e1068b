/**
 * Shared statistics (one concept per module):
 *   tolerance.ts  FLOAT_RTOL / FLOAT_ATOL, leqTol, eqTol, relativeError, BOUND_VECTOR_RTOL: the ONE float tolerance
 *   mean-variance.ts meanAndVariance (Welford mean and variance, for reporting spreads)
 *   confidence-sequence.ts ConfidenceSequence: betting confidence sequence of a bounded mean (time-uniform)
 *   budget.ts     FALSE_ALARM_BUDGET (1e-3 per run), DECLARED_EXPECTATION_CLAIMS_CI, claimDelta(profile), bonferroniDelta
 *   slope.ts      logLogSlope (rates, flatness of measured/bound)
 *   verdict.ts    THE verdicts (violated / attained / holds / undecided) and what they rest on (exact,
 *                 sampled, certificate); judgeExact, judgePathwise, judgeEquality, judgeExpectation,
 *                 judgeSequential: a Judgement (verdict, basis, ratio, slack, interval) of a number
 *                 against a bound. A trial's outcome record is assembled in src/measure/outcome.ts.
 */
export * from './tolerance';
export * from './mean-variance';
export * from './confidence-sequence';
export * from './budget';
export * from './slope';
export * from './verdict';
