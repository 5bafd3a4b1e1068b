/**
 * Hostile checks (npm run test:hostile): the catalogs of properties/fixtures/hostile/, each a check a
 * researcher might write by mistake, run through the real binary as child processes. Each must end
 * with exit 2 (an ERROR of the check, never "VIOLATED"), a message saying what went wrong and a replay
 * command, within its time limit + 5 s beyond the start-up of the command (measured on a check that
 * fails at once: loading the CLI and compiling the catalog, twice, takes seconds on a busy machine).
 * One SIGTERM ends check, audit, guard, experiments and pep within 5 s; the audit then leaves a readable audit.json
 * and whole lines in results.jsonl. A theorem over strongly convex functions holds (exit 0): no draw
 * outside its hypotheses reaches a verdict.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csdpAvailable } from '../../src/pep/csdp';
import { cliEnv, completeLines, runCli, startCli, type Finished } from './cli-process';

const hostile = (name: string): string => `properties/fixtures/hostile/${name}.ts`;
const LIMIT_S = 5;
let tmp = '';
/** Wall time of a check that fails on its first trial: the start-up every bound below allows for. */
let startupMs = 0;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-hostile-checks-'));
  const t0 = performance.now();
  const r = runCli(['check', hostile('throw')]);
  startupMs = performance.now() - t0;
  expect(r.code, r.stdout + r.stderr).toBe(2);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function timed(args: string[], env = cliEnv()): Finished & { ms: number } {
  const t0 = performance.now();
  const r = runCli(args, env, 180_000);
  return { ...r, ms: performance.now() - t0 };
}

function expectError(r: Finished, message: RegExp): void {
  const out = r.stdout + r.stderr;
  expect(r.code, out).toBe(2);
  expect(out).toMatch(message);
  expect(out).toMatch(/replay: npx fwa-theorems (check|audit) /);
  expect(out).not.toMatch(/VIOLATED {2}/);
  expect(out).not.toMatch(/^\s+at /m);
}

describe('fwa-theorems check on a hostile catalog: exit 2, the error, its trial and the replay command', () => {
  const cases: [string, RegExp, Record<string, string>?][] = [
    ['throw', /ERROR .*hostile-throw[\s\S]*RangeError: the check indexed past the end/],
    ['nan', /ERROR .*hostile-nan[\s\S]*measured = NaN/],
    ['complex-bound', /ERROR .*hostile-complex-bound[\s\S]*Complex/],
    ['null-instance', /ERROR .*hostile-null-instance[\s\S]*trial\.instance = null\. Fix: an instance spec/],
    ['exit', /ERROR .*hostile-exit.*process\.exit\(3\)[\s\S]*trial \{/],
    ['loop', new RegExp(`ERROR .*hostile-loop.*time limit of ${LIMIT_S} s[\\s\\S]*trial \\{`)],
    ['alloc', /ERROR .*hostile-alloc.*(out of memory \(heap limit 256 MB|time limit)/, { FWA_HEAP_MB: '256' }],
  ];
  for (const [name, message, env] of cases) {
    it(name, () => {
      const r = timed(['check', hostile(name), '--cell-timeout', String(LIMIT_S)], cliEnv(env));
      expectError(r, message);
      expect(r.ms, `startup ${startupMs.toFixed(0)} ms`).toBeLessThan(startupMs + (LIMIT_S + 5) * 1000);
    });
  }

  it('a theorem over strongly convex functions holds: no draw outside its hypotheses is run to a verdict', () => {
    const r = runCli(['check', hostile('strongly-convex')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/HOLDS .*hostile-strongly-convex/);
  });
});

describe('fwa-theorems audit on a hostile catalog: error cells, the run goes on, exit 2', () => {
  const cases: [string, RegExp][] = [
    ['loop', new RegExp(`ERROR cell .* of hostile-loop: CellTimeout: .*time limit of ${LIMIT_S} s`)],
    ['exit', /ERROR cell .* of hostile-exit: WorkerExit: .*process\.exit/],
    ['nan', /ERROR cell .* of hostile-nan: .*measured = NaN/],
  ];
  for (const [name, message] of cases) {
    it(name, () => {
      const out = join(tmp, `audit-${name}`);
      const args = ['audit', '--catalog', hostile(name), '--out', out, '--threads', '2', '--max-cells', '4'];
      const r = timed([...args, '--cell-timeout', String(LIMIT_S)]);
      expectError(r, message);
      // Every cell recorded (the run went on past the stopped ones), each an error cell.
      const cells = completeLines(out)
        .slice(1)
        .map((l) => JSON.parse(l) as { verdict: string });
      expect(cells.length).toBe(4);
      expect(cells.every((c) => c.verdict === 'error')).toBe(true);
      // Two lanes, four cells: at most two cells in a row per lane, each within its limit + 5 s; a
      // stopped worker is replaced, and the new one loads the catalog again (about one start-up each).
      expect(r.ms).toBeLessThan(3 * startupMs + 2 * (LIMIT_S + 5) * 1000);
    });
  }

  it('instance: null is refused before the run, naming the field and the fix', () => {
    const r = timed(['audit', '--catalog', hostile('null-instance'), '--out', join(tmp, 'audit-null')]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/trial\.instance = null\. Fix: an instance spec/);
    expect(r.stderr).not.toMatch(/TypeError|^\s+at /m);
  });

  it('the replay command of an error cell runs that trial alone, with the time limit', () => {
    const out = join(tmp, 'audit-loop');
    const first = JSON.parse(completeLines(out)[1]) as { trial: unknown };
    const r = timed([
      'audit',
      '--catalog',
      hostile('loop'),
      '--trial',
      JSON.stringify(first.trial),
      '--cell-timeout',
      String(LIMIT_S),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toMatch(/CellTimeout/);
  });
});

/** Starts a command, sends one SIGTERM once it is busy, and returns how long it took to end. */
async function stopOnce(args: string[], busy: RegExp): Promise<Finished & { stopMs: number }> {
  const { child, done } = startCli(args);
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (busy.test(seen)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', () => reject(new Error(`ended before it was busy:\n${seen}`)));
  });
  // Busy: the first trial or cell is running (the loop has started).
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = performance.now();
  child.kill('SIGTERM');
  const r = await done;
  return { ...r, stopMs: performance.now() - t0 };
}

describe('one SIGTERM ends each command within 5 s, even while a check loops', () => {
  it('check', async () => {
    const r = await stopOnce(['check', hostile('loop')], /theorem\(s\), profile ci/);
    expect(r.stopMs).toBeLessThan(5000);
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/INTERRUPTED .*hostile-loop/);
  });

  it('audit: exit 130, audit.json readable, results.jsonl whole lines', async () => {
    const out = join(tmp, 'audit-sigterm');
    const r = await stopOnce(['audit', '--catalog', hostile('loop'), '--out', out, '--threads', '2'], /per cell/);
    expect(r.stopMs).toBeLessThan(5000);
    expect(r.code, r.stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as { run: { unfinished: number } };
    expect(summary.run.unfinished).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').endsWith('\n')).toBe(true);
  });

  it('guard', async () => {
    const r = await stopOnce(['guard', '--catalog', hostile('loop')], /\[guard\] profile/);
    expect(r.stopMs).toBeLessThan(5000);
    expect(r.signal === 'SIGTERM' || r.code === 143 || r.code === 130, JSON.stringify(r)).toBe(true);
  });

  it('experiments (a replicate computing): ends at once, not after the run', async () => {
    // The first convergence replicate computes synchronously for seconds; a SIGTERM handler (the one
    // proper-lockfile's signal-exit installs when the CLI loads) would only run after the whole run.
    const out = join(tmp, 'experiments-sigterm');
    const r = await stopOnce(['experiments', '--only', 'convergence', '--seeds', '1', '--out', out], /rows → /);
    expect(r.stopMs).toBeLessThan(5000);
    expect(r.signal === 'SIGTERM' || r.code === 143 || r.code === 130, JSON.stringify(r)).toBe(true);
    expect(r.stdout).not.toMatch(/findings agree with the theory/);
  });

  it.skipIf(!csdpAvailable())('pep (CSDP running): ends and leaves no solver behind', async () => {
    const { child, done } = startCli(['pep', '--theorem', 'fwa-convergence', '--T', '40', '--k', '4', '--c', '1']);
    // Wait for the solver to be running (a child of the command).
    let solver = '';
    for (let i = 0; i < 200 && !solver; i++) {
      await new Promise((r) => setTimeout(r, 100));
      solver = spawnSync('pgrep', ['-P', String(child.pid), 'csdp'], { encoding: 'utf8' }).stdout.trim();
    }
    expect(solver, 'CSDP never started').not.toBe('');
    const t0 = performance.now();
    child.kill('SIGTERM');
    const r = await done;
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(130);
    await new Promise((res) => setTimeout(res, 500));
    const alive = spawnSync('ps', ['-o', 'stat=', '-p', solver], { encoding: 'utf8' }).stdout.trim();
    expect(alive === '' || alive.startsWith('Z'), `CSDP ${solver} still running (${alive})`).toBe(true);
  });
});
