import { certifiedRatio, runRecorded, type EvaluatedTrial } from '../guard/evaluate';
import { readLedger } from '../guard/ledger';
import type { Trial } from '../theory/check';
import type { Verdict } from '../stats/verdict';
import type { Profile } from '../profile';
import { checkOf, type Theorem } from '../theory/theorem';
import {
  mergeWorstCases,
  readWorstCases,
  writeWorstCases,
  type WorstCaseEntry,
  type WorstCaseSource,
} from './database';
import { replayEntries } from './replay';
import { exactPaths, worstCaseSearch, type WorstCaseSearchOptions } from './search';

/**
 * One theorem's pass of `fwa-theorems search`: the database's entries replayed against the current
 * bound, the search started from them (and from the guard's ledger record, for the registry), and,
 * only when asked, the best trials merged back into the database.
 */
export interface TheoremSearchReport {
  theorem: string;
  status: string;
  /** The database's best ratio against the current bound before the search (NaN: no entry). */
  before: number;
  /** The search's best ratio (exact cells). */
  after: number;
  /** The best of the check's own exact trials among the starts. */
  enumeration: number;
  evaluations: number;
  seconds: number;
  best?: Trial;
  /** The verdict of the best trial against the current bound. */
  verdict?: Verdict;
  /** The file written (--write). */
  written?: string;
}

export interface SearchRunOptions extends WorstCaseSearchOptions {
  profile: Profile;
  /** The database folder. */
  dir: string;
  /** properties/ledger.json for the registry (its records are starts and `guard` entries); none for a catalog. */
  ledgerPath?: string;
  write: boolean;
  /** The command line, recorded in each new entry. */
  command: string;
}

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * The trial as a cell the database can keep: pathwise, or exact within `maxPaths` index paths (a
 * sampled expectation trial becomes exact when its paths fit), so that every replay stays cheap.
 */
function asExact(t: Trial, maxPaths: number): Trial | undefined {
  try {
    const exact = t.exact || t.replicates === 1 ? t : { ...t, exact: true, replicates: 1 };
    return exactPaths(exact) <= maxPaths ? exact : undefined;
  } catch {
    return undefined;
  }
}

function entryOf(source: WorstCaseSource, e: EvaluatedTrial, command: string): WorstCaseEntry {
  return {
    source,
    ratio: certifiedRatio(e.outcome),
    measured: e.outcome.measured,
    foundBy: command,
    date: today(),
    trial: e.trial,
  };
}

export function searchTheorem(theorem: Theorem, opts: SearchRunOptions): TheoremSearchReport {
  const started = performance.now();
  const check = checkOf(theorem);
  const stored = readWorstCases(opts.dir, theorem.id);
  const replayed = replayEntries(check, stored);
  const ratios = replayed.filter((r) => r.outcome).map((r) => certifiedRatio(r.outcome!));
  const before = ratios.length ? Math.max(...ratios) : NaN;
  const ledgerTrials = opts.ledgerPath
    ? readLedger(opts.ledgerPath)
        .entries.filter((e) => e.theorem === theorem.id)
        .map((e) => asExact(e.trial, opts.maxPaths))
        .filter((t): t is Trial => t !== undefined)
    : [];
  const guard: EvaluatedTrial[] = [];
  for (const t of ledgerTrials) {
    try {
      guard.push(runRecorded(check, t));
    } catch {
      // a ledger record outside today's hypotheses: not a start
    }
  }
  const r = worstCaseSearch(check, opts.profile, opts, [...stored.map((e) => e.trial), ...ledgerTrials]);
  const report: TheoremSearchReport = {
    theorem: theorem.id,
    status: theorem.status,
    before,
    after: r.ratio,
    enumeration: r.bestSampled ? certifiedRatio(r.bestSampled.outcome) : NaN,
    evaluations: r.evaluations,
    seconds: (performance.now() - started) / 1000,
    ...(r.best ? { best: r.best.trial, verdict: r.best.outcome.verdict } : {}),
  };
  if (opts.write) {
    const fresh: WorstCaseEntry[] = [
      ...(r.best ? [entryOf('search', r.best, opts.command)] : []),
      ...(r.bestSampled ? [entryOf('enumeration', r.bestSampled, opts.command)] : []),
      ...guard.map((e) => entryOf('guard', e, 'npm run guard (properties/ledger.json)')),
    ];
    // the stored entries re-scored against the current bound, so that the merge ranks like with like
    const current = replayed
      .filter((x) => x.outcome)
      .map((x) => ({ ...x.entry, ratio: certifiedRatio(x.outcome!), measured: x.outcome!.measured }));
    const merged = mergeWorstCases(current, fresh);
    if (merged.length) report.written = writeWorstCases(opts.dir, theorem.id, merged);
  }
  return report;
}
