import { InvalidParameterError } from '../errors';
import { currentProfile, type Profile } from '../profile';
import { requireInteger } from '../validate';

/**
 * The multiple-testing budget of expectation claims (docs/theorems.md#how-a-verdict-is-reached).
 *
 * An expectation bound is declared violated only when a one-sided lower confidence bound of the mean
 * (confidence-sequence.ts) exceeds it. Every such comparison is one CLAIM; a true bound is falsely flagged
 * with probability ≤ δ per claim. Bonferroni: with at most N claims per full run, δ = budget / N keeps
 * the probability of ANY false alarm in a full `npm test` ≤ FALSE_ALARM_BUDGET, whatever the
 * dependence between claims.
 *
 * N is declared here, not counted at run time, because vitest runs the test files in separate
 * workers; properties/registry.test.ts checks that the claims the registered checks can make
 * (Σ numRuns of the expectation checks, times the profile's runsScale) stay within N.
 */
export const FALSE_ALARM_BUDGET = 1e-3;

/** Claims a `ci` run may make across ALL expectation properties of every family. */
export const DECLARED_EXPECTATION_CLAIMS_CI = 1000;

/** Claims a run of this profile may make (ci × the profile's runsScale). */
export function declaredClaims(profile: Profile = currentProfile()): number {
  return DECLARED_EXPECTATION_CLAIMS_CI * profile.runsScale;
}

/** Bonferroni split: the per-claim miss probability δ for `claims` claims sharing `budget`. */
export function bonferroniDelta(claims: number, budget = FALSE_ALARM_BUDGET): number {
  requireInteger('claims', claims, 1);
  if (!(budget > 0 && budget < 1)) throw new InvalidParameterError('budget', budget, 'a probability in (0, 1)');
  return budget / claims;
}

/** δ for one expectation claim under the profile (1e-3 / 1000 = 1e-6 in ci). */
export function claimDelta(profile: Profile = currentProfile()): number {
  return bonferroniDelta(declaredClaims(profile));
}
