import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic';
import { readJsonFile } from '../io/json-file';
import type { Trial } from '../theory/check';
import { leqTol } from '../stats/tolerance';
import type { Verdict } from '../stats/verdict';
import { getTheorem } from '../catalog/registry';
import { checkOf, type Theorem, type TheoremFamily, type TheoremStatus } from '../theory/theorem';
import { certifiedRatio, pointRatio, runRecorded, withHypotheses, type EvaluatedTrial } from './evaluate';

/**
 * The tightness ledger (properties/ledger.json, committed): per theorem, the best certified
 * measured/bound ratio the guard has found, the replayable trial that reaches it, and the date.
 * A test replays every entry: a ratio above 1 is a violation of the theorem, and a trial that no
 * longer reproduces its recorded ratio (above or below it) means the engine, a generator or the check
 * changed.
 */
export interface LedgerEntry {
  theorem: string;
  status: TheoremStatus;
  family: TheoremFamily;
  /** The bound expression the ratio refers to; a changed bound starts a new record. */
  bound: string;
  /** certifiedRatio: lower confidence bound of the mean / bound (expectation), measured / bound (pathwise). */
  bestRatio: number;
  /** measured / bound, the point estimate. */
  pointRatio: number;
  measured: number;
  boundValue: number;
  verdict: Verdict;
  trial: Trial;
  /** ISO date (YYYY-MM-DD) the record was set. */
  date: string;
  /** Check runs the search spent when it set the record. */
  evaluations: number;
}

export interface Ledger {
  version: 1;
  entries: LedgerEntry[];
}

export const LEDGER_PATH = fileURLToPath(new URL('../../properties/ledger.json', import.meta.url));

/**
 * Relative tolerance on replaying a recorded ratio. Same seed gives the same bits, so a replay
 * reproduces the ratio exactly unless the engine, a generator or a check changed; 1e-6 absorbs a
 * reordering of floating-point sums in the engine and nothing that changes a measurement.
 */
export const LEDGER_RTOL = 1e-6;

/** The ledger, or an empty one when the file does not exist yet. Throws CorruptFileError on a malformed file. */
export function readLedger(path: string = LEDGER_PATH): Ledger {
  if (!existsSync(path)) return { version: 1, entries: [] };
  return readJsonFile<Ledger>(path, 'ledger file', ledgerProblem);
}

/** What is wrong with a parsed ledger (null: nothing): every field the guard and the report read. */
function ledgerProblem(data: unknown): string | null {
  const l = data as Partial<Ledger> | null;
  if (l === null || typeof l !== 'object' || l.version !== 1 || !Array.isArray(l.entries))
    return 'expected a { version: 1, entries: [...] } object';
  for (const [i, e] of (l.entries as unknown[]).entries()) {
    const x = e as Partial<LedgerEntry> | null;
    if (
      x === null ||
      typeof x !== 'object' ||
      typeof x.theorem !== 'string' ||
      typeof x.bound !== 'string' ||
      typeof x.bestRatio !== 'number' ||
      typeof x.pointRatio !== 'number' ||
      typeof x.trial !== 'object' ||
      x.trial === null ||
      typeof x.trial.params !== 'object' ||
      x.trial.params === null ||
      typeof x.trial.instance !== 'object' ||
      x.trial.instance === null
    )
      return `entries[${i}] is not an entry with theorem, bound, bestRatio, pointRatio and trial {instance, params}`;
  }
  return null;
}

/** Writes atomically (src/io/atomic.ts), entries sorted by theorem id for stable diffs. */
export function writeLedger(ledger: Ledger, path: string = LEDGER_PATH): void {
  const sorted: Ledger = {
    version: 1,
    entries: [...ledger.entries].sort((a, b) => a.theorem.localeCompare(b.theorem)),
  };
  writeFileAtomic(path, `${JSON.stringify(sorted, null, 1)}\n`);
}

export function entryFor(ledger: Ledger, theorem: string): LedgerEntry | undefined {
  return ledger.entries.find((e) => e.theorem === theorem);
}

/** A ledger entry for an evaluated trial of the theorem `th`. */
export function makeEntry(th: Theorem, e: EvaluatedTrial, evaluations: number, date = new Date()): LedgerEntry {
  return {
    theorem: th.id,
    status: th.status,
    family: th.family,
    bound: th.bound,
    bestRatio: certifiedRatio(e.outcome),
    pointRatio: pointRatio(e.outcome),
    measured: e.outcome.measured,
    boundValue: e.outcome.bound,
    verdict: e.outcome.verdict,
    trial: e.trial,
    date: date.toISOString().slice(0, 10),
    evaluations,
  };
}

/**
 * Keeps the higher record. A record set against a different bound expression is replaced, since
 * its ratio no longer describes the registered bound. A candidate above the record by no more than
 * the suite's float tolerance (src/stats/tolerance.ts) is the same finding, not a better one: on an
 * attained bound, exact runs over more index paths reach 1 + a few ulp by rounding alone, and
 * following that would swap a record for ever longer runs (2^22 paths for 2 ulp) that say nothing
 * more.
 */
export function mergeEntry(ledger: Ledger, candidate: LedgerEntry): { ledger: Ledger; improved: boolean } {
  const old = entryFor(ledger, candidate.theorem);
  const improved = !old || old.bound !== candidate.bound || !leqTol(candidate.bestRatio, old.bestRatio);
  if (!improved) return { ledger, improved };
  return {
    ledger: { version: 1, entries: [...ledger.entries.filter((e) => e.theorem !== candidate.theorem), candidate] },
    improved,
  };
}

export interface Replay {
  entry: LedgerEntry;
  /** certifiedRatio of the replay (depends on the profile's per-claim δ for expectation claims). */
  ratio: number;
  /** measured / bound of the replay: the same bits under every profile, so this is what must reproduce. */
  pointRatio: number;
  /** The check's verdict on the replay (its own rule: float tolerance or one-sided bound). */
  verdict: Verdict;
  /** The replay's point ratio equals the recorded one within LEDGER_RTOL relative (either way). */
  reproduced: boolean;
  /** The bound expression in the registry differs from the one recorded. */
  boundChanged: boolean;
}

/** Re-runs an entry's trial through the theorem's check with its bound (default: the registry's theorem of that id). */
export function replayEntry(entry: LedgerEntry, th: Theorem = getTheorem(entry.theorem)): Replay {
  const e = runRecorded(checkOf(th), entry.trial, withHypotheses(th, th.compiled));
  const ratio = certifiedRatio(e.outcome);
  const point = pointRatio(e.outcome);
  return {
    entry,
    ratio,
    pointRatio: point,
    verdict: e.outcome.verdict,
    // Both ways: a replay above its record is as much a changed measurement as one below it (a check
    // that samples differently, a generator that draws other data); keeping such a record would rank
    // new trials against a number no code in the tree produces.
    reproduced: Math.abs(point - entry.pointRatio) <= LEDGER_RTOL * Math.abs(entry.pointRatio) + 1e-15,
    boundChanged: th.bound !== entry.bound,
  };
}
