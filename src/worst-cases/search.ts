import { MAX_ENUMERATION_PATHS } from '../engine/enumerate';
import { RandomStream } from '../engine/rng';
import { certifiedRatio, cloneTrial, runRecorded, type EvaluatedTrial } from '../guard/evaluate';
import { sampleTrials } from '../guard/search';
import { instanceOf } from '../measure/instances';
import type { TheoremCheck, Trial } from '../theory/check';
import { getGenerator } from '../objectives/index';
import type { Profile } from '../profile';
import { liftToExplicitData, usesParameter } from './lift';
import { nelderMead } from './nelder-mead';

/**
 * The worst-case search: maximise measured/bound over a theorem's trials, with every expectation an
 * exact sum over the index paths (no sampling noise for the optimiser to chase, and a found ratio is
 * a fact, not an estimate). The continuous coordinates (step scale c or a, radius R, link scales and,
 * on the explicit-data generators, every data coordinate) are moved by Nelder–Mead in log scale
 * (positive quantities) or linearly (data); the integer ones (T, k, n, d, the differing example i) by
 * steps of ±1, ×2 and ÷2 between simplex runs. Starts: the database's entries, the check's own exact trials, and
 * for non-convex theorems the same trials lifted to explicit data (src/worst-cases/lift.ts).
 */
export interface WorstCaseSearchOptions {
  seed: number;
  /** Trials drawn from the check's arbitrary as starts. */
  samples: number;
  /** The best starts climbed. */
  climbs: number;
  /** Check runs over the whole search. */
  evaluations: number;
  /** Index paths at most per exact cell (n^T); larger trials are refused. */
  maxPaths: number;
  onProgress?: (line: string) => void;
}

export interface WorstCaseSearchResult {
  best: EvaluatedTrial | undefined;
  /** certifiedRatio of best (measured/bound for an exact cell); NaN when nothing could be run. */
  ratio: number;
  /** The best ratio among the starts, before any climbing. */
  startRatio: number;
  /** The best of the check's own trials (exact or pathwise) among the starts: what plain enumeration finds. */
  bestSampled: EvaluatedTrial | undefined;
  evaluations: number;
}

/** Trial parameters that are integers or choices, never moved continuously. */
const DISCRETE_PARAMS = new Set(['T', 'k', 'n', 'i', 'd', 'p', 'fullBatch', 'schedule']);
/** Trial parameters moved by ±1. */
const INTEGER_PARAMS = ['T', 'k', 'i'];

interface Coordinate {
  where: 'params' | 'instance';
  key: string;
  /** Moved in log scale (a positive quantity) or linearly (a data coordinate). */
  log: boolean;
  min: number;
  max: number;
}

function generatorParams(t: Trial) {
  try {
    return getGenerator(t.instance.generator).params;
  } catch {
    return []; // a relation's trial ("none") or a user's instance: its params only
  }
}

/** The continuous coordinates of a trial. */
export function continuousCoordinates(t: Trial): Coordinate[] {
  const out: Coordinate[] = [];
  for (const [key, v] of Object.entries(t.params))
    if (typeof v === 'number' && v > 0 && !DISCRETE_PARAMS.has(key))
      out.push({ where: 'params', key, log: true, min: 0, max: Infinity });
  for (const spec of generatorParams(t)) {
    const v = t.instance.params[spec.name];
    if (spec.integer || typeof v !== 'number' || !usesParameter(t.instance, spec.name)) continue;
    const log = spec.min >= 0;
    if (log && v <= 0) continue;
    out.push({ where: 'instance', key: spec.name, log, min: spec.min, max: spec.max });
  }
  return out;
}

/** The trial at displacement y from `base` along `coords` (undefined outside a coordinate's range). */
function displaced(base: Trial, coords: readonly Coordinate[], y: ArrayLike<number>): Trial | undefined {
  const t = cloneTrial(base);
  for (let j = 0; j < coords.length; j++) {
    const c = coords[j];
    const bag = c.where === 'params' ? t.params : t.instance.params;
    const v0 = bag[c.key] as number;
    const v = c.log ? v0 * Math.exp(y[j]) : v0 + y[j];
    if (!Number.isFinite(v) || v > c.max || v < c.min || (c.log && v <= 0)) return undefined;
    bag[c.key] = v;
  }
  return t;
}

/** Integer moves: one step either way, and doubling or halving (a sample size grows in a few moves). */
const integerMoves = (v: number): number[] =>
  [...new Set([v - 1, v + 1, 2 * v, Math.floor(v / 2)])].filter((w) => w !== v);

/** The trials one integer move away: T, k, i and every integer instance parameter (n, d, …). */
function integerNeighbours(t: Trial): Trial[] {
  const out: Trial[] = [];
  for (const key of INTEGER_PARAMS) {
    if (typeof t.params[key] !== 'number') continue;
    for (const w of integerMoves(t.params[key])) {
      const next = cloneTrial(t);
      next.params[key] = w;
      out.push(next);
    }
  }
  for (const spec of generatorParams(t)) {
    const v = t.instance.params[spec.name];
    if (!spec.integer || typeof v !== 'number') continue;
    for (const w of integerMoves(v)) {
      if (w < spec.min || w > spec.max) continue;
      const next = cloneTrial(t);
      next.instance.params[spec.name] = w;
      if (spec.name === 'n' && typeof next.params.i === 'number') next.params.i = Math.min(next.params.i, w - 1);
      out.push(next);
    }
  }
  return out;
}

/** Exact index paths of an expectation trial (n^T), or 0 for a pathwise one. */
export function exactPaths(t: Trial): number {
  if (!t.exact) return 0;
  const n = instanceOf(t.instance).constants.n;
  return Math.pow(n, t.params.T ?? 1);
}

/**
 * Runs the search (see the header). `seeds` are evaluated first (the database's entries): the result
 * is never worse than the best of them.
 */
export function worstCaseSearch(
  check: TheoremCheck,
  profile: Profile,
  opts: WorstCaseSearchOptions,
  seeds: readonly Trial[] = [],
): WorstCaseSearchResult {
  let evaluations = 0;
  const evaluate = (t: Trial | undefined): EvaluatedTrial | undefined => {
    if (!t || evaluations >= opts.evaluations) return undefined;
    try {
      if (exactPaths(t) > Math.min(opts.maxPaths, MAX_ENUMERATION_PATHS)) return undefined;
      evaluations++;
      const e = runRecorded(check, t);
      return Number.isFinite(certifiedRatio(e.outcome)) ? e : undefined;
    } catch {
      return undefined; // outside the hypotheses, an invalid instance: refused, like the guard's search
    }
  };
  const ratioOf = (e: EvaluatedTrial | undefined): number => (e ? certifiedRatio(e.outcome) : -Infinity);

  const drawn = sampleTrials(check, profile, opts.samples, opts.seed);
  // sampled cells (replicates > 1) are not exact: the search keeps the exact and pathwise ones, and lifts
  const sampled = drawn.filter((t) => t.exact || t.replicates === 1);
  const rng = RandomStream.fromSeed(opts.seed);
  const lifted = drawn.flatMap((t) => liftToExplicitData(t, rng));
  const starts: EvaluatedTrial[] = [];
  let bestSampled: EvaluatedTrial | undefined;
  for (const t of [...seeds, ...sampled, ...lifted]) {
    const e = evaluate(t);
    if (!e) continue;
    starts.push(e);
    if (sampled.includes(t) && ratioOf(e) > ratioOf(bestSampled)) bestSampled = e;
  }
  starts.sort((a, b) => ratioOf(b) - ratioOf(a));
  const startRatio = starts.length ? ratioOf(starts[0]) : NaN;
  let best = starts[0];
  opts.onProgress?.(`  ${starts.length} starts evaluated, best ${startRatio.toPrecision(4)}`);

  const climbs = Math.min(opts.climbs, starts.length);
  for (let c = 0; c < climbs; c++) {
    const budgetEnd = evaluations + Math.floor((opts.evaluations - evaluations) / (climbs - c));
    let current = starts[c];
    for (;;) {
      const before = ratioOf(current);
      current = simplexClimb(current, evaluate, ratioOf, budgetEnd - evaluations);
      let moved: EvaluatedTrial | undefined;
      for (const t of integerNeighbours(current.trial)) {
        if (evaluations >= budgetEnd) break;
        const e = evaluate(t);
        if (e && ratioOf(e) > ratioOf(moved ?? current)) moved = e;
      }
      if (moved) current = moved;
      if (evaluations >= budgetEnd || ratioOf(current) <= before * (1 + 1e-9)) break;
    }
    opts.onProgress?.(
      `  climb ${c + 1}/${climbs}: ${ratioOf(starts[c]).toPrecision(4)} → ${ratioOf(current).toPrecision(4)}`,
    );
    if (ratioOf(current) > ratioOf(best)) best = current;
  }
  return { best, ratio: best ? ratioOf(best) : NaN, startRatio, bestSampled, evaluations };
}

/** One Nelder–Mead run over the continuous coordinates of `start`, maximising the ratio. */
function simplexClimb(
  start: EvaluatedTrial,
  evaluate: (t: Trial | undefined) => EvaluatedTrial | undefined,
  ratioOf: (e: EvaluatedTrial | undefined) => number,
  budget: number,
): EvaluatedTrial {
  const coords = continuousCoordinates(start.trial);
  if (coords.length === 0 || budget <= coords.length + 1) return start;
  let best = start;
  nelderMead(
    (y) => {
      const e = evaluate(displaced(start.trial, coords, y));
      if (!e) return Infinity;
      if (ratioOf(e) > ratioOf(best)) best = e;
      return -ratioOf(e);
    },
    new Float64Array(coords.length),
    { step: 0.5, maxEvaluations: Math.min(budget, 60 * (coords.length + 1)), tolerance: 1e-7 },
  );
  return best;
}
