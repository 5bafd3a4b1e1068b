/**
 * `fwa-theorems audit` / `merge` on bad input: unknown theorem id, bad shard spec,
 * unwritable output directory, corrupt results file on resume, malformed --trial or one outside the
 * theorem's hypotheses: each gives a clear message naming the input and exit code 2, and nothing
 * already finished is lost. Also: a run on worker threads (piscina, tsx registered in each worker)
 * exits 1 on a violated [D] theorem, and a report's replay command reproduces a counterexample
 * exactly. The real binary (bin/fwa-theorems.mjs) is run end to end by the browser test
 * (npm run test:browser).
 * Fake catalog: properties/audit-fixtures.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeJson } from '../src/audit/codec';
import { readResults, RESULTS_FILE } from '../src/audit/store';
import { registerAudit } from '../src/cli/audit';
import { escapeHtml } from '../src/report/html';
import { trialReplayCommand } from '../src/audit/replay';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'properties', 'audit-fixtures.ts');
let tmp = '';

interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** The command in this process (commander + the same action), output captured. */
async function cli(args: string[], catalog = FIXTURES): Promise<CliRun> {
  const program = new Command().exitOverride();
  registerAudit(program);
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    await program.parseAsync(['node', 'fwa-theorems', ...args, '--catalog', catalog]);
    return { code: Number(process.exitCode ?? 0), out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-audit-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bad input: clear message, exit code 2, nothing lost', () => {
  it('unknown theorem id: names the id and the valid ones; no directory is created', async () => {
    const out = join(tmp, 'unknown');
    const r = await cli(['audit', '--theorem', 'no-such-theorem', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--theorem = "no-such-theorem".*fake-window-bound/);
    expect(existsSync(out)).toBe(false);
  });

  it('bad shard spec', async () => {
    for (const spec of ['3/2', '0/1', 'x']) {
      const r = await cli(['audit', '--shard', spec, '--out', join(tmp, 'shard')]);
      expect(r.code, spec).toBe(2);
      expect(r.err).toContain(`--shard = "${spec}"`);
    }
  });

  it('unwritable output directory (a path below a regular file)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['audit', '--out', join(file, 'run')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out = .*a writable directory/);
  });

  it('corrupt results file on resume: refused, file untouched; finished cells kept', async () => {
    const out = join(tmp, 'corrupt');
    expect((await cli(['audit', '--threads', '1', '--max-cells', '6', '--out', out])).code).toBe(0);
    const file = join(out, RESULTS_FILE);
    const finished = readResults(file).results.length;
    expect(finished).toBe(6);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n(\{"type":"cell")/, '\n{"oops"\n$1'));
    const before = readFileSync(file);
    const r = await cli(['audit', '--threads', '1', '--resume', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/corrupt results file .*line 2/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('malformed --trial, and merge of a directory without results', async () => {
    const r = await cli(['audit', '--trial', '{"theorem": 3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--trial');
    // A well-formed trial outside the theorem's hypotheses (k > T) is bad input too, not a failed check.
    const outside = {
      theorem: 'fake-window-bound',
      instance: { generator: 'fake', params: { n: 8 }, seed: 1 },
      params: { T: 20, k: 40, G: 1, L: 1, c: 0.5 },
      seed: 1,
      replicates: 1,
    };
    const h = await cli(['audit', '--trial', JSON.stringify(outside)]);
    expect(h.code, h.err).toBe(2);
    expect(h.err).toMatch(/--trial params = .*hypothesis "k in \[1, T\]" violated/);
    expect(h.out).toBe('');
    const m = await cli(['merge', join(tmp, 'nowhere'), '--out', join(tmp, 'merged')]);
    expect(m.code).toBe(2);
    expect(m.err).toContain('results.jsonl');
  });
});

describe('worker threads', () => {
  it('exit code 1 on a violated [D] theorem, plain progress lines off a TTY, and the replay command reproduces a counterexample', async () => {
    const dir = join(tmp, 'threads-broken');
    const r = await cli(
      ['audit', '--theorem', 'fake-broken-derived', '--threads', '2', '--out', dir],
      `${FIXTURES}#brokenCatalog`,
    );
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/2 thread\(s\)/);
    expect(r.err).toMatch(/audit: \d+\/\d+ cells \(\d+%\) \| ETA/);
    expect(r.out).toMatch(/VIOLATED\s+fake-broken-derived/);
    const results = readResults(join(dir, RESULTS_FILE)).results;
    const audit = decodeJson(readFileSync(join(dir, 'audit.json'), 'utf8')) as {
      run: { unfinished: number };
      environment: { threads: number };
    };
    expect(audit.run.unfinished).toBe(0);
    expect(audit.environment.threads).toBe(2);
    const bad = results.find((c) => c.verdict === 'violated')!;
    expect(bad).toBeDefined();
    // The page shows exactly this command; run its --trial argument through the CLI.
    const cmd = trialReplayCommand(bad.trial, `${FIXTURES}#brokenCatalog`);
    expect(readFileSync(join(dir, 'theorems', 'fake-broken-derived.html'), 'utf8')).toContain(escapeHtml(cmd));
    const json = /--trial '(.*)'$/.exec(cmd)![1];
    const replay = await cli(['audit', '--trial', json], `${FIXTURES}#brokenCatalog`);
    expect(replay.code).toBe(1);
    const replayed = decodeJson(replay.out.slice(0, replay.out.lastIndexOf('\n'))) as {
      outcome: { measured: number };
      verdict: string;
    };
    expect(replayed.verdict).toBe('violated');
    expect(Object.is(replayed.outcome.measured, bad.outcome!.measured)).toBe(true);
  });
});
