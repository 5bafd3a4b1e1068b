/**
 * The command line as a process: what only a spawned `fwa-theorems` shows (exit code,
 * no stack trace, no hang). Each run is bounded by a kill timeout, so a regression fails the test
 * instead of hanging the suite. Kept few and fast; the startup-time measurement is in
 * properties/cli-startup.ts (npm run test:cli, run by .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'fwa-theorems.mjs');
/** Generous: a healthy run takes well under a second from dist/ and a few seconds through tsx. */
const KILL_AFTER_MS = 30_000;

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

function fwa(args: string[]): Exit {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: KILL_AFTER_MS,
    env: { ...process.env, FWA_PROFILE: 'ci', FWA_SEED: '' },
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Bad input: exit 2, a one-line reason naming the input, no stack trace. */
function expectBadInput(r: Exit, message: RegExp): void {
  expect(r.signal, `killed after ${KILL_AFTER_MS} ms (hang): ${r.err}`).toBeNull();
  expect(r.code, r.err).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/^\s+at /m);
}

describe('bad input to a spawned fwa-theorems: exit 2 with a message', () => {
  it.runIf(existsSync('/proc/self'))('--out on a pseudo-filesystem (procfs, sysfs) fails at once', () => {
    for (const out of ['/proc/x', '/sys/x']) {
      expectBadInput(
        fwa(['audit', '--theorem', 'fwa-convergence', '--out', out]),
        /invalid --out = .*writable directory/,
      );
    }
  });

  it('--catalog naming a missing file: names the file and what to give', () => {
    expectBadInput(
      fwa(['audit', '--catalog', 'no-such-catalog.ts', '--out', '/proc/never-created']),
      /catalog no-such-catalog.ts: there is no file .*no-such-catalog\.ts\. Fix: give the path/,
    );
  });

  it('--seed abc names the flag the user typed', () => {
    const r = fwa(['audit', '--seed', 'abc', '--out', '/proc/never-created']);
    expectBadInput(r, /option '--seed <n>' argument 'abc' is invalid/);
    expect(r.err).not.toMatch(/invalid FWA_SEED/);
  });
});

describe('--version', () => {
  it("prints package.json's version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = fwa(['--version']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`${version}\n`);
  });
});
