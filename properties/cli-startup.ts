/**
 * The installed command line, as `npm ci` leaves it (prepare builds dist/): startup time,
 * what `--help` and `list` load, a TypeScript catalog run by the compiled CLI in worker threads, and
 * the fall-back to the sources when dist/ is stale. Many process starts, so not in `npm test`:
 * `npm run test:cli`, run by .ci/run. Every spawned process is bounded by a kill timeout.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeJson } from '../src/audit/codec';
import type { CellResult } from '../src/audit/cell';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'fwa-theorems.mjs');
const FALLBACK_NOTICE = /running the sources through tsx/;
/** The requirement: `--help` and `list` answer within a second (median of RUNS starts). */
const STARTUP_LIMIT_MS = 1000;
const RUNS = 5;
const tmp = mkdtempSync(join(tmpdir(), 'fwa-cli-startup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], { nodeArgs = [] as string[], bin = BIN, timeout = 60_000 } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...nodeArgs, bin, ...args], { cwd: ROOT, encoding: 'utf8', timeout });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms: performance.now() - t0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('the bin runs dist/ (npm ci built it), not the sources', () => {
  const r = run(['--version']);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, FALLBACK_NOTICE, 'dist/ is missing or older than src/: run `npm run build`');
});

test(`--help and list start in under ${STARTUP_LIMIT_MS} ms (median of ${RUNS} runs)`, (t) => {
  for (const args of [['--help'], ['list']]) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = run(args, { timeout: 10_000 });
      assert.equal(r.code, 0, r.err);
      ms.push(r.ms);
    }
    t.diagnostic(`${args.join(' ')}: ${ms.map((x) => Math.round(x)).join(', ')} ms`);
    assert.ok(median(ms) < STARTUP_LIMIT_MS, `${args.join(' ')}: median ${Math.round(median(ms))} ms of ${ms}`);
  }
});

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

test('what the CLI loads before a command runs: none of the heavy packages (static imports of dist/cli.js)', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as Metafile;
  const packages = new Set<string>();
  const visit = (file: string, seen: Set<string>): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of meta.outputs[file].imports) {
      if (i.kind !== 'import-statement') continue; // import() is what the commands do on demand
      if (i.external) packages.add(i.path);
      else visit(i.path, seen);
    }
  };
  visit('dist/cli.js', new Set());
  const heavy = ['mathjs', 'fast-check', 'piscina', 'katex', 'plotly.js-dist-min', 'cli-progress', 'tsx'];
  assert.deepEqual(
    [...packages].filter((p) => heavy.some((h) => p === h || p.startsWith(`${h}/`))),
    [],
    `dist/cli.js imports ${[...packages].join(', ')}`,
  );
});

test('list loads no formula engine; list --json does (it renders the LaTeX)', () => {
  // Reports on exit whether mathjs is in the module cache (the formula engine requires it).
  const probe =
    "data:text/javascript,import{createRequire}from'node:module';const r=createRequire(process.cwd()+'/');" +
    "process.on('exit',()=>process.stderr.write('mathjs loaded: '+Object.keys(r.cache).some(k=>k.includes('/node_modules/mathjs/'))+'\\n'))";
  const plain = run(['list'], { nodeArgs: ['--import', probe] });
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.err, /mathjs loaded: false/);
  const json = run(['list', '--json'], { nodeArgs: ['--import', probe] });
  assert.equal(json.code, 0, json.err);
  assert.match(json.err, /mathjs loaded: true/, 'the probe sees mathjs when it is loaded');
});

test('a TypeScript catalog from the compiled CLI, in two worker threads (tsx registered on demand)', () => {
  const out = join(tmp, 'fixture-audit');
  const r = run([
    'audit',
    '--catalog',
    join(ROOT, 'properties', 'audit-fixtures.ts'),
    '--theorem',
    'fake-stability-gap',
    '--threads',
    '2',
    '--out',
    out,
  ]);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, FALLBACK_NOTICE);
  const cells = readFileSync(join(out, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => decodeJson(l) as CellResult);
  // The fixture's k-sweep leaves the hypothesis k ≤ T/2: those cells are skipped, not errors, even
  // though the catalog throws the HypothesisError of its own (source) copy of src/errors.ts.
  assert.deepEqual(
    cells.filter((c) => c.verdict === 'error').map((c) => c.error),
    [],
  );
  assert.ok(cells.some((c) => c.verdict === 'skipped'));
  assert.ok(cells.some((c) => c.verdict === 'holds'));
});

test('a stale or missing build falls back to the sources (a copy of the layout: bin, src, dist)', () => {
  const root = join(tmp, 'layout');
  mkdirSync(join(root, 'src', 'sub'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'bin'));
  cpSync(BIN, join(root, 'bin', 'fwa-theorems.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(root, 'src', 'cli.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  writeFileSync(join(root, 'src', 'sub', 'a.ts'), '');
  writeFileSync(join(root, 'src', 'sub', 'README.md'), '');
  writeFileSync(join(root, 'dist', 'cli.js'), "console.log('dist');\n");
  writeFileSync(join(root, 'scripts', 'build.mjs'), '');
  const bin = join(root, 'bin', 'fwa-theorems.mjs');
  const at = (file: string, seconds: number): void => utimesSync(join(root, file), seconds, seconds);
  const all = ['src/cli.ts', 'src/sub/a.ts', 'src/sub', 'src', 'scripts/build.mjs'];

  const ranFrom = (): string => {
    const r = run([], { bin });
    assert.equal(r.code, 0, r.err);
    return `${r.out.trim()}${FALLBACK_NOTICE.test(r.err) ? ' (notice)' : ''}`;
  };
  assert.equal(ranFrom(), 'sources (notice)', 'no dist/.built: no build');
  writeFileSync(join(root, 'dist', '.built'), '');
  for (const f of all) at(f, 1000);
  at('dist/.built', 2000);
  assert.equal(ranFrom(), 'dist', 'a build newer than every source');
  at('src/sub/README.md', 3000);
  assert.equal(ranFrom(), 'dist', 'a README edited after the build: documentation, never compiled');
  for (const f of all) {
    at(f, 3000);
    assert.equal(ranFrom(), 'sources (notice)', `${f} changed after the build`);
    at(f, 1000);
  }
});
