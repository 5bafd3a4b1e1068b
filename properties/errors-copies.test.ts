/**
 * The typed errors are recognized across two copies of src/errors.ts: the compiled CLI
 * (dist/) loading a TypeScript catalog that imports src/ holds two, and a HypothesisError thrown by
 * the catalog's copy must still make a sweep cell "skipped", a CatalogError still exit 2. Here the
 * second copy is the same file imported under another module id (a query string).
 */
import { describe, expect, it } from 'vitest';
import * as here from '../src/errors';

const secondCopy = new URL('../src/errors.ts?second-copy', import.meta.url).href;
const copy = (await import(/* @vite-ignore */ secondCopy)) as typeof here;

describe('instanceof across module copies', () => {
  it('is a second copy (different class objects)', () => {
    expect(copy.HypothesisError).not.toBe(here.HypothesisError);
  });

  it('each error is an instance of its own class and its parents in either copy, and of no other', () => {
    for (const errors of [here, copy]) {
      const made = {
        InvalidParameterError: new errors.InvalidParameterError('k', 0, 'k ≥ 1'),
        CatalogError: new errors.CatalogError('c.ts', 'no file', 'give a path'),
        HypothesisError: new errors.HypothesisError('t', 'k in [1, T]', 'k = 0'),
        DivergenceError: new errors.DivergenceError(3, 'NaN'),
      };
      // What each error is an instance of: its class and its ancestors, nothing else.
      const kinds = Object.keys(made) as (keyof typeof made)[];
      const ancestry: Record<keyof typeof made, string[]> = {
        InvalidParameterError: ['InvalidParameterError'],
        CatalogError: ['CatalogError', 'InvalidParameterError'],
        HypothesisError: ['HypothesisError'],
        DivergenceError: ['DivergenceError'],
      };
      for (const check of [here, copy]) {
        for (const kind of kinds) {
          const is = Object.fromEntries(kinds.map((k) => [k, made[kind] instanceof check[k]]));
          expect(is, kind).toEqual(Object.fromEntries(kinds.map((k) => [k, ancestry[kind].includes(k)])));
        }
        expect(new Error('plain') instanceof check.InvalidParameterError).toBe(false);
        expect({ name: 'HypothesisError' } instanceof check.HypothesisError).toBe(false);
      }
    }
  });
});
