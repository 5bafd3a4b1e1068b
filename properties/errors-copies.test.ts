/**
 * The typed errors are recognized across two copies of src/errors.ts (issue 14): the compiled CLI
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
      for (const check of [here, copy]) {
        const is = (e: Error) => ({
          InvalidParameterError: e instanceof check.InvalidParameterError,
          CatalogError: e instanceof check.CatalogError,
          HypothesisError: e instanceof check.HypothesisError,
          DivergenceError: e instanceof check.DivergenceError,
        });
        expect(is(made.InvalidParameterError)).toEqual({
          InvalidParameterError: true,
          CatalogError: false,
          HypothesisError: false,
          DivergenceError: false,
        });
        expect(is(made.CatalogError)).toEqual({
          InvalidParameterError: true,
          CatalogError: true,
          HypothesisError: false,
          DivergenceError: false,
        });
        expect(is(made.HypothesisError)).toEqual({
          InvalidParameterError: false,
          CatalogError: false,
          HypothesisError: true,
          DivergenceError: false,
        });
        expect(is(made.DivergenceError)).toEqual({
          InvalidParameterError: false,
          CatalogError: false,
          HypothesisError: false,
          DivergenceError: true,
        });
        expect(new Error('plain') instanceof check.InvalidParameterError).toBe(false);
        expect({ name: 'HypothesisError' } instanceof check.HypothesisError).toBe(false);
      }
    }
  });
});
