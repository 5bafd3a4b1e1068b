/**
 * Scale-out (npm run test:faults): an audit split into N shards run as N parallel processes (as a
 * Slurm array, a CI matrix or a Kubernetes indexed Job would run them), then `merge`d, equals the
 * single-machine run cell for cell (same keys, same measured bits) and in its report, for N = 2, 3
 * and 7; each shard uses a different --threads, and a shard re-run with another thread count gives
 * the same cells. docs/scale-out.md describes the same commands.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cellDiff, cellsOf, cliEnv, FIXTURES, reportOf, ROOT, runCli, startCli } from './cli-process';

let tmp = '';
let single = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-shards-'));
  single = join(tmp, 'single');
  const r = runCli(['audit', '--catalog', FIXTURES, '--out', single, '--threads', '2']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('N shards as N parallel processes, merged, equal the single-machine run', () => {
  for (const n of [2, 3, 7]) {
    it(`N = ${n}`, async () => {
      const dirs = Array.from({ length: n }, (_, i) => join(tmp, `n${n}-shard${i + 1}`));
      const runs = dirs.map((dir, i) =>
        startCli([
          'audit',
          '--catalog',
          FIXTURES,
          '--shard',
          `${i + 1}/${n}`,
          '--out',
          dir,
          '--threads',
          String(1 + (i % 3)),
        ]),
      );
      const done = await Promise.all(runs.map((r) => r.done));
      done.forEach((d, i) => expect(d.code, `shard ${i + 1}/${n}: ${d.stderr}`).toBe(0));
      // Shards are disjoint and cover the plan.
      const perShard = dirs.map(cellsOf);
      const total = perShard.reduce((a, m) => a + m.size, 0);
      expect(total).toBe(cellsOf(single).size);
      const merged = join(tmp, `n${n}-merged`);
      const m = runCli(['merge', '--catalog', FIXTURES, '--out', merged, ...dirs]);
      expect(m.code, m.stderr).toBe(0);
      const diff = cellDiff(cellsOf(single), cellsOf(merged));
      console.log(
        `shards: N = ${n}: merge equals the single run cell for cell: ${diff.length === 0} (${cellsOf(merged).size} cells)`,
      );
      expect(diff).toEqual([]);
      expect(reportOf(merged)).toBe(reportOf(single));
    });
  }

  it('a shard is independent of the thread count (1 and 3 threads give the same cells)', () => {
    const a = join(tmp, 'threads1');
    const b = join(tmp, 'threads3');
    for (const [dir, threads] of [
      [a, '1'],
      [b, '3'],
    ] as const) {
      const r = runCli(['audit', '--catalog', FIXTURES, '--shard', '2/3', '--out', dir, '--threads', threads]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(cellsOf(a).size).toBeGreaterThan(0);
    expect(cellDiff(cellsOf(a), cellsOf(b))).toEqual([]);
  });
});

describe('the Slurm array scripts of docs/scale-out/ (run here as Slurm would run them, without Slurm)', () => {
  it('two array tasks and the merge job give the single-machine run', () => {
    const runDir = join(tmp, 'slurm');
    const env = {
      ...cliEnv(),
      RUN_DIR: runDir,
      SLURM_ARRAY_JOB_ID: '4242',
      SLURM_ARRAY_TASK_COUNT: '2',
      SLURM_CPUS_PER_TASK: '2',
      FWA_AUDIT_ARGS: `--catalog ${FIXTURES}`,
      FWA_MERGE_ARGS: `--catalog ${FIXTURES}`,
    };
    for (const task of ['1', '2']) {
      const r = spawnSync('bash', [join(ROOT, 'docs/scale-out/slurm-shard.sbatch')], {
        cwd: ROOT,
        env: { ...env, SLURM_ARRAY_TASK_ID: task },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(r.status, r.stderr).toBe(0);
    }
    const m = spawnSync('bash', [join(ROOT, 'docs/scale-out/slurm-merge.sbatch')], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(m.status, m.stderr).toBe(0);
    expect(cellDiff(cellsOf(single), cellsOf(join(runDir, 'merged')))).toEqual([]);
    expect(reportOf(join(runDir, 'merged'))).toBe(reportOf(single));
  });
});
