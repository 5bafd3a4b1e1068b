/**
 * src/io: the run-directory lock and the atomic writers (fast; the process-level faults are in
 * npm run test:faults). The lock: a second holder is refused naming the first; a lock left by a
 * dead process on this host is taken over at once; one left by another host is taken over only once
 * stale (no mtime refresh for STALE_MS); release removes it. The writers: a replaced file is never
 * seen half-written, a failed write leaves the old file, the append keeps whole records only.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptFileError, OutputWriteError, RunLockedError } from '../src/errors';
import { appendWhole, writeFileAtomic } from '../src/io/atomic';
import { readJsonFile, syntaxErrorOffset } from '../src/io/json-file';
import { acquireLock, lockPaths, STALE_MS } from '../src/io/lock';
import { ensureWritableDir } from '../src/output-dir';

const tmp = mkdtempSync(join(tmpdir(), 'fwa-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fresh = (name: string): string => {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
};

/** A pid that no longer exists: a child that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function leaveLock(dir: string, holder: { pid: number; host: string }, ageMs = 0): void {
  const p = lockPaths(dir, 'run');
  mkdirSync(p.lock);
  writeFileSync(p.holder, JSON.stringify({ ...holder, started: '2026-01-01T00:00:00.000Z', command: 'test' }));
  const t = new Date(Date.now() - ageMs);
  utimesSync(p.lock, t, t);
}

describe('run-directory lock', () => {
  it('a second holder is refused, naming the first (pid, host, start time); after release it is free', () => {
    const dir = fresh('twice');
    const a = acquireLock(dir, 'run', 'first');
    expect(() => acquireLock(dir, 'run', 'second')).toThrow(RunLockedError);
    expect(() => acquireLock(dir, 'run', 'second')).toThrow(
      new RegExp(`in use by pid ${process.pid} on ${hostname()}, started \\d{4}-\\d\\d-\\d\\dT.*\\(first\\)`),
    );
    a.release();
    expect(existsSync(lockPaths(dir, 'run').lock)).toBe(false);
    acquireLock(dir, 'run', 'third').release();
  });

  it('a lock left on this host by a dead process is taken over at once', () => {
    const dir = fresh('dead');
    leaveLock(dir, { pid: deadPid(), host: hostname() });
    const l = acquireLock(dir, 'run', 'taker');
    expect(JSON.parse(readFileSync(lockPaths(dir, 'run').holder, 'utf8')).pid).toBe(process.pid);
    l.release();
  });

  it('a live holder on this host keeps its lock however stale its mtime (a busy event loop)', () => {
    const dir = fresh('live-stale');
    leaveLock(dir, { pid: process.ppid, host: hostname() }, 10 * STALE_MS);
    expect(() => acquireLock(dir, 'run', 'x')).toThrow(RunLockedError);
  });

  it('a lock of another host is respected while fresh and taken over once stale', () => {
    const dir = fresh('remote');
    leaveLock(dir, { pid: 1, host: 'another-host' }, 0);
    expect(() => acquireLock(dir, 'run', 'x')).toThrow(/in use by pid 1 on another-host/);
    const t = new Date(Date.now() - STALE_MS - 5_000);
    utimesSync(lockPaths(dir, 'run').lock, t, t);
    acquireLock(dir, 'run', 'x').release();
  });

  it('two locks with different names in one directory are independent', () => {
    const dir = fresh('two-names');
    const a = acquireLock(dir, 'run', 'a');
    const b = acquireLock(dir, 'ledger.json', 'b');
    a.release();
    b.release();
  });
});

describe('atomic writers', () => {
  it('writeFileAtomic replaces the whole file and leaves no temporary file behind', () => {
    const dir = fresh('atomic');
    const f = join(dir, 'x.json');
    writeFileAtomic(f, 'old\n');
    writeFileAtomic(f, 'new\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['x.json']);
  });

  it('a failed write keeps the old file and throws OutputWriteError naming it', () => {
    const dir = fresh('atomic-fail');
    const f = join(dir, 'x.json');
    writeFileAtomic(f, 'old\n');
    // The temporary file cannot be created in a directory that does not exist: same path as ENOSPC.
    expect(() => writeFileAtomic(join(dir, 'missing', 'y.json'), 'z')).toThrow(OutputWriteError);
    expect(() => writeFileAtomic(join(dir, 'missing', 'y.json'), 'z')).toThrow(/cannot write .*y\.json \(ENOENT/);
    expect(readFileSync(f, 'utf8')).toBe('old\n');
  });

  it('appendWhole adds whole records', () => {
    const f = join(fresh('append'), 'r.jsonl');
    appendWhole(f, 'a\n');
    appendWhole(f, 'b\n');
    expect(readFileSync(f, 'utf8')).toBe('a\nb\n');
    expect(() => appendWhole(join(tmp, 'no-dir', 'r.jsonl'), 'x\n')).toThrow(OutputWriteError);
  });
});

describe('output directory', () => {
  it('an empty --out is refused (it would resolve to the current directory and fill it with the run)', () => {
    expect(() => ensureWritableDir('')).toThrow(/invalid --out = "": expected a directory path/);
    expect(() => ensureWritableDir('  ', '--json')).toThrow(/invalid --json/);
  });
});

describe('reading JSON files', () => {
  it('a syntax error names the file and the line it is on', () => {
    const f = join(fresh('json'), 'l.json');
    writeFileSync(f, '{\n "a": 1,\n "b": tru\n}\n');
    expect(() => readJsonFile(f, 'test file', () => null)).toThrow(CorruptFileError);
    expect(() => readJsonFile(f, 'test file', () => null)).toThrow(/corrupt test file .*l\.json, line 3/);
  });

  it('syntaxErrorOffset agrees with JSON.parse on which texts are valid', () => {
    for (const t of ['{}', '[1, 2.5e-3, "x\\u00e9", true, null]', '{"a":{"b":[]}}', ' 0 '])
      expect(syntaxErrorOffset(t)).toBe(t.length);
    for (const [t, at] of [
      ['{"a":1,}', 7],
      ['[1 2]', 3],
      ['{"a": tru}', 9],
      ['"\\x"', 2],
      ['[01]', 2],
      ['{"a":1', 6],
    ] as const)
      expect(syntaxErrorOffset(t), t).toBe(at);
  });
});
