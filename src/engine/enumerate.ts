import { EnumerationBudgetError, InvalidParameterError } from '../errors';
import { currentProfile, type Profile } from '../profile';
import { requireInteger } from '../validate';
import { CompensatedSum } from './compensated';
import { coupledRunners, type CoupledConfig } from './coupled';
import { SgdRunner, type SgdConfig } from './sgd';

/**
 * Exact expectations over the index stream, by enumeration (docs/theory/statistics.md).
 *
 * A run of T steps with mini-batch b draws b·T indices uniformly with replacement from [0, n): there are
 * N = n^(b·T) equally likely index paths, so E[f] over the stream is the finite sum (1/N) Σ_paths f(path).
 * On a small instance that sum is computed outright, and an expectation bound is judged with certainty,
 * like a pathwise one.
 *
 * Every path is run by the engine's own step code (SgdRunner.step, the averagers' update/read), so the
 * leaf an enumeration visits for a path holds the same bits as runSgd / runCoupled on a stream that draws
 * that path. The sum is compensated (src/engine/compensated.ts) and divided once by N: the result is
 * E[f] to a few ulps of Σ|f|/N, far inside 1e-12 relative for a non-negative f.
 *
 * Strategy (measured by bench/enumerate.ts): `prefix` walks the tree of paths depth first and keeps one
 * runner per depth; a child is advanced from its parent (SgdRunner.stepFrom: the parent's state, then ONE
 * step), so a path costs one step and one state copy instead of T steps. There are N·n^b/(n^b − 1) ≤ 2N
 * tree nodes. The copy is cheap because it takes only what a later step or read can observe, and the FWA
 * window settles its cached sums at the parent first (CheckpointWindow.copyFrom): the n children inherit
 * them instead of each leaf re-adding its window. It is the default: on the benchmark's coupled instance
 * (n = 4, T = 9, d = 10, FWA(5)) it is 20–26× faster than `recompute` (docs/performance.md). `recompute`
 * replays each path from w_0 on fresh runners (T steps a path): the plain reference the prefix walk is
 * tested against bit for bit, the benchmark's baseline, and the fallback for a user's averager without
 * copyFrom.
 */
export type EnumerationStrategy = 'prefix' | 'recompute';

/** The most paths any exact cell enumerates (an audit cell of a few seconds): its trial replays under every profile. */
export const MAX_ENUMERATION_PATHS = 2 ** 22;

/** Paths an exact trial drawn under the profile may have: 2^16 in `ci` (npm test stays fast), the maximum otherwise. */
export function enumerationBudget(profile: Profile = currentProfile()): number {
  return profile.name === 'ci' ? 2 ** 16 : MAX_ENUMERATION_PATHS;
}

export interface EnumerationOptions {
  /** Largest number of paths allowed (default: MAX_ENUMERATION_PATHS). */
  budget?: number;
  strategy?: EnumerationStrategy;
}

export interface EnumerationSummary {
  /** N = n^(b·T), the number of paths visited. */
  paths: number;
  /** SGD steps taken per run (per lane of a coupled pair): about N·n^b/(n^b − 1) with prefix, N·T with recompute. */
  steps: number;
}

/** n^(b·T), or an EnumerationBudgetError naming n, T, b and the budget when it exceeds the budget. */
export function pathCount(n: number, T: number, batch: number, budget: number): number {
  requireInteger('n', n, 1);
  requireInteger('T', T, 1);
  requireInteger('batch', batch, 1);
  if (!(budget >= 1 && budget <= Number.MAX_SAFE_INTEGER))
    throw new InvalidParameterError('enumeration budget', budget, `a number of paths in [1, 2^53)`);
  const paths = Math.pow(n, batch * T);
  if (!(paths <= budget)) throw new EnumerationBudgetError(n, T, batch, paths, budget);
  return paths;
}

/** Whether n^(b·T) is within the budget (no error): how a check decides that a trial can be exact. */
export function enumerable(n: number, T: number, batch: number, budget: number): boolean {
  return Math.pow(n, batch * T) <= budget;
}

/**
 * The walk itself, for lanes of runners that take the same indices (one lane: a single run; two: the
 * coupled pair on S and S^(i*)). levels[t][lane] holds the state after the first t steps of the current
 * path; `visit` sees levels[T] and the path (indices of step t at (t − 1)·b .. t·b − 1).
 */
function walk(
  make: () => SgdRunner[],
  visit: (leaf: readonly SgdRunner[], path: Int32Array) => void,
  opts: EnumerationOptions,
): EnumerationSummary {
  const root = make();
  const { T, batch: b } = root[0];
  const n = root[0].objective.n;
  const paths = pathCount(n, T, b, opts.budget ?? MAX_ENUMERATION_PATHS);
  const path = new Int32Array(T * b);
  // The argument each step gets: the index itself (batch 1, the engine's fused path) or a view of the path.
  const views = Array.from({ length: T }, (_, t) => path.subarray(t * b, (t + 1) * b));
  const arg = (t: number): number | Int32Array => (b === 1 ? path[t] : views[t]);
  const lanes = root.length;
  const children = Math.pow(n, b);
  let steps = 0;

  // Prefix sharing copies runner states; a user's averager without copyFrom is replayed instead.
  const strategy = opts.strategy ?? (root.every((r) => r.copyable) ? 'prefix' : 'recompute');
  if (strategy === 'prefix') {
    // An explicit stack instead of recursion through a closure: next[t] is the child of the node at
    // depth t to visit next (its last b digits of the path), levels[t + 1] its state once visited.
    const levels = [root, ...Array.from({ length: T }, make)];
    const next = new Int32Array(T);
    let t = 0;
    for (;;) {
      const c = next[t];
      if (c === children) {
        if (t === 0) break;
        t--;
        continue;
      }
      next[t] = c + 1;
      if (b === 1) path[t] = c;
      else digits(c, n, path, t * b, b);
      const cur = levels[t];
      const child = levels[t + 1];
      const idx = arg(t);
      for (let l = 0; l < lanes; l++) child[l].stepFrom(cur[l], idx);
      steps++;
      if (t + 1 === T) visit(child, path);
      else next[++t] = 0;
    }
  } else {
    for (let p = 0; p < paths; p++) {
      digits(p, n, path, 0, T * b);
      // fresh runners from w_0: needs nothing of the averagers beyond init/update/read
      const leaf = p === 0 ? root : make();
      for (let l = 0; l < lanes; l++) for (let t = 0; t < T; t++) leaf[l].step(arg(t));
      steps += T;
      visit(leaf, path);
    }
  }
  return { paths, steps };
}

/** out[off .. off + len) ← the base-n digits of x, most significant first (paths in lexicographic order). */
function digits(x: number, n: number, out: Int32Array, off: number, len: number): void {
  for (let j = off + len - 1; j >= off; j--) {
    const q = Math.floor(x / n);
    out[j] = x - q * n;
    x = q;
  }
}

/**
 * Visits every index path of a projected SGD run (sgd.ts): `visit(runner, path)` sees the runner after
 * its T steps along `path` (read w and the averagers there; the buffers are reused for the next path).
 */
export function enumerateRuns(
  cfg: SgdConfig,
  visit: (runner: SgdRunner, path: Int32Array) => void,
  opts: EnumerationOptions = {},
): EnumerationSummary {
  return walk(
    () => [new SgdRunner(cfg)],
    (leaf, path) => visit(leaf[0], path),
    opts,
  );
}

/** Visits every index path of a coupled pair of runs on S and S^(i*) (coupled.ts), both on the same path. */
export function enumerateCoupled(
  cfg: CoupledConfig,
  visit: (a: SgdRunner, b: SgdRunner, path: Int32Array) => void,
  opts: EnumerationOptions = {},
): EnumerationSummary {
  return walk(
    () => coupledRunners(cfg),
    (leaf, path) => visit(leaf[0], leaf[1], path),
    opts,
  );
}

/** An exact expectation: E[f] for each of the m components of a statistic, over every path. */
export interface ExactExpectation extends EnumerationSummary {
  mean: Float64Array;
}

/**
 * Σ_paths f(path) / N with one compensated sum per component. `enumerate` runs an enumeration whose
 * visitor calls `add` once per path with the statistic's m values.
 */
export function exactMean(
  m: number,
  enumerate: (add: (values: Float64Array) => void) => EnumerationSummary,
): ExactExpectation {
  const acc = new CompensatedSum(requireInteger('statistic size m', m, 1));
  let added = 0;
  const summary = enumerate((values) => {
    if (values.length !== m) throw new InvalidParameterError('statistic length', values.length, `m = ${m}`);
    acc.add(values);
    added++;
  });
  if (added !== summary.paths)
    throw new InvalidParameterError('statistics added', added, `one per path (${summary.paths})`);
  const mean = new Float64Array(m);
  // Division, not multiplication by 1/N: 1/N is inexact unless n is a power of two.
  for (let j = 0; j < m; j++) mean[j] = (acc.sum[j] + acc.comp[j]) / summary.paths;
  return { ...summary, mean };
}
