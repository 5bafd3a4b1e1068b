import { InvalidParameterError } from '../errors';
import { pointTrial } from './arbitraries';
import type { BoundFn, TheoremCheck, TrialOutcome } from '../theory/check';
import { exactVerdict } from '../stats/verdict';
import type { CheckBuilder, Theorem } from '../theory/theorem';
import type { Scope } from '../theory/scope';
import fc from 'fast-check';
import { findCertificate } from '../pep/cache';
import { worstCaseSpecs, type WorstCaseProblem } from '../pep/worst-case';

/**
 * A catalog theorem checked against certified worst cases, with no solver at test time. The theorem's
 * deterministic special case at a point (T engine steps, optionally a window k) is a worst-case problem
 * (steps, weights, measure, class); its certificates are committed in a directory beside the catalog
 * and verified when the check runs. Each cell compares the bound with the certified lower bound — the
 * measure on a realised instance of the class — so a bound below it is violated with certainty, and
 * reports the certified upper bound beside it. `npx fwa-theorems pep --catalog <file>
 * --write-certificates` solves the points whose certificates are missing or stale (CSDP).
 */

/**
 * Where the theorem speaks: T engine steps and any other parameter the problem reads (a window k,
 * constants such as μ and G). Plain numbers, so a point is a trial's parameters and replays.
 */
export type WorstCasePoint = Scope & { T: number };

export interface WorstCaseCheckOptions {
  /**
   * The theorem's deterministic special case at a point: the worst-case problem, and the scope its bound
   * reads there (in the theorem's own convention: `theorem.forEngineRun` converts an engine T).
   */
  problem(at: WorstCasePoint, theorem: Theorem): { problem: WorstCaseProblem; scope: Scope };
  /** The points whose certificates are committed (one cell each). */
  points: readonly WorstCasePoint[];
  /** The directory of the committed certificates (e.g. beside the catalog file). */
  certificates: string;
}

/** A check built by `worstCaseCheck` carries its options, so `fwa-theorems pep --catalog` can solve any point. */
type WorstCaseTheoremCheck = TheoremCheck & { worstCase: WorstCaseCheckOptions };

/** The worst-case options a theorem's check was built with, or null when it is not a worst-case check. */
export function worstCaseOptionsOf(theorem: Theorem): WorstCaseCheckOptions | null {
  const check = theorem.check as Partial<WorstCaseTheoremCheck> | undefined;
  return check?.worstCase ?? null;
}

/** The certified worst case at a point from the committed certificates; throws naming the fix when missing. */
export function committedWorstCase(
  theorem: Theorem,
  options: WorstCaseCheckOptions,
  at: WorstCasePoint,
): { lower: number; upper: number; exact: boolean; scope: Scope; certificates: string[] } {
  const { problem, scope } = options.problem(at, theorem);
  const specs = worstCaseSpecs(problem);
  const lookup = { committedDirs: [options.certificates], cacheDir: null };
  const up = findCertificate(specs.upper, lookup);
  const low = specs.lower === specs.upper ? up : findCertificate(specs.lower, lookup);
  if (up === null || low === null)
    throw new InvalidParameterError(
      `committed worst-case certificates of ${theorem.id} at ${JSON.stringify(at)} in ${options.certificates}`,
      'missing or stale',
      'certificates that verify: run npx fwa-theorems pep --catalog <catalog file> --write-certificates (needs CSDP)',
    );
  return {
    lower: low.bounds.lower,
    upper: up.bounds.upper,
    exact: specs.lower === specs.upper,
    scope,
    certificates: up === low ? [up.cert.name] : [low.cert.name, up.cert.name],
  };
}

/** One point judged: the bound (or a mutant's) against the certified worst case there. */
function judgePoint(
  theorem: Theorem,
  options: WorstCaseCheckOptions,
  at: WorstCasePoint,
  bound?: BoundFn,
): TrialOutcome {
  const w = committedWorstCase(theorem, options, at);
  theorem.assertHypotheses(w.scope);
  const b = bound ? bound(w.scope) : theorem.evaluate(w.scope);
  const verdict = exactVerdict(w.lower, b);
  return {
    measured: w.lower,
    bound: b,
    ratio: w.lower / b,
    verdict,
    basis: {
      kind: 'certificate',
      detail: `PEP worst case in [${w.lower}, ${w.upper}], ${w.exact ? 'exact interpolation' : 'lower: a realised instance (sufficient conditions), upper: necessary conditions'}; ${w.certificates.join(', ')}`,
    },
    ...(verdict === 'holds' ? { slack: b - w.lower } : {}),
    scope: w.scope,
    extra: { upper: w.upper, ratioUpper: w.upper / b },
  };
}

/**
 * A check whose cells rest on committed PEP certificates: measured = the certified lower bound (an
 * explicit instance attains it), so the verdict is exact: violated when the bound is below it beyond
 * the float tolerance, attained when equal, holds otherwise. `extra.upper` is the certified upper bound
 * (a bound at or above it cannot be refuted by any deterministic instance at that point).
 *
 * Its one trial judges every committed point (a random draw of points could miss one) and returns the
 * violated point with the largest ratio, else the point closest to the bound; a trial whose params
 * name a point (T and the rest) judges that point alone, which is how a failure replays.
 */
export function worstCaseCheck(options: WorstCaseCheckOptions): CheckBuilder {
  if (options.points.length === 0)
    throw new InvalidParameterError('worstCaseCheck points', options.points, 'at least one { T, … }');
  return (theorem) => {
    return {
      worstCase: options,
      numRuns: 1,
      trials: () => fc.constant(pointTrial(theorem, {})),
      run(trial, bound?: BoundFn): TrialOutcome {
        const named = trial.params.T !== undefined;
        const ats = named ? [{ ...trial.params, T: trial.params.T }] : options.points;
        const outcomes = ats.map((at) => judgePoint(theorem, options, at, bound));
        const rank = (o: TrialOutcome): number => (o.verdict === 'violated' ? 1 : 0);
        const worst = outcomes.reduce((a, o) =>
          rank(o) > rank(a) || (rank(o) === rank(a) && o.ratio > a.ratio) ? o : a,
        );
        return { ...worst, extra: { ...worst.extra, points: ats.length } };
      },
    } satisfies WorstCaseTheoremCheck;
  };
}

/** The command that prints a catalog theorem's worst case at a point beside its bound. */
export function catalogReplayCommand(theorem: string, at: WorstCasePoint): string {
  return `npx fwa-theorems pep --catalog <catalog file> --theorem ${theorem} --at '${JSON.stringify(at)}'`;
}
