import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';

/** What a reader needs to reproduce a report: versions and machine. */
export interface Environment {
  node: string;
  platform: string;
  cpus: string;
  threads: number;
  packages: Record<string, string>;
  commit: string;
  /** Uncommitted changes in the working tree when the audit ran. */
  dirty: boolean;
}

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const REPORTED_PACKAGES = [
  'fwa-theorems',
  'fast-check',
  'mathjs',
  'pure-rand',
  'piscina',
  'katex',
  'plotly.js-dist-min',
  'tsx',
];

function packageVersion(name: string): string {
  const file =
    name === 'fwa-theorems' ? `${PROJECT_ROOT}package.json` : `${PROJECT_ROOT}node_modules/${name}/package.json`;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'not installed';
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

export function captureEnvironment(threads: number): Environment {
  const c = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpus: `${c.length} × ${c[0]?.model ?? 'unknown'}`,
    threads,
    packages: Object.fromEntries(REPORTED_PACKAGES.map((p) => [p, packageVersion(p)])),
    commit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    dirty: (git(['status', '--porcelain']) ?? '') !== '',
  };
}
