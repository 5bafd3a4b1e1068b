/**
 * Fake theorems and checks for testing the constants guard (src/guard/) independently of the
 * registry. They follow the TheoremCheck contract exactly, and their measurements are computed by a
 * different route than the bound they are compared with (a sum over steps, not the closed form).
 */
import fc from 'fast-check';
import type { BoundFn, TheoremCheck, Trial } from '../src/theory/check';
import { pathwiseOutcome } from '../src/measure/outcome';
import { defineTheorem, type Theorem } from '../src/theory/theorem';

/** The convex constant-step FWA stability bound G2 (docs/theory/stability.md#g2-constant-step), stand-alone. */
export const fakeAttainedTheorem: Theorem = defineTheorem({
  id: 'fake-attained',
  title: 'fake: convex constant-step FWA stability, attained exactly',
  source: 'test fake',
  reference: 'docs/theory/stability.md#g2-constant-step',
  status: 'derived',
  family: 'stability',
  kind: 'upper',
  convention: 'engine',
  classes: ['linear'],
  hypotheses: [
    { id: 'k in [1, T]', check: (s) => (s.k >= 1 && s.k <= s.T ? null : `k = ${s.k} must lie in [1, T = ${s.T}]`) },
  ],
  measure: { description: 'E of L·‖w̄ − w̄′‖ on the linear instance, by summing the tail masses', mode: 'pathwise' },
  bound: '(2*a*L^2/n)*(T - (k-1)/2)',
  symbols: { a: 'step', L: 'Lipschitz', n: 'sample size', T: 'steps', k: 'window' },
});

/**
 * Exact expectation of L·‖w̄ − w̄′‖ for the linear loss with z′ = −z (attains G2): each draw of
 * the differing example at step t moves the two runs apart by 2αL, weighted by the tail mass
 * min{1, (T − t + 1)/k}, with probability 1/n.
 */
function attainedValue(p: Record<string, number>): number {
  let s = 0;
  for (let t = 1; t <= p.T; t++) s += Math.min(1, (p.T - t + 1) / p.k);
  return (2 * p.a * p.L * p.L * s) / p.n;
}

export function fakeCheck(
  theorem: Theorem,
  measure: (p: Record<string, number>) => number,
  maxT = 64,
): TheoremCheck & { runs: number } {
  const check = {
    runs: 0,
    trials(): fc.Arbitrary<Trial> {
      return fc
        .record({
          T: fc.integer({ min: 2, max: maxT }),
          kFrac: fc.double({ min: 0, max: 1, noNaN: true }),
          a: fc.constantFrom(0.05, 0.1, 0.3),
          L: fc.constantFrom(0.5, 1, 2),
          n: fc.integer({ min: 2, max: 50 }),
        })
        .map(({ T, kFrac, a, L, n }) => ({
          theorem: theorem.id,
          instance: { generator: 'fake-linear', params: { d: 1 }, seed: 1 },
          params: { T, k: Math.max(1, Math.min(T, Math.round(kFrac * T))), a, L, n },
          seed: 7,
          replicates: 1,
        }));
    },
    // Like some real checks, validation happens only inside theorem.evaluate(): an override bound
    // skips it, and outside the hypotheses (k > T) the measurement means something else and is larger.
    run(trial: Trial, bound?: BoundFn) {
      check.runs++;
      const scope = { ...trial.params };
      const b = bound ? bound(scope) : theorem.evaluate(scope);
      const p = trial.params;
      return pathwiseOutcome(p.k > p.T ? 10 * measure(p) : measure(p), b, scope);
    },
  };
  return check;
}

export const fakeAttainedCheck = (): TheoremCheck & { runs: number } => fakeCheck(fakeAttainedTheorem, attainedValue);

/** A loose check: measures 4 % of the attained value, like a convergence bound on a soft instance. */
export const fakeLooseCheck = (): TheoremCheck & { runs: number } =>
  fakeCheck(fakeAttainedTheorem, (p) => 0.04 * attainedValue(p));
