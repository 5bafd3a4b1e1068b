import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorruptFileError } from '../errors';
import { writeFileAtomic } from '../io/atomic';
import { readJsonFile } from '../io/json-file';
import type { Trial } from '../theory/check';

/**
 * The worst-instance database: per theorem, the trials known to come closest to its bound, kept in
 * the repository as plain JSON (one file per theorem, reviewed like code) and replayed by every test
 * run against the bound as it is *now*. Like Hypothesis' example database, it turns what a search
 * once found into a permanent test; unlike it, the files are committed, and only the explicit
 * `fwa-theorems search --write` adds to them (a test run never writes).
 *
 * The registry's database is properties/worst/; a catalog `my.ts` has its own beside it, `my.ts.worst/`.
 */

/** Where an entry came from. `certificate`: the instance a performance-estimation certificate's primal rebuilds. */
export type WorstCaseSource = 'search' | 'guard' | 'enumeration' | 'certificate';
const WORST_CASE_SOURCES: readonly WorstCaseSource[] = ['search', 'guard', 'enumeration', 'certificate'];

export interface WorstCaseEntry {
  source: WorstCaseSource;
  /**
   * measured/bound when the entry was recorded, against the bound of that day: it orders the entries
   * and tells a reader how tight the bound was. A replay never reads it as a bound.
   */
  ratio: number;
  /** The measured value then (exact cells: reproduced to WORST_CASE_RTOL by every replay). */
  measured: number;
  /** The command that found it, to reproduce the search. */
  foundBy: string;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  trial: Trial;
}

export interface WorstCaseFile {
  version: 1;
  theorem: string;
  entries: WorstCaseEntry[];
}

/** The registry's database. */
export const REGISTRY_WORST_CASES = fileURLToPath(new URL('../../properties/worst/', import.meta.url));

/** The database of a catalog file: a folder beside it. */
export const catalogWorstCases = (catalogFile: string): string => `${catalogFile.replace(/#.*$/, '')}.worst`;

/** Index paths at most of a stored exact cell (n^T): every replay of the database stays a few milliseconds. */
export const MAX_STORED_PATHS = 1 << 12;

/** Entries kept per source and theorem: the best few, so that one lucky instance is not the only witness. */
export const KEPT_PER_SOURCE = 2;

/**
 * Relative tolerance on reproducing a recorded exact measurement: an exact cell is a deterministic
 * compensated sum, so only a reordering of floating-point operations in the engine may move it.
 */
export const WORST_CASE_RTOL = 1e-6;

const fileOf = (dir: string, theorem: string): string => join(dir, `${theorem}.json`);

function fileProblem(data: unknown): string | null {
  const f = data as Partial<WorstCaseFile> | null;
  if (
    f === null ||
    typeof f !== 'object' ||
    f.version !== 1 ||
    typeof f.theorem !== 'string' ||
    !Array.isArray(f.entries)
  )
    return 'expected { "version": 1, "theorem": "<id>", "entries": [...] }';
  for (const [i, e] of (f.entries as unknown[]).entries()) {
    const x = e as Partial<WorstCaseEntry> | null;
    if (
      x === null ||
      typeof x !== 'object' ||
      !WORST_CASE_SOURCES.includes(x.source as WorstCaseSource) ||
      typeof x.ratio !== 'number' ||
      typeof x.measured !== 'number' ||
      typeof x.trial !== 'object' ||
      x.trial === null ||
      typeof x.trial.theorem !== 'string' ||
      typeof x.trial.params !== 'object' ||
      typeof x.trial.instance !== 'object'
    )
      return `entries[${i}] is not { source (${WORST_CASE_SOURCES.join('|')}), ratio, measured, trial {theorem, instance, params} }`;
    if (x.trial.theorem !== f.theorem) return `entries[${i}] is a trial of ${x.trial.theorem}, not of ${f.theorem}`;
  }
  return null;
}

/** The entries of one theorem ([] when it has no file). A malformed file throws CorruptFileError naming it. */
export function readWorstCases(dir: string, theorem: string): WorstCaseEntry[] {
  const file = fileOf(dir, theorem);
  if (!existsSync(file)) return [];
  const f = readJsonFile<WorstCaseFile>(file, 'worst-case file', fileProblem);
  if (f.theorem !== theorem)
    throw new CorruptFileError(
      'worst-case file',
      file,
      1,
      `it holds theorem ${f.theorem}: rename it to ${f.theorem}.json`,
    );
  return f.entries;
}

/** The theorems that have a file in `dir`. */
export function worstCaseTheorems(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The best KEPT_PER_SOURCE entries of each source among `old` and `fresh` (the same trial once). */
export function mergeWorstCases(old: readonly WorstCaseEntry[], fresh: readonly WorstCaseEntry[]): WorstCaseEntry[] {
  const seen = new Set<string>();
  const out: WorstCaseEntry[] = [];
  for (const source of WORST_CASE_SOURCES) {
    const ranked = [...old, ...fresh].filter((e) => e.source === source).sort((a, b) => b.ratio - a.ratio);
    let kept = 0;
    for (const e of ranked) {
      const key = JSON.stringify(e.trial);
      if (kept >= KEPT_PER_SOURCE || seen.has(key)) continue;
      seen.add(key);
      out.push(e);
      kept++;
    }
  }
  return out;
}

/** Writes one theorem's file (atomically: a reader never sees half of it). */
export function writeWorstCases(dir: string, theorem: string, entries: readonly WorstCaseEntry[]): string {
  mkdirSync(dir, { recursive: true });
  const file = fileOf(dir, theorem);
  const data: WorstCaseFile = { version: 1, theorem, entries: [...entries] };
  writeFileAtomic(file, JSON.stringify(data, null, 1) + '\n');
  return file;
}
