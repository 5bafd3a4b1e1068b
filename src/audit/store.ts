import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidParameterError } from '../errors';
import type { ProfileName } from '../profile';
import type { CellResult } from './cell';
import { decodeJson, encodeJson } from './codec';
import type { Shard } from './shard';

export const RESULTS_SCHEMA = 'fwa-theorems/results';
export const RESULTS_VERSION = 1;
export const RESULTS_FILE = 'results.jsonl';

/** First line of results.jsonl: what the cells below it were planned from. */
export interface ResultsHeader {
  type: 'header';
  schema: typeof RESULTS_SCHEMA;
  version: number;
  profile: ProfileName;
  seed: number;
  shard?: Shard;
  /** The theorem ids the run covers. */
  theorems: string[];
  created: string;
}

/** A results file that cannot be read back. Nothing is rewritten when this is thrown. */
export class CorruptResultsError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(
      `corrupt results file ${file}, line ${line}: ${detail}. The file was left untouched; move it away or fix that line, then run again.`,
    );
    this.name = 'CorruptResultsError';
  }
}

export interface LoadedResults {
  header: ResultsHeader;
  results: CellResult[];
  /** A last line cut short by a kill mid-write: an unfinished cell, dropped. */
  truncatedTail: boolean;
}

export function readResults(file: string): LoadedResults {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const truncatedTail = lines[lines.length - 1] !== '' && !parses(lines[lines.length - 1]);
  if (lines[lines.length - 1] === '' || truncatedTail) lines.pop();
  if (lines.length === 0) throw new CorruptResultsError(file, 1, 'empty file (no header line)');
  const header = parseLine(file, 1, lines[0]) as Partial<ResultsHeader>;
  if (header.type !== 'header' || header.schema !== RESULTS_SCHEMA) {
    throw new CorruptResultsError(file, 1, `expected a ${RESULTS_SCHEMA} header line`);
  }
  if (header.version !== RESULTS_VERSION) {
    throw new CorruptResultsError(
      file,
      1,
      `results version ${String(header.version)}, this audit reads version ${RESULTS_VERSION}`,
    );
  }
  const results: CellResult[] = [];
  for (let i = 1; i < lines.length; i++) {
    const r = parseLine(file, i + 1, lines[i]) as Partial<CellResult> & { type?: string };
    if (
      r.type !== 'cell' ||
      typeof r.key !== 'string' ||
      typeof r.theorem !== 'string' ||
      typeof r.verdict !== 'string' ||
      !r.trial
    ) {
      throw new CorruptResultsError(file, i + 1, 'not a cell record (type, key, theorem, verdict, trial)');
    }
    delete r.type;
    results.push(r as CellResult);
  }
  return { header: header as ResultsHeader, results, truncatedTail };
}

function parses(line: string): boolean {
  try {
    decodeJson(line);
    return true;
  } catch {
    return false;
  }
}

function parseLine(file: string, n: number, line: string): unknown {
  try {
    const v = decodeJson(line);
    if (v === null || typeof v !== 'object') throw new SyntaxError('not a JSON object');
    return v;
  } catch (e) {
    throw new CorruptResultsError(file, n, (e as Error).message);
  }
}

/**
 * The append-only results file of one run directory. Each finished cell is one line, appended
 * synchronously the moment it finishes, so a killed audit loses only the cells still running.
 */
function theoremSet(ids: readonly string[]): string {
  return [...ids].sort().join(', ');
}

export class ResultsStore {
  readonly file: string;
  readonly finished = new Map<string, CellResult>();
  /** Where a previous results file was moved when a run started afresh (nothing is overwritten). */
  archived?: string;
  droppedTail = false;

  constructor(
    readonly dir: string,
    readonly header: ResultsHeader,
    resume: boolean,
  ) {
    this.file = join(dir, RESULTS_FILE);
    if (resume && existsSync(this.file)) {
      const prev = readResults(this.file);
      for (const [field, want] of [
        ['profile', header.profile],
        ['seed', header.seed],
        ['shard', header.shard ? `${header.shard.index}/${header.shard.count}` : 'none'],
        // The header's theorem list is what merge and the summary read: a resumed run must keep it.
        ['theorems', theoremSet(header.theorems)],
      ] as const) {
        const had =
          field === 'shard'
            ? prev.header.shard
              ? `${prev.header.shard.index}/${prev.header.shard.count}`
              : 'none'
            : field === 'theorems'
              ? theoremSet(prev.header.theorems)
              : prev.header[field];
        if (had !== want) {
          throw new InvalidParameterError(
            `--resume (${field})`,
            want,
            `${String(had)}, the ${field} of the run in ${this.file}`,
          );
        }
      }
      for (const r of prev.results) this.finished.set(r.key, r);
      if (prev.truncatedTail) {
        // Rewrite without the half-written last line (an unfinished cell, not a result).
        this.droppedTail = true;
        writeFileSync(
          this.file,
          [prev.header, ...prev.results.map(cellRecord)].map((x) => encodeJson(x)).join('\n') + '\n',
        );
      }
      this.header = prev.header;
      return;
    }
    if (existsSync(this.file)) {
      this.archived = join(dir, `results.${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
      renameSync(this.file, this.archived);
    }
    writeFileSync(this.file, encodeJson(header) + '\n');
  }

  append(r: CellResult): void {
    appendFileSync(this.file, encodeJson(cellRecord(r)) + '\n');
    this.finished.set(r.key, r);
  }
}

function cellRecord(r: CellResult): Record<string, unknown> {
  return { type: 'cell', ...r };
}
