import { requireInteger } from '../../validate';

/**
 * The scenario tree of T SGD steps on F = (1/n) Σ_i f_i with i_t drawn uniformly from {0..n−1}: one node
 * per prefix σ of an index path (the root is the empty prefix, the leaves the n^T full paths). Nodes are
 * numbered breadth first: depth t starts at (n^t − 1)/(n − 1) (t for n = 1), and within a depth the
 * prefix read as a base-n number (most significant digit first) is the offset, so the children of node v
 * at depth t are first(t + 1) + n·(v − first(t)) + i.
 */
export interface ScenarioTree {
  n: number;
  T: number;
  /** Number of nodes, Σ_{t ≤ T} n^t. */
  nodes: number;
  /** Number of internal nodes (depth < T): the points where every component is queried. */
  internal: number;
  /** Number of leaves (full paths), n^T. */
  leaves: number;
  /** first[t]: index of the first node at depth t (t = 0..T + 1). */
  first: number[];
}

export function scenarioTree(n: number, T: number): ScenarioTree {
  requireInteger('n (components)', n, 1);
  requireInteger('T', T, 1);
  const first = [0];
  for (let t = 0; t <= T; t++) first.push(first[t] + n ** t);
  return { n, T, nodes: first[T + 1], internal: first[T], leaves: n ** T, first };
}

/** Depth of node v. */
function depthOf(tree: ScenarioTree, v: number): number {
  let t = 0;
  while (v >= tree.first[t + 1]) t++;
  return t;
}

/** Child i of node v (v internal). */
export function childOf(tree: ScenarioTree, v: number, i: number): number {
  const t = depthOf(tree, v);
  return tree.first[t + 1] + tree.n * (v - tree.first[t]) + i;
}

/** The index path of node v: its digits, most significant (first draw) first. */
export function pathOf(tree: ScenarioTree, v: number): number[] {
  const t = depthOf(tree, v);
  const out = new Array<number>(t);
  let x = v - tree.first[t];
  for (let s = t - 1; s >= 0; s--) {
    out[s] = x % tree.n;
    x = Math.floor(x / tree.n);
  }
  return out;
}

/** The nodes along leaf ℓ's path (ℓ = 0..n^T − 1 in path order): prefixes of length 0..T. */
export function prefixesOfLeaf(tree: ScenarioTree, leaf: number): number[] {
  const out = new Array<number>(tree.T + 1);
  let x = leaf;
  for (let t = tree.T; t >= 0; t--) {
    out[t] = tree.first[t] + x;
    x = Math.floor(x / tree.n);
  }
  return out;
}

/** A node's name in inequality keys: x[] for the root, x[01] for the prefix (0, 1). */
export function nodeName(tree: ScenarioTree, v: number): string {
  return `x[${pathOf(tree, v).join(tree.n > 10 ? ',' : '')}]`;
}
