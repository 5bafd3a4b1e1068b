import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fastCheckParams } from '../../profile';
import { childOf, nodeName, pathOf, prefixesOfLeaf, scenarioTree } from './tree';

/** The scenario tree's numbering: every node is reached from the root by its path, names are unique. */
describe('scenario tree', () => {
  const sizes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));

  test.prop([sizes], fastCheckParams(30))(
    'the children of each prefix are the prefix extended by one draw',
    ([n, T]) => {
      const tree = scenarioTree(n, T);
      expect(tree.nodes).toBe(tree.internal + tree.leaves);
      expect(tree.leaves).toBe(n ** T);
      for (let v = 0; v < tree.internal; v++)
        for (let i = 0; i < n; i++) expect(pathOf(tree, childOf(tree, v, i))).toEqual([...pathOf(tree, v), i]);
      expect(new Set(Array.from({ length: tree.nodes }, (_, v) => nodeName(tree, v))).size).toBe(tree.nodes);
    },
  );

  test.prop([sizes], fastCheckParams(30))('a leaf path visits its prefixes, root first, in path order', ([n, T]) => {
    const tree = scenarioTree(n, T);
    for (let leaf = 0; leaf < tree.leaves; leaf++) {
      const chain = prefixesOfLeaf(tree, leaf);
      expect(chain[0]).toBe(0);
      const path = pathOf(tree, chain[T]);
      expect(path.reduce((x, d) => x * n + d, 0)).toBe(leaf);
      for (let t = 1; t <= T; t++) expect(childOf(tree, chain[t - 1], path[t - 1])).toBe(chain[t]);
    }
  });
});
