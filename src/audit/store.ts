import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptFileError, InvalidParameterError } from '../errors';
import { appendWhole, writeFileAtomic } from '../io/atomic';
import type { ProfileName } from '../profile';
import type { CellResult } from './cell';
import { decodeJson, encodeJson } from './codec';
import type { Shard } from './shard';

export const RESULTS_SCHEMA = 'fwa-theorems/results';
export const RESULTS_VERSION = 1;
export const RESULTS_FILE = 'results.jsonl';
const RESULTS_KIND = 'results file';

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
  if (lines.length === 0) throw new CorruptFileError(RESULTS_KIND, file, 1, 'empty file (no header line)');
  const header = parseLine(file, 1, lines[0]) as Partial<ResultsHeader>;
  if (header.type !== 'header' || header.schema !== RESULTS_SCHEMA) {
    throw new CorruptFileError(RESULTS_KIND, file, 1, `expected a ${RESULTS_SCHEMA} header line`);
  }
  const badHeader = headerProblem(header);
  if (badHeader && header.version === RESULTS_VERSION) throw new CorruptFileError(RESULTS_KIND, file, 1, badHeader);
  if (header.version !== RESULTS_VERSION) {
    throw new CorruptFileError(
      RESULTS_KIND,
      file,
      1,
      `results version ${String(header.version)}, this audit reads version ${RESULTS_VERSION}`,
    );
  }
  const results: CellResult[] = [];
  for (let i = 1; i < lines.length; i++) {
    const r = parseLine(file, i + 1, lines[i]) as Record<string, unknown>;
    const bad = cellProblem(r);
    if (bad) throw new CorruptFileError(RESULTS_KIND, file, i + 1, bad);
    delete r.type;
    results.push(r as unknown as CellResult);
  }
  return { header: header as ResultsHeader, results, truncatedTail };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** What is wrong with a header line (null: nothing); everything later code reads is checked here. */
function headerProblem(h: Partial<ResultsHeader>): string | null {
  if (typeof h.profile !== 'string' || typeof h.seed !== 'number')
    return 'header without a profile name and a numeric seed';
  if (!isStringArray(h.theorems)) return 'header "theorems" is not a list of theorem ids';
  if (
    h.shard !== undefined &&
    !(isObject(h.shard) && Number.isInteger(h.shard.index) && Number.isInteger(h.shard.count))
  )
    return 'header "shard" is not {index, count}';
  return null;
}

/** What is wrong with a cell line (null: nothing), so the summary and the report never meet a malformed record. */
function cellProblem(r: Record<string, unknown>): string | null {
  if (r.type !== 'cell' || typeof r.key !== 'string' || typeof r.theorem !== 'string')
    return 'not a cell record (type, key, theorem, verdict, trial)';
  // A verdict word (the vocabulary itself belongs to src/measure and may grow).
  if (typeof r.verdict !== 'string' || !/^[a-z][a-z-]*$/.test(r.verdict))
    return `not a verdict word: ${JSON.stringify(r.verdict)}`;
  const t = r.trial;
  if (!isObject(t) || typeof t.theorem !== 'string' || !isObject(t.params) || !isObject(t.instance))
    return 'cell without a trial {theorem, instance, params}';
  if (!isStringArray(r.axes)) return 'cell "axes" is not a list of sweep axes';
  if (typeof r.ms !== 'number') return 'cell without its wall time "ms"';
  const o = r.outcome;
  if (
    o !== undefined &&
    !(isObject(o) && typeof o.measured === 'number' && typeof o.bound === 'number' && typeof o.ratio === 'number')
  )
    return 'cell "outcome" without numeric measured, bound and ratio';
  const e = r.error;
  if (e !== undefined && !(isObject(e) && typeof e.name === 'string' && typeof e.message === 'string'))
    return 'cell "error" without a name and a message';
  return null;
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
    throw new CorruptFileError(RESULTS_KIND, file, n, (e as Error).message);
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
        // Atomically: a kill during this rewrite must not lose the finished cells.
        writeFileAtomic(
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
    writeFileAtomic(this.file, encodeJson(header) + '\n');
  }

  /** One whole line per cell: a failed write (disk full) leaves the file as it was and throws OutputWriteError. */
  append(r: CellResult): void {
    appendWhole(this.file, encodeJson(cellRecord(r)) + '\n');
    this.finished.set(r.key, r);
  }
}

function cellRecord(r: CellResult): Record<string, unknown> {
  return { type: 'cell', ...r };
}
