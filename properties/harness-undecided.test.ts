/**
 * The harness's limit on undecided trials (properties/harness.ts, MAX_UNDECIDED_SHARE = 1/2 per
 * theorem): a property whose trials mostly end undecided is refused, with the count and the remedy;
 * one at the level passes; a property that ran nothing (filtered out) is not judged.
 */
import { describe, expect, it } from 'vitest';
import { MAX_UNDECIDED_SHARE, undecidedShareProblem, type PropertyStats } from './harness';

function stats(verdicts: PropertyStats['verdicts']): PropertyStats {
  const runs = verdicts.violated + verdicts.attained + verdicts.holds + verdicts.undecided;
  return {
    theorem: 'fake-theorem',
    status: 'derived',
    mode: 'expectation',
    profile: 'ci',
    seed: 1,
    runs,
    rejected: 0,
    verdicts,
    worst: null,
  };
}

describe('the undecided share of a property', () => {
  it('refuses a property whose every trial ended undecided (it would otherwise stay green)', () => {
    const problem = undecidedShareProblem(
      stats({ violated: 0, attained: 0, holds: 0, undecided: 15 }),
      MAX_UNDECIDED_SHARE,
    );
    expect(problem).toMatch(/fake-theorem: 15 of 15 trials ended undecided \(100 % > 50 % allowed\)/);
  });

  it('refuses one just above the level, accepts one at it and the ci share of the attained stability bounds', () => {
    expect(undecidedShareProblem(stats({ violated: 0, attained: 2, holds: 5, undecided: 8 }), 0.5)).toMatch(/8 of 15/);
    expect(undecidedShareProblem(stats({ violated: 0, attained: 5, holds: 5, undecided: 10 }), 0.5)).toBeNull();
    expect(
      undecidedShareProblem(stats({ violated: 0, attained: 4, holds: 5, undecided: 6 }), MAX_UNDECIDED_SHARE),
    ).toBeNull();
  });

  it('a stated per-theorem level replaces the default; a property that ran nothing is not judged', () => {
    const mostlyUndecided = stats({ violated: 0, attained: 1, holds: 1, undecided: 8 });
    expect(undecidedShareProblem(mostlyUndecided, 0.5)).not.toBeNull();
    expect(undecidedShareProblem(mostlyUndecided, 0.8)).toBeNull();
    expect(undecidedShareProblem(stats({ violated: 0, attained: 0, holds: 0, undecided: 0 }), 0.5)).toBeNull();
  });
});
