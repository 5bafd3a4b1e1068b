import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJson } from '../../src/audit/codec';
import { RESULTS_FILE } from '../../src/audit/store';

/**
 * The real binary (bin/fwa-theorems.mjs: tsx, commander, piscina) run as a child process on the
 * fake catalog, for the reliability tests that kill, race or starve it. FWA_PROFILE and FWA_SEED
 * are fixed so every run plans the same cells.
 */
export const ROOT = new URL('../..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin', 'fwa-theorems.mjs');
export const FIXTURES = join(ROOT, 'properties', 'audit-fixtures.ts');
export const SEED = process.env.FWA_SEED || '20241120';

export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, FWA_PROFILE: 'ci', FWA_SEED: SEED, FORCE_COLOR: '0', ...extra };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (bounded by timeoutMs: a hang fails the caller's assertion on `signal`). */
export function runCli(args: string[], env = cliEnv(), timeoutMs = 120_000): Finished {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(args: string[], env = cliEnv()): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Complete lines of a run's results.jsonl (a half-written last line is not counted). */
export function completeLines(dir: string): string[] {
  const file = join(dir, RESULTS_FILE);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const end = text.lastIndexOf('\n');
  return end < 0 ? [] : text.slice(0, end).split('\n');
}

/** The cells of a run directory as key → canonical JSON of the cell without its wall time `ms`. */
export function cellsOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of completeLines(dir).slice(1)) {
    const { ms: _ms, ...cell } = decodeJson(line) as { key: string; ms: number };
    out.set(cell.key, JSON.stringify(encodeForCompare(cell)));
  }
  return out;
}

/** Numbers as their exact bits (so NaN, −0 and the last ulp all count). */
function encodeForCompare(v: unknown): unknown {
  if (typeof v === 'number') {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return `f64:${b.getBigUint64(0).toString(16)}`;
  }
  if (Array.isArray(v)) return v.map(encodeForCompare);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeForCompare(x)]));
  return v;
}

/** What a report states about its theorems (audit.json without times and environment), bit-exact. */
export function reportOf(dir: string): string {
  const s = decodeJson(readFileSync(join(dir, 'audit.json'), 'utf8')) as Record<string, unknown>;
  return JSON.stringify(encodeForCompare({ theorems: s.theorems, totals: s.totals, exitCode: s.exitCode }));
}

/** Differences between two cell maps, for a failure message that says what went wrong. */
export function cellDiff(want: Map<string, string>, got: Map<string, string>): string[] {
  const d: string[] = [];
  for (const [k, v] of want) {
    if (!got.has(k)) d.push(`missing ${k}`);
    else if (got.get(k) !== v) d.push(`differs ${k}: ${got.get(k)} vs ${v}`);
  }
  for (const k of got.keys()) if (!want.has(k)) d.push(`extra ${k}`);
  return d.slice(0, 5);
}
