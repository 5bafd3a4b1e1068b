/**
 * Constants guard, fast subset: the linear loss with z′ = −z attains every convex
 * stability bound exactly in expectation (docs/theory/stability.md#g1-convex-general-steps), so on it
 * every mutant that shrinks a convex [S]/[D] stability bound by ≥ 10 % somewhere must be caught by that
 * theorem's own property.
 * A survivor means the suite could not notice that constant being wrong.
 */
import { describe, expect, it } from 'vitest';
import { describeTrial } from '../src/guard/format';
import { killMatrixFor, SHRINK_TARGET, summarizeKills } from '../src/guard/killMatrix';
import { isConvexStabilityTarget, isLinearTrial } from '../src/guard/targets';
import { currentProfile } from '../src/profile';
import { registry } from '../src/catalog/registry';
import { checkOf } from '../src/theory/theorem';

const profile = currentProfile();
/**
 * Replicates per expectation trial. The per-replicate value on the linear instance ranges up to n×
 * its mean, so the one-sided bound at the suite's per-claim δ needs thousands of replicates to come
 * within 10 % of the mean (empirical Bernstein: width ≈ √(2V·ln(2/δ)/m) + 7·range·ln(2/δ)/(3m)):
 * 2000 here, and the kill matrix re-runs the most promising trial with 4× as many when needed.
 */
const REPLICATES = 2000;
const targets = registry.filter((t) => isConvexStabilityTarget(t) && t.check);

describe('guard: convex stability mutants are caught on the linear instance', () => {
  it('the registry has convex stability bounds with checks to guard', () => {
    expect(targets.length, 'convex [S]/[D] stability theorems with a check').toBeGreaterThanOrEqual(10);
  });
  for (const theorem of targets) {
    const check = checkOf(theorem);
    it(`${theorem.id}: every mutant shrinking the bound by ≥ ${Math.round(100 * (1 - SHRINK_TARGET))}% is caught`, () => {
      const report = killMatrixFor(theorem, check, profile, {
        seed: profile.seed,
        samples: 8,
        confirmations: 2,
        // a ≥ 10 % survivor within 2× of failing gets a short hill-climb (e.g. towards smaller L or larger T)
        searchEvaluations: 12,
        searchFrom: 0.5,
        searchBelowFactor: SHRINK_TARGET,
        filter: isLinearTrial,
        replicates: REPLICATES,
      });
      expect(
        report.trials,
        `${theorem.id}: the check drew no linear-instance trial in 8 samples (seed ${profile.seed})`,
      ).toBeGreaterThan(0);
      expect(
        report.baselineViolations,
        `${theorem.id} itself is violated on the linear instance (seed ${profile.seed})`,
      ).toBe(0);
      const escaped = report.mutants.filter((m) => m.status !== 'caught' && m.minFactor <= SHRINK_TARGET);
      const msg = escaped
        .map(
          (m) =>
            `${m.id} (${m.expression}): shrinks to ×${m.minFactor.toPrecision(3)}, best ratio ${m.bestRatio.toPrecision(4)}${m.bestTrial ? ` on ${describeTrial(m.bestTrial)}` : ''}`,
        )
        .join('\n  ');
      expect(
        escaped,
        `${theorem.id}: surviving shrinking mutants (seed ${profile.seed}; replay: FWA_SEED=${profile.seed} npx fwa-theorems guard --theorem ${theorem.id}):\n  ${msg}`,
      ).toEqual([]);
      expect(summarizeKills(report.mutants).shrinking).toBeGreaterThan(0);
    });
  }
});
