import type { Hypothesis } from './theorem';
import type { Scope } from './scope';

/**
 * Hypothesis validators shared by every family (docs/theorems.md#the-registry). Each returns a
 * Hypothesis whose check names the offending value and what would be valid, so the HypothesisError
 * thrown by Theorem.assertHypotheses explains itself.
 */
export function hypothesis(id: string, holds: (s: Scope) => boolean, expected: (s: Scope) => string): Hypothesis {
  return { id, check: (s) => (holds(s) ? null : expected(s)) };
}

const isInt = (v: number | undefined): v is number => typeof v === 'number' && Number.isInteger(v);

/** `name` is an integer ≥ min. */
export function integerAtLeastHyp(name: string, min: number): Hypothesis {
  return hypothesis(
    `${name} integer >= ${min}`,
    (s) => isInt(s[name]) && s[name] >= min,
    (s) => `${name} = ${s[name]}; expected an integer ≥ ${min}`,
  );
}

/** `name` is finite and > 0. */
export function positiveHyp(name: string): Hypothesis {
  return hypothesis(
    `${name} > 0`,
    (s) => Number.isFinite(s[name]) && s[name] > 0,
    (s) => `${name} = ${s[name]}; expected a finite number > 0`,
  );
}

/** `name` is finite and ≥ 0. */
export function nonNegativeHyp(name: string): Hypothesis {
  return hypothesis(
    `${name} >= 0`,
    (s) => Number.isFinite(s[name]) && s[name] >= 0,
    (s) => `${name} = ${s[name]}; expected a finite number ≥ 0`,
  );
}

/** The window k is an integer with 1 ≤ k ≤ ⌊T·fraction⌋ (fraction 1: the whole run; 1/2: the paper's k ≤ T/2). */
export function windowHyp(fraction: 1 | 0.5 = 1): Hypothesis {
  const upper = fraction === 1 ? 'T' : 'T/2';
  return hypothesis(
    `k in [1, ${upper}]`,
    (s) => isInt(s.k) && s.k >= 1 && s.k <= s.T * fraction,
    (s) => `k = ${s.k} with T = ${s.T}; expected an integer 1 ≤ k ≤ ${upper}`,
  );
}

/**
 * Both k and k + 1 are windows (1 ≤ k, k + 1 ≤ ⌊T·fraction⌋): what a monotonicity-in-k relation
 * compares, window k + 1 against window k.
 */
export function nextWindowHyp(fraction: 1 | 0.5 = 1): Hypothesis {
  const upper = fraction === 1 ? 'T' : 'T/2';
  return hypothesis(
    fraction === 1 ? 'k in [1, T-1]' : 'k in [1, T/2 - 1]',
    (s) => isInt(s.k) && s.k >= 1 && s.k + 1 <= s.T * fraction,
    (s) => `k = ${s.k} with T = ${s.T}; expected an integer 1 ≤ k with k + 1 ≤ ${upper} (k + 1 must be a window)`,
  );
}
