import * as mathjs from 'mathjs';

/**
 * The browser's stand-in for `node:module` in the explorer's worker bundle. The formula engine
 * (src/theory/expr.ts) loads mathjs lazily through createRequire so that Node's `--help` stays fast;
 * in a bundle mathjs is simply included, and this require returns it.
 */
export function createRequire(_from: string): (id: string) => unknown {
  return (id) => {
    if (id === 'mathjs') return mathjs;
    throw new Error(`the explorer bundle cannot require ${id}`);
  };
}
