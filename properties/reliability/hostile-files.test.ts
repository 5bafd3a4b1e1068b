/**
 * Hostile files (npm run test:hostile): fast-check corrupts the JSON files the suite reads (a run's
 * results.jsonl, the guard ledger) byte by byte and field by field. Reading one either succeeds
 * (the change kept it valid) or throws CorruptFileError naming the file and the line the damage is
 * on: never a TypeError, a SyntaxError without a file, or a crash later in the summary or report.
 * Replay: FWA_SEED=<seed> FWA_PATH=<path> npm run test:hostile.
 */
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/audit/run';
import { readResults, RESULTS_FILE } from '../../src/audit/store';
import { CorruptFileError } from '../../src/errors';
import { LEDGER_PATH, readLedger } from '../../src/guard/ledger';
import { committedCertificates } from '../../src/pep/committed';
import { CERTIFICATE_DIR, readCertificateFile } from '../../src/pep/store';
import { currentProfile } from '../../src/profile';
import { FIXTURES } from './cli-process';

const SEED = Number(process.env.FWA_SEED || 16);
const PATH = process.env.FWA_PATH;
const RUNS = Number(process.env.FWA_HOSTILE_FILE_RUNS ?? 400);
const params = (numRuns: number) => ({ seed: SEED, numRuns, ...(PATH ? { path: PATH } : {}) });

let tmp = '';
let run = '';
let results = '';
let ledger = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-hostile-files-'));
  run = join(tmp, 'run');
  await runAudit({
    catalog: FIXTURES,
    theoremIds: [],
    profile: currentProfile({ FWA_PROFILE: 'ci', FWA_SEED: '7' }),
    out: run,
    resume: false,
    threads: 1,
    budgetMs: Infinity,
    maxCells: 12,
    report: false,
  });
  results = readFileSync(join(run, RESULTS_FILE), 'utf8');
  ledger = readFileSync(LEDGER_PATH, 'utf8');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A damage to a text: where it starts (offset) and the new text. Never adds a newline. */
interface Damage {
  at: number;
  text: string;
  describe: string;
}

const noNewline = (s: string): string => s.replace(/[\n\r]/g, ' ');
const jsonish = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  'x',
  '-',
  '.',
  'e',
  '0',
  'null',
  'true',
  ' ',
  '\u2028',
  '\u0000',
);

function damage(text: string): fc.Arbitrary<Damage> {
  const pos = fc.integer({ min: 0, max: text.length - 1 });
  const slice = pos.chain((at) =>
    fc.integer({ min: 1, max: 40 }).map((n) => [at, Math.min(text.length, at + n)] as const),
  );
  return fc.oneof(
    // Replace a few bytes with JSON-significant or arbitrary characters.
    fc.tuple(slice, fc.array(jsonish, { minLength: 1, maxLength: 4 })).map(([[a, b], cs]) => ({
      at: a,
      text: text.slice(0, a) + noNewline(cs.join('')) + text.slice(b),
      describe: `bytes ${a}..${b} → ${JSON.stringify(cs.join(''))}`,
    })),
    // Delete a range within one line.
    slice.map(([a, b]) => {
      const nl = text.indexOf('\n', a);
      const end = nl >= 0 && nl < b ? nl : b;
      return { at: a, text: text.slice(0, a) + text.slice(end), describe: `delete ${a}..${end}` };
    }),
    // Insert arbitrary text (unicode, binary) inside a line.
    fc.tuple(pos, fc.string({ unit: 'binary', minLength: 1, maxLength: 8 })).map(([a, s]) => ({
      at: a,
      text: text.slice(0, a) + noNewline(s) + text.slice(a),
      describe: `insert ${JSON.stringify(s)} at ${a}`,
    })),
  );
}

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Replaces the value of one field of one line of results.jsonl by an arbitrary JSON value. */
function fieldSwap(text: string): fc.Arbitrary<{ text: string; line: number; describe: string }> {
  const lines = text.trimEnd().split('\n');
  return fc
    .tuple(
      fc.integer({ min: 0, max: lines.length - 2 }),
      fc.constantFrom(
        'type',
        'key',
        'theorem',
        'verdict',
        'trial',
        'axes',
        'ms',
        'outcome',
        'error',
        'schema',
        'version',
        'profile',
        'seed',
        'theorems',
        'shard',
        '__proto__',
        'constructor',
      ),
      fc.jsonValue(),
    )
    .map(([i, field, value]) => {
      const obj = JSON.parse(lines[i]) as Record<string, unknown>;
      Object.defineProperty(obj, field, { value, enumerable: true, configurable: true, writable: true });
      const changed = [...lines];
      changed[i] = JSON.stringify(obj);
      return {
        text: changed.join('\n') + '\n',
        line: i + 1,
        describe: `line ${i + 1}: ${field} = ${JSON.stringify(value)}`,
      };
    });
}

function readOutcome(read: () => unknown): { ok: true } | { ok: false; error: unknown } {
  try {
    read();
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('corrupt results.jsonl', () => {
  it(`${RUNS} byte-level damages: read back, or CorruptFileError naming the file and the damaged line`, () => {
    const file = join(tmp, 'bytes.jsonl');
    fc.assert(
      fc.property(damage(results), (d) => {
        writeFileSync(file, d.text);
        const r = readOutcome(() => readResults(file));
        if (r.ok) return;
        expect(r.error, d.describe).toBeInstanceOf(CorruptFileError);
        const e = r.error as CorruptFileError;
        expect(e.file).toBe(file);
        expect(e.message).toContain(file);
        // A complete line (ending in a newline) is a record, damaged or not: only a last line cut
        // short of its newline reads as a half-written record and is dropped.
        const line = lineAt(d.text, d.at);
        expect(e.line, `${d.describe}: reported line ${e.line}, damaged line ${line}`).toBe(line);
      }),
      params(RUNS),
    );
  });

  it(`${RUNS} field swaps (any JSON value in any field): read back whole, or CorruptFileError at that line`, () => {
    const file = join(tmp, 'fields.jsonl');
    fc.assert(
      fc.property(fieldSwap(results), (d) => {
        writeFileSync(file, d.text);
        const r = readOutcome(() => readResults(file));
        if (!r.ok) {
          expect(r.error, d.describe).toBeInstanceOf(CorruptFileError);
          expect((r.error as CorruptFileError).line, d.describe).toBe(d.line);
        }
      }),
      params(RUNS),
    );
  });

  it('a resumed audit on a damaged file is refused with CorruptFileError and leaves the file untouched', async () => {
    await fc.assert(
      fc.asyncProperty(fieldSwap(results), async (d) => {
        const dir = mkdtempSync(join(tmp, 'resume-'));
        writeFileSync(join(dir, RESULTS_FILE), d.text);
        try {
          await runAudit({
            catalog: FIXTURES,
            theoremIds: [],
            profile: currentProfile({ FWA_PROFILE: 'ci', FWA_SEED: '7' }),
            out: dir,
            resume: true,
            threads: 1,
            budgetMs: Infinity,
            maxCells: 0,
            report: true,
          });
        } catch (e) {
          // A swapped header field may also be a different run (InvalidParameterError): both are typed.
          expect((e as Error).name, `${d.describe}: ${(e as Error).stack}`).toMatch(
            /^(CorruptFileError|InvalidParameterError)$/,
          );
          expect(readFileSync(join(dir, RESULTS_FILE), 'utf8')).toBe(d.text);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      params(Math.ceil(RUNS / 4)),
    );
  });
});

describe('corrupt PEP certificate', () => {
  it(`${RUNS} byte-level damages: CorruptFileError naming the file, or (parsed) rejected by verification, never used`, () => {
    const dir = mkdtempSync(join(tmp, 'certs-'));
    const name = readdirSync(CERTIFICATE_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()[0];
    const original = readFileSync(join(CERTIFICATE_DIR, name), 'utf8');
    fc.assert(
      fc.property(damage(original), (d) => {
        writeFileSync(join(dir, name), d.text);
        const r = readOutcome(() => readCertificateFile(join(dir, name)));
        if (!r.ok) {
          expect(r.error, d.describe).toBeInstanceOf(CorruptFileError);
          expect((r.error as CorruptFileError).file).toBe(join(dir, name));
        }
        // Whatever the damage, the listing never throws, and a certificate it uses verifies.
        const listed = committedCertificates(dir);
        expect(listed.verified.length + listed.rejected.length, d.describe).toBe(1);
      }),
      params(Math.ceil(RUNS / 4)),
    );
  });
});

describe('corrupt guard ledger', () => {
  it(`${RUNS} byte-level damages: read back, or CorruptFileError naming the file and a line at or after the damage`, () => {
    const file = join(tmp, 'ledger.json');
    fc.assert(
      fc.property(damage(ledger), (d) => {
        writeFileSync(file, d.text);
        const r = readOutcome(() => readLedger(file));
        if (r.ok) return;
        expect(r.error, d.describe).toBeInstanceOf(CorruptFileError);
        const e = r.error as CorruptFileError;
        expect(e.file).toBe(file);
        // A syntax error shows where the parser noticed it: on the damaged line or later (an opened
        // string ends further down); a wrong shape is reported on line 1 with the entry's index.
        const line = lineAt(d.text, d.at);
        if (e.line !== 1)
          expect(e.line, `${d.describe}: reported ${e.line}, damage on ${line}`).toBeGreaterThanOrEqual(line);
        expect(e.line).toBeLessThanOrEqual(d.text.split('\n').length);
      }),
      params(RUNS),
    );
  });

  it('an unreadable ledger (a directory) is a CorruptFileError too', () => {
    const dir = mkdtempSync(join(tmp, 'ledger-dir-'));
    copyFileSync(LEDGER_PATH, join(dir, 'x.json'));
    expect(() => readLedger(dir)).toThrow(CorruptFileError);
  });
});
