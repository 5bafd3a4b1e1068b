import { HypothesisError, InvalidParameterError } from '../errors';
import { assertOutcomeShape } from '../measure/check-output';
import fc from 'fast-check';
import { RandomStream } from '../engine/rng';
import { varyTrial } from '../measure/trial';
import { type BoundFn, type TheoremCheck, type Trial } from '../theory/check';
import type { Profile } from '../profile';
import type { CompiledBound } from '../theory/expr';
import { certifiedRatio, cloneTrial, runRecorded, type EvaluatedTrial } from './evaluate';

/**
 * Adversarial tightness search: maximise measured/bound over the generator's parameters
 * (instance class and its parameters, d, n, T, k, step sizes, data seed), in the spirit of
 * Hypothesis `target()`: fast-check sampling from the check's own trial arbitrary, then a
 * first-improvement stochastic hill-climb from the best samples. Everything is seeded.
 */
export interface SearchOptions {
  seed: number;
  /** Trials drawn from check.trials(profile). */
  samples: number;
  /** Number of best samples the hill-climb starts from. */
  climbs: number;
  /** Runs of the check spent on the hill-climb, over all starts. */
  climbEvaluations: number;
  /** Neighbours tried before a climb gives up at a local maximum. */
  patience: number;
  onProgress?: (line: string) => void;
}

export interface SearchResult {
  best: EvaluatedTrial | undefined;
  /** certifiedRatio of best (NaN when no trial could be run). */
  bestRatio: number;
  /** Every successfully evaluated sample (the climb's neighbours are not kept). */
  sampled: EvaluatedTrial[];
  evaluations: number;
  /** Trials the check refused (hypothesis violated, invalid instance) or that failed to run. */
  rejected: number;
}

/** Trials from the check's arbitrary, reproducibly from `seed`. */
export function sampleTrials(check: TheoremCheck, profile: Profile, count: number, seed: number): Trial[] {
  if (count <= 0) return [];
  return fc.sample(check.trials(profile), { seed, numRuns: count });
}

/** Runs each trial; the ones the check refuses are counted, not fatal. */
export function evaluateTrials(
  check: TheoremCheck,
  trials: readonly Trial[],
  bound?: CompiledBound | BoundFn,
): { evaluated: EvaluatedTrial[]; rejected: number; errors: TrialError[] } {
  const evaluated: EvaluatedTrial[] = [];
  const errors: TrialError[] = [];
  let rejected = 0;
  for (const t of trials) {
    try {
      const e = runRecorded(check, t, bound);
      // A NaN measured value or bound is an error of the check, not a trial to rank.
      assertOutcomeShape(t.theorem, e.outcome);
      evaluated.push(e);
    } catch (err) {
      // Outside the hypotheses or the parameters' domain: the point is not an instance of the theorem.
      if (err instanceof HypothesisError || err instanceof InvalidParameterError) rejected++;
      else errors.push({ trial: t, message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    }
  }
  return { evaluated, rejected, errors };
}

/** A trial whose check threw (not a hypothesis): a bug of the check, counted apart from verdicts. */
export interface TrialError {
  trial: Trial;
  message: string;
}

/** A move of the climb: the data seed, or one symbol (set everywhere the trial names it, see varyTrial). */
type Path = { where: 'symbol'; key: string } | { where: 'seed' };

/**
 * The numeric symbols of a trial, from its params and its instance's parameters: a symbol named in
 * both (Harvey's horizon T, …) is one move. An averager spec (G6) is not moved: the theorem says
 * nothing about its fields, the bound reads its weights.
 */
function numericPaths(t: Trial): Path[] {
  const keys = new Set<string>();
  for (const [key, v] of Object.entries(t.params)) if (typeof v === 'number' && v > 0) keys.add(key);
  for (const [key, v] of Object.entries(t.instance.params)) if (typeof v === 'number' && v > 0) keys.add(key);
  return [{ where: 'seed' }, ...[...keys].map((key): Path => ({ where: 'symbol', key }))];
}

const pathKey = (p: Path): string => (p.where === 'seed' ? 'seed' : p.key);

function valueAt(t: Trial, p: Exclude<Path, { where: 'seed' }>): number {
  return p.key in t.params ? t.params[p.key] : (t.instance.params[p.key] as number);
}

/**
 * Upper limits of every numeric parameter: twice the largest value among the samples, so the climb
 * stays near the generator's ranges and its cost stays bounded.
 */
export function parameterLimits(trials: readonly Trial[]): Map<string, number> {
  const lim = new Map<string, number>();
  for (const t of trials) {
    for (const p of numericPaths(t)) {
      if (p.where === 'seed') continue;
      lim.set(pathKey(p), Math.max(lim.get(pathKey(p)) ?? 0, 2 * valueAt(t, p)));
    }
  }
  return lim;
}

/** One random neighbour: a single parameter moved up or down (integers stay integers ≥ 1). */
export function neighbour(t: Trial, rng: RandomStream, limits: Map<string, number>): Trial | undefined {
  const paths = numericPaths(t);
  const p = paths[rng.index(paths.length)];
  if (p.where === 'seed') {
    const next = cloneTrial(t);
    next.instance.seed = (t.instance.seed + 1 + rng.index(1000)) >>> 0;
    return next;
  }
  const v = valueAt(t, p);
  let w: number;
  if (Number.isInteger(v)) {
    const moves = [v + 1, v - 1, v * 2, Math.round(v / 2)];
    w = moves[rng.index(moves.length)];
    if (w < 1) return undefined;
  } else {
    const factors = [1.25, 0.8, 2, 0.5];
    w = v * factors[rng.index(factors.length)];
  }
  const cap = limits.get(pathKey(p));
  if ((cap !== undefined && w > cap) || w === v) return undefined;
  return varyTrial(cloneTrial(t), { [p.key]: w });
}

/**
 * The trial with at least `min` replicates when it is an expectation trial (replicates > 1): more
 * replicates tighten the one-sided confidence bound, which is what lets an attaining instance catch a
 * 10 % change. Pathwise trials (1 replicate) are returned as they are.
 */
export function withReplicates(t: Trial, min: number): Trial {
  return t.replicates > 1 && t.replicates < min ? { ...t, replicates: min } : t;
}

/** Samples, then hill-climbs the best `climbs` samples on certifiedRatio against `bound`. */
export function tightnessSearch(
  check: TheoremCheck,
  profile: Profile,
  bound: CompiledBound | BoundFn | undefined,
  opts: SearchOptions,
  seeds: readonly Trial[] = [],
): SearchResult {
  const trials = [...seeds, ...sampleTrials(check, profile, opts.samples, opts.seed)];
  const { evaluated, rejected } = evaluateTrials(check, trials, bound);
  const r = climbFrom(check, evaluated, bound, opts, parameterLimits(trials));
  return { ...r, evaluations: r.evaluations + trials.length, rejected: r.rejected + rejected };
}

/**
 * First-improvement stochastic hill-climb from the best `opts.climbs` of `starts` (already
 * evaluated against `bound`). `limits` caps every parameter (see parameterLimits).
 */
export function climbFrom(
  check: TheoremCheck,
  starts: readonly EvaluatedTrial[],
  bound: CompiledBound | BoundFn | undefined,
  opts: Omit<SearchOptions, 'samples'>,
  limits: Map<string, number> = parameterLimits(starts.map((e) => e.trial)),
): SearchResult {
  let rejected = 0;
  let evaluations = 0;
  const ranked = [...starts].sort((a, b) => certifiedRatio(b.outcome) - certifiedRatio(a.outcome));
  let best = ranked[0];
  let bestRatio = best ? certifiedRatio(best.outcome) : NaN;
  const rng = RandomStream.fromSeed(opts.seed);
  const climbs = Math.min(opts.climbs, ranked.length);
  const perClimb = Math.floor(opts.climbEvaluations / Math.max(1, climbs));
  for (let c = 0; c < climbs; c++) {
    let current = ranked[c];
    let currentRatio = certifiedRatio(current.outcome);
    let spent = 0;
    let sinceImprovement = 0;
    while (spent < perClimb && sinceImprovement < opts.patience) {
      const cand = neighbour(current.trial, rng, limits);
      sinceImprovement++;
      if (!cand) continue;
      spent++;
      evaluations++;
      let e: EvaluatedTrial;
      try {
        e = runRecorded(check, cand, bound);
      } catch {
        rejected++;
        continue;
      }
      const r = certifiedRatio(e.outcome);
      if (r > currentRatio) {
        current = e;
        currentRatio = r;
        sinceImprovement = 0;
      }
    }
    if (currentRatio > bestRatio || best === undefined) {
      best = current;
      bestRatio = currentRatio;
    }
    opts.onProgress?.(
      `  climb ${c + 1}/${climbs}: ${certifiedRatio(ranked[c].outcome).toPrecision(4)} → ${currentRatio.toPrecision(4)}`,
    );
  }
  return { best, bestRatio, sampled: [...starts], evaluations, rejected };
}
