import type { TheoremCheck, Trial } from '../theory/check';
import { fmt } from '../format/number';
import type { Profile } from '../profile';
import type { Theorem, TheoremStatus, TheoremFamily } from '../theory/theorem';
import { boundAt, certifiedRatio, runRecorded, withHypotheses, type EvaluatedTrial } from './evaluate';
import { generateMutants, type Mutant, type MutantKind } from './mutants';
import { climbFrom, evaluateTrials, sampleTrials, withReplicates, type TrialError } from './search';

/**
 * The kill matrix: every mutant of a theorem's bound run against the theorem's own
 * property. A mutant is caught when the check returns 'violated' for it on some trial, with the
 * check's own verdict rule (pathwise tolerance, or the one-sided confidence bound).
 *
 * Cost: the engine runs once per sampled trial. Each mutant is then re-scored against those
 * measurements (measurement does not depend on the bound), and the check is re-run with the mutant
 * only on the few trials where that re-scoring says a violation is possible (measured > mutant bound
 * is necessary for both verdict rules of an upper bound or an ordering; an identity can fail on
 * either side, so there every trial where they differ is a candidate). Where the check evaluated its bound at more than one scope,
 * the re-scoring is not defined and every trial is re-run.
 */
/**
 * 'valid-deterministic': at or above the certified worst case of the deterministic method at every PEP
 * grid point (src/guard/pep.ts): no deterministic instance there can refute it, so it is not counted as
 * a refutable mutant.
 */
export type MutantStatus = 'caught' | 'survived' | 'not-evaluable' | 'valid-deterministic';

/** Shrink by at least this much somewhere and the mutant must be caught where the bound is attained. */
export const SHRINK_TARGET = 0.9;

export interface MutantResult {
  id: string;
  kind: MutantKind;
  description: string;
  expression: string;
  status: MutantStatus;
  caughtBy?: 'property' | 'search' | 'shape' | 'pep';
  /** The trial that catches it (replayable), when caught by the property or the search. */
  caughtTrial?: Trial;
  /** min / max over the sampled trials of mutant/original: < 1 where the mutant shrinks the bound. */
  minFactor: number;
  maxFactor: number;
  /** The best certified measured/mutant-bound ratio found (the reason a survivor survives). */
  bestRatio: number;
  bestTrial?: Trial;
  /** Runs of the check spent on this mutant (beyond the shared sampling). */
  runs: number;
  /** Free-form evidence, e.g. the shape check's slopes. */
  note?: string;
}

export interface TheoremKillReport {
  theorem: string;
  status: TheoremStatus;
  family: TheoremFamily;
  trials: number;
  rejected: number;
  /** Sampled trials whose check threw or returned NaN (errors of the check, not verdicts); the first of them. */
  errors: number;
  firstError?: TrialError;
  /** Best certified ratio of the theorem's own bound on the sampled trials. */
  baselineRatio: number;
  baselineViolations: number;
  mutants: MutantResult[];
}

export interface KillOptions {
  seed: number;
  samples: number;
  /** Check re-runs per mutant on the most promising trials. */
  confirmations: number;
  /** Hill-climb budget (check runs) for each surviving mutant whose best ratio reaches searchFrom. */
  searchEvaluations: number;
  searchFrom: number;
  /** Only survivors that shrink the bound to at most this factor somewhere get the hill-climb (default 1: any shrink). */
  searchBelowFactor?: number;
  /** Extra trials to include (e.g. the ledger's hardest instance). */
  seeds?: readonly Trial[];
  /** Keep only sampled trials satisfying this (e.g. a fast subset restricted to one instance class). */
  filter?: (t: Trial) => boolean;
  /** Raise every expectation trial to at least this many replicates (statistical power; see withReplicates). */
  replicates?: number;
  /**
   * When no confirmation catches a mutant although an expectation trial's sample mean exceeds it,
   * re-run that trial once with this many times the replicates (default 4; ≤ 1 disables).
   */
  escalate?: number;
  onProgress?: (line: string) => void;
}

export interface KillSummary {
  /** Refutable mutants: evaluable, and not valid on the deterministic class. */
  mutants: number;
  caught: number;
  /** caught / refutable mutants */
  killRate: number;
  /** Mutants that shrink the bound by ≥ 10 % somewhere on the sampled trials, and how many are caught. */
  shrinking: number;
  shrinkingCaught: number;
  /** Survivors whose shape check shows a trend (convergence bounds on Harvey's instance). */
  shapeTrends: number;
  /** Mutants the PEP certificates show valid on the deterministic class (outside `mutants`). */
  validDeterministic: number;
}

export function summarizeKills(results: readonly MutantResult[]): KillSummary {
  const evaluable = results.filter((r) => r.status !== 'not-evaluable' && r.status !== 'valid-deterministic');
  const caught = evaluable.filter((r) => r.status === 'caught').length;
  const shrinking = evaluable.filter((r) => r.minFactor <= SHRINK_TARGET);
  return {
    mutants: evaluable.length,
    caught,
    killRate: evaluable.length ? caught / evaluable.length : NaN,
    shrinking: shrinking.length,
    shrinkingCaught: shrinking.filter((r) => r.status === 'caught').length,
    shapeTrends: evaluable.filter((r) => r.status === 'survived' && r.note?.startsWith('shape')).length,
    validDeterministic: results.filter((r) => r.status === 'valid-deterministic').length,
  };
}

function runMutant(
  check: TheoremCheck,
  mutant: Mutant,
  base: readonly EvaluatedTrial[],
  theorem: Theorem,
  opts: KillOptions,
): MutantResult {
  let minFactor = Infinity;
  let maxFactor = -Infinity;
  let bestRatio = -Infinity;
  let bestTrial: Trial | undefined;
  const ranked: { e: EvaluatedTrial; score: number }[] = [];
  let evaluable = 0;
  for (const e of base) {
    if (e.scopes.length !== 1) {
      ranked.push({ e, score: -Infinity });
      continue;
    }
    const orig = boundAt(e, theorem.compiled);
    const mval = boundAt(e, mutant.compiled);
    if (!Number.isFinite(mval) || !(orig > 0)) continue;
    evaluable++;
    minFactor = Math.min(minFactor, mval / orig);
    maxFactor = Math.max(maxFactor, mval / orig);
    const score = certifiedRatio(e.outcome, mval);
    if (score > bestRatio) {
      bestRatio = score;
      bestTrial = e.trial;
    }
    if (theorem.kind === 'equality') {
      // An identity is violated on either side: rank by the relative distance to the mutant.
      if (e.outcome.measured !== mval)
        ranked.push({ e, score: Math.abs(Math.log(Math.abs(e.outcome.measured / mval))) });
    } else if (e.outcome.measured > mval) {
      ranked.push({ e, score });
    }
  }
  const result: MutantResult = {
    id: mutant.id,
    kind: mutant.kind,
    description: mutant.description,
    expression: mutant.expression,
    status: 'survived',
    minFactor,
    maxFactor,
    bestRatio,
    ...(bestTrial ? { bestTrial } : {}),
    runs: 0,
  };
  if (evaluable === 0 && ranked.length === 0) {
    result.status = 'not-evaluable';
    return result;
  }
  ranked.sort((a, b) => b.score - a.score);
  const tries = base.some((e) => e.scopes.length !== 1) ? ranked.length : Math.min(opts.confirmations, ranked.length);
  const confirm = (trial: Trial): boolean => {
    result.runs++;
    try {
      const r = runRecorded(check, trial, withHypotheses(theorem, mutant.compiled));
      if (r.outcome.verdict !== 'violated') return false;
      result.status = 'caught';
      result.caughtBy = 'property';
      result.caughtTrial = r.trial;
      result.bestRatio = Math.max(result.bestRatio, certifiedRatio(r.outcome));
      return true;
    } catch {
      // A mutant the check cannot evaluate at this trial (e.g. an index pushed out of range) is not caught here.
      return false;
    }
  };
  for (let i = 0; i < tries; i++) if (confirm(ranked[i].e.trial)) return result;
  // The sample mean already exceeds the mutant where only the confidence bound does not: more
  // replicates on the trial with the highest point ratio is the cheapest way to settle it.
  const escalate = opts.escalate ?? 4;
  if (escalate > 1 && theorem.kind !== 'equality') {
    const pointTop = ranked
      .filter((x) => x.e.outcome.ci && x.e.scopes.length === 1)
      .sort(
        (a, b) =>
          b.e.outcome.measured / boundAt(b.e, mutant.compiled) - a.e.outcome.measured / boundAt(a.e, mutant.compiled),
      )[0];
    if (pointTop && confirm({ ...pointTop.e.trial, replicates: pointTop.e.trial.replicates * escalate })) return result;
  }
  if (minFactor < (opts.searchBelowFactor ?? 1) && bestRatio >= opts.searchFrom && opts.searchEvaluations > 0) {
    const starts = base
      .map((e) => ({ e, s: certifiedRatio(e.outcome, boundAt(e, mutant.compiled)) }))
      .filter((x) => Number.isFinite(x.s))
      .sort((a, b) => b.s - a.s)
      .slice(0, 2);
    // Re-score the starts against the mutant (the climb ranks by the outcome's own bound).
    const rescored = starts.map(({ e }) => ({ ...e, outcome: { ...e.outcome, bound: boundAt(e, mutant.compiled) } }));
    const found = climbFrom(check, rescored, withHypotheses(theorem, mutant.compiled), {
      seed: opts.seed ^ 0x5bd1e995,
      climbs: 2,
      climbEvaluations: opts.searchEvaluations,
      patience: 12,
    });
    result.runs += found.evaluations;
    if (found.best && found.bestRatio > result.bestRatio) {
      result.bestRatio = found.bestRatio;
      result.bestTrial = found.best.trial;
    }
    if (found.best && found.best.outcome.verdict === 'violated') {
      result.status = 'caught';
      result.caughtBy = 'search';
      result.caughtTrial = found.best.trial;
    }
  }
  return result;
}

/** Baseline runs of the theorem's own bound on sampled trials (shared by every mutant). */
export function baselineTrials(
  theorem: Theorem,
  check: TheoremCheck,
  profile: Profile,
  opts: Pick<KillOptions, 'seed' | 'samples' | 'seeds' | 'filter' | 'replicates'>,
): { base: EvaluatedTrial[]; rejected: number; errors: TrialError[] } {
  let trials = [
    ...(opts.seeds ?? []),
    ...sampleTrials(check, profile, opts.samples, opts.seed).map((t) => withReplicates(t, opts.replicates ?? 0)),
  ];
  if (opts.filter) trials = trials.filter(opts.filter);
  const { evaluated, rejected, errors } = evaluateTrials(check, trials, withHypotheses(theorem, theorem.compiled));
  return { base: evaluated, rejected, errors };
}

/** The kill matrix row of one theorem. `mutants` defaults to every generated mutant of its bound. */
export function killMatrixFor(
  theorem: Theorem,
  check: TheoremCheck,
  profile: Profile,
  opts: KillOptions,
  mutants: readonly Mutant[] = generateMutants(theorem.bound),
  baseline?: { base: EvaluatedTrial[]; rejected: number; errors: TrialError[] },
): TheoremKillReport {
  const { base, rejected, errors } = baseline ?? baselineTrials(theorem, check, profile, opts);
  const results: MutantResult[] = [];
  for (const m of mutants) {
    results.push(runMutant(check, m, base, theorem, opts));
    const r = results[results.length - 1];
    opts.onProgress?.(
      `  ${theorem.id} ${m.id}: ${r.status}${r.caughtBy ? ` (${r.caughtBy})` : ''}, best ratio ${fmt(r.bestRatio, 3)}`,
    );
  }
  return {
    theorem: theorem.id,
    status: theorem.status,
    family: theorem.family,
    trials: base.length,
    rejected,
    errors: errors.length,
    ...(errors.length ? { firstError: errors[0] } : {}),
    baselineRatio: base.reduce((m, e) => Math.max(m, certifiedRatio(e.outcome)), -Infinity),
    baselineViolations: base.filter((e) => e.outcome.verdict === 'violated').length,
    mutants: results,
  };
}
