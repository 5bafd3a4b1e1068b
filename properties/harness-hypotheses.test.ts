/**
 * The vitest harness (properties/harness.ts) and `fwa-theorems check` (src/measure/property.ts) judge a
 * drawn trial by one step, runDrawnTrial: a draw outside the theorem's hypotheses is rejected as a
 * fast-check precondition and counted, never run to a verdict nor reported as a failure; any other
 * exception is an error of the check; a 'violated' verdict is returned as it is.
 *
 * The theorem here is a stand-in with a window hypothesis (1 ≤ k ≤ T) whose check draws k up to 2·T on
 * purpose, so about half of its draws are outside the hypotheses; its run throws the HypothesisError
 * of theorem.assertHypotheses for those, as every registry check does. Registered through the harness,
 * its property passes with the rejected draws counted; a harness that ran the check's run directly
 * failed it with "the trial threw: HypothesisError".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HypothesisError } from '../src/errors';
import { emptyTally, runDrawnTrial } from '../src/measure/property';
import { pathwiseOutcome } from '../src/measure/outcome';
import type { TheoremCheck, Trial } from '../src/theory/check';
import { integerAtLeastHyp, windowHyp } from '../src/theory/hypotheses';
import { defineTheorem, type Theorem } from '../src/theory/theorem';
import { theoremProperty } from './harness';

const INSTANCE = { generator: 'linear', params: { d: 2, n: 4, R: 1, L: 1 }, seed: 1 };

/** What the stand-in's run saw: draws it refused (outside k ≤ T) and draws it judged. */
const seen = { outside: 0, judged: 0 };

const windowTheorem: Theorem = defineTheorem({
  id: 'harness-window-stand-in',
  title: 'a stand-in whose check draws windows beyond the hypotheses (harness test)',
  source: 'properties/harness-hypotheses.test.ts',
  reference: 'properties/harness-hypotheses.test.ts',
  status: 'derived',
  family: 'convergence',
  kind: 'upper',
  convention: 'engine',
  classes: ['linear'],
  hypotheses: [integerAtLeastHyp('T', 1), windowHyp()],
  measure: { description: '1/k against T/k', mode: 'pathwise' },
  bound: 'T / k',
  symbols: { T: 'engine updates', k: 'window' },
  check: (theorem): TheoremCheck => ({
    numRuns: 40,
    trials: () =>
      fc.record({ T: fc.integer({ min: 1, max: 4 }), x: fc.integer({ min: 1, max: 8 }) }).map(({ T, x }): Trial => ({
        theorem: theorem.id,
        instance: INSTANCE,
        // k from 1 to 2·T: the upper half is outside the window hypothesis.
        params: { T, k: Math.ceil((x * T) / 4) },
        seed: 1,
        replicates: 1,
      })),
    run(trial) {
      const scope = { T: trial.params.T, k: trial.params.k };
      try {
        theorem.assertHypotheses(scope);
      } catch (e) {
        seen.outside++;
        throw e;
      }
      seen.judged++;
      return pathwiseOutcome(1 / scope.k, theorem.evaluate(scope), scope);
    },
  }),
});

theoremProperty(windowTheorem);

it('the stand-in property met draws outside its hypotheses and judged the others (what the property above rests on)', () => {
  expect(seen.outside).toBeGreaterThan(0);
  expect(seen.judged).toBeGreaterThan(0);
});

describe('runDrawnTrial: the one step of a drawn trial', () => {
  const trial = (params: Trial['params'], theorem = 'stand-in'): Trial => ({
    theorem,
    instance: INSTANCE,
    params,
    seed: 1,
    replicates: 1,
  });
  const standIn = { ...windowTheorem, id: 'stand-in' } as Theorem;
  const outside = (): never => {
    throw new HypothesisError('stand-in', 'k in [1, T]', 'k = 3 with T = 2');
  };
  const violated = (t: Trial) => pathwiseOutcome(2, 1, t.params);
  /** Runs the step and returns fast-check's precondition failure, or null when none was thrown. */
  const precondition = (check: TheoremCheck, t: Trial, tally = emptyTally()): unknown => {
    try {
      runDrawnTrial(standIn, check, t, tally);
    } catch (e) {
      if (fc.PreconditionFailure.isFailure(e)) return e;
      throw e;
    }
    return null;
  };

  it('a HypothesisError from configure rejects the draw before the run and counts it', () => {
    let runs = 0;
    const tally = emptyTally();
    const check: TheoremCheck = {
      trials: () => fc.constant(trial({ T: 2, k: 3 })),
      configure: outside,
      run: (t) => (runs++, violated(t)),
    };
    expect(precondition(check, trial({ T: 2, k: 3 }), tally)).not.toBeNull();
    expect({ runs, rejected: tally.rejected, judged: tally.runs }).toEqual({ runs: 0, rejected: 1, judged: 0 });
  });

  it('a HypothesisError from run rejects the draw and counts it; no verdict is tallied', () => {
    const tally = emptyTally();
    const check: TheoremCheck = { trials: () => fc.constant(trial({ T: 2 })), run: outside };
    expect(precondition(check, trial({ T: 2 }), tally)).not.toBeNull();
    expect(tally.rejected).toBe(1);
    expect(tally.verdicts).toEqual({ violated: 0, attained: 0, holds: 0, undecided: 0 });
  });

  it('any other exception is an error of the check, thrown as it is (not a rejection)', () => {
    const tally = emptyTally();
    const check: TheoremCheck = {
      trials: () => fc.constant(trial({ T: 2 })),
      run: () => {
        throw new RangeError('index past the end');
      },
    };
    expect(() => precondition(check, trial({ T: 2 }), tally)).toThrow(/RangeError|index past the end/);
    expect(tally.rejected).toBe(0);
  });

  it('a violated verdict is returned and tallied, with the worst ratio', () => {
    const tally = emptyTally();
    const check: TheoremCheck = { trials: () => fc.constant(trial({ T: 2 })), run: violated };
    expect(runDrawnTrial(standIn, check, trial({ T: 2 }), tally).verdict).toBe('violated');
    expect(tally.verdicts.violated).toBe(1);
    expect(tally.worst?.ratio).toBe(2);
  });

  it("a trial of another theorem is an error naming the field, as the harness's old check said", () => {
    const check: TheoremCheck = { trials: () => fc.constant(trial({ T: 2 })), run: violated };
    expect(() => runDrawnTrial(standIn, check, trial({ T: 2 }, 'other'), emptyTally())).toThrow(
      /theorem stand-in: trial\.theorem = "?other"?\. Fix: set it to the theorem id \(stand-in\)/,
    );
  });
});
