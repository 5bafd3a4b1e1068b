/**
 * Fault injection on the real binary (npm run test:faults; too slow for `npm test`). Fake catalog
 * (properties/audit-fixtures.ts), each cell slowed to FWA_FAKE_CELL_MS so a run can be hit mid-way.
 *   - SIGKILL at 20 seeded points, each kill landing on a run that is itself a resume of the last
 *     one: after every kill no finished cell is lost or written twice, the dead process's lock is
 *     taken over at once, and the final resumed run equals an uninterrupted run cell for cell (same
 *     keys, same measured bits) and in its report.
 *   - SIGINT at 8 seeded points: exit 130, running cells finish within the stop grace or are left for
 *     --resume, audit.json and results.jsonl agree, the lock is released; resuming ends equal to the
 *     uninterrupted run.
 *   - a full disk (a small tmpfs in a private mount namespace): exit 2 naming the file and ENOSPC,
 *     no stack trace, whole lines only, and a resume elsewhere completes equal to the reference.
 * Replay: FWA_SEED=<seed> npm run test:faults (the kill points are drawn from FAULT_SEED below).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJson } from '../../src/audit/codec';
import { RandomStream } from '../../src/engine/rng';
import { lockPaths } from '../../src/io/lock';
import { RUN_LOCK } from '../../src/audit/run';
import {
  BIN,
  cellDiff,
  cellsOf,
  cliEnv,
  completeLines,
  FIXTURES,
  reportOf,
  ROOT,
  runCli,
  startCli,
  type Finished,
} from './cli-process';

const FAULT_SEED = Number(process.env.FAULT_SEED ?? 16);
const CELL_MS = '50';
let tmp = '';
let reference = '';

const auditArgs = (out: string, threads: number, resume: boolean): string[] => [
  'audit',
  '--catalog',
  FIXTURES,
  '--out',
  out,
  '--threads',
  String(threads),
  ...(resume ? ['--resume'] : []),
];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-faults-'));
  reference = join(tmp, 'reference');
  const r = runCli(auditArgs(reference, 2, false));
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a (resumed) run and signals it once `cells` new complete lines are on disk, plus `extraMs`. */
async function interrupt(
  out: string,
  threads: number,
  cells: number,
  extraMs: number,
  signal: NodeJS.Signals,
): Promise<Finished & { before: number }> {
  const before = Math.max(1, completeLines(out).length);
  const { child, done } = startCli(
    auditArgs(out, threads, existsSync(join(out, 'results.jsonl'))),
    cliEnv({ FWA_FAKE_CELL_MS: CELL_MS }),
  );
  let finished: Finished | undefined;
  void done.then((f) => (finished = f));
  const t0 = Date.now();
  while (!finished && completeLines(out).length < before + cells && Date.now() - t0 < 60_000) await sleep(3);
  if (extraMs > 0) await sleep(extraMs);
  if (!finished) child.kill(signal);
  return { ...(await done), before };
}

function keysOf(out: string): string[] {
  return completeLines(out)
    .slice(1)
    .map((l) => (decodeJson(l) as { key: string }).key);
}

describe('killed at seeded points and resumed: nothing lost, nothing twice, same result', () => {
  it('SIGKILL at 20 points (a chain of resumes), then a final resume equals the uninterrupted run', async () => {
    const rng = RandomStream.fromSeed(FAULT_SEED);
    const out = join(tmp, 'sigkill');
    let lost = 0;
    let duplicated = 0;
    let killed = 0;
    let previous: string[] = [];
    for (let i = 0; i < 20; i++) {
      const threads = rng.int(1, 2);
      const cells = rng.int(0, 8);
      const extraMs = rng.int(0, 20);
      const r = await interrupt(out, threads, cells, extraMs, 'SIGKILL');
      if (r.signal === 'SIGKILL') killed++;
      else
        expect.fail(
          `kill ${i}: the run ended (${r.code}) before the kill point; FAULT_SEED=${FAULT_SEED}\n${r.stderr}`,
        );
      const keys = keysOf(out);
      const now = new Set(keys);
      duplicated += keys.length - now.size;
      lost += previous.filter((k) => !now.has(k)).length;
      previous = keys;
      // The dead process's lock is still on disk; the next resume must take it over without waiting.
      expect(existsSync(lockPaths(out, RUN_LOCK).lock), `kill ${i}: lock left behind`).toBe(true);
    }
    console.log(
      `faults: ${killed} SIGKILLs (FAULT_SEED=${FAULT_SEED}); cells lost ${lost}, duplicated ${duplicated}; ${previous.length} cells finished before the final resume`,
    );
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    const t0 = Date.now();
    const last = runCli(auditArgs(out, 2, true));
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).not.toMatch(/in use by/);
    expect(Date.now() - t0, 'the dead lock was taken over at once, not after the staleness delay').toBeLessThan(60_000);
    expect(cellDiff(cellsOf(reference), cellsOf(out))).toEqual([]);
    expect(keysOf(out).length).toBe(cellsOf(reference).size);
    expect(reportOf(out)).toBe(reportOf(reference));
  });

  it('SIGINT at 8 points: exit 130, consistent state each time, lock released; resume equals the uninterrupted run', async () => {
    const rng = RandomStream.fromSeed(FAULT_SEED + 1);
    const out = join(tmp, 'sigint');
    for (let i = 0; i < 8; i++) {
      const r = await interrupt(out, rng.int(1, 2), rng.int(0, 8), rng.int(0, 20), 'SIGINT');
      expect(r.code, `stop ${i}: ${r.stderr}`).toBe(130);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      const text = readFileSync(join(out, 'results.jsonl'), 'utf8');
      expect(text.endsWith('\n'), `stop ${i}: results.jsonl ends mid-line`).toBe(true);
      const summary = decodeJson(readFileSync(join(out, 'audit.json'), 'utf8')) as {
        totals: { cells: number };
        run: { unfinished: number };
      };
      const cells = keysOf(out);
      expect(new Set(cells).size).toBe(cells.length);
      expect(summary.totals.cells, `stop ${i}: audit.json disagrees with results.jsonl`).toBe(cells.length);
      expect(summary.run.unfinished).toBe(cellsOf(reference).size - cells.length);
      expect(existsSync(lockPaths(out, RUN_LOCK).lock), `stop ${i}: lock not released`).toBe(false);
      expect(existsSync(lockPaths(out, RUN_LOCK).holder)).toBe(false);
    }
    const last = runCli(auditArgs(out, 1, true));
    expect(last.code, last.stderr).toBe(0);
    expect(cellDiff(cellsOf(reference), cellsOf(out))).toEqual([]);
    expect(reportOf(out)).toBe(reportOf(reference));
  });
});

describe('two audits into one run directory', () => {
  it('the second is refused with exit 2 naming the holder (pid, start time); the first finishes intact', async () => {
    const out = join(tmp, 'concurrent');
    // Slow cells, so the first run is still going when the second has started up.
    const first = startCli(auditArgs(out, 2, false), cliEnv({ FWA_FAKE_CELL_MS: '150' }));
    const t0 = Date.now();
    while (!existsSync(lockPaths(out, RUN_LOCK).holder) && Date.now() - t0 < 60_000) await sleep(10);
    const second = runCli(auditArgs(out, 1, false));
    const firstDone = await first.done;
    console.log(`faults: second concurrent audit exited ${second.code}: ${second.stderr.trim().split('\n').pop()}`);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`in use by pid ${first.child.pid} on .*, started \\d{4}-\\d\\d-\\d\\dT`));
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(firstDone.code, firstDone.stderr).toBe(0);
    expect(cellDiff(cellsOf(reference), cellsOf(out))).toEqual([]);
    expect(completeLines(out).length - 1).toBe(cellsOf(reference).size);
  });
});

/** A tmpfs of `size` in a private mount namespace (unprivileged user namespaces), or null if refused. */
function canMountTmpfs(): boolean {
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && echo ok'], {
    encoding: 'utf8',
  });
  return r.stdout.trim() === 'ok';
}

describe('a full disk', () => {
  const tmpfs = canMountTmpfs();
  if (!tmpfs) console.warn('faults: SKIPPED the disk-full test: `unshare -rm` cannot mount a tmpfs here');
  it.skipIf(!tmpfs)(
    'stops with exit 2 and a message naming the file, leaves whole lines and parseable JSON; a resume elsewhere completes equal',
    () => {
      // 24k: full while appending cells; 300k: full while copying the report assets.
      for (const size of ['24k', '300k']) {
        const mnt = mkdtempSync(join(tmp, `full-${size}-`));
        const saved = join(tmp, `saved-${size}`);
        const script = [
          `mount -t tmpfs -o size=${size} tmpfs "$MNT"`,
          `"$NODE" "$BIN" audit --catalog "$FIX" --threads 1 --out "$MNT/run"; code=$?`,
          `cp -a "$MNT/run" "$SAVED"; exit $code`,
        ].join('\n');
        const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 120_000,
          env: cliEnv({ MNT: mnt, NODE: process.execPath, BIN, FIX: FIXTURES, SAVED: saved }),
        });
        console.log(`faults: disk of ${size}: exit ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/cannot write .* \(ENOSPC: no space left on the device\)/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        const text = readFileSync(join(saved, 'results.jsonl'), 'utf8');
        expect(text.endsWith('\n'), `${size}: results.jsonl ends mid-line`).toBe(true);
        for (const line of text.trimEnd().split('\n')) decodeJson(line);
        if (existsSync(join(saved, 'audit.json'))) decodeJson(readFileSync(join(saved, 'audit.json'), 'utf8'));
        const resumed = join(tmp, `resumed-${size}`);
        cpSync(saved, resumed, { recursive: true });
        const last = runCli(auditArgs(resumed, 2, true));
        expect(last.code, last.stderr).toBe(0);
        expect(cellDiff(cellsOf(reference), cellsOf(resumed))).toEqual([]);
        expect(reportOf(resumed)).toBe(reportOf(reference));
      }
    },
  );
});
