import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The solver binary: `csdp` on PATH unless FWA_CSDP names another. */
function csdpBinary(): string {
  return process.env.FWA_CSDP ?? 'csdp';
}

/** Whether the solver binary can be started (tests that need it skip, saying why, when it cannot). */
export function csdpAvailable(): boolean {
  return binaryStarts(csdpBinary());
}

/** Whether a binary can be started at all (a missing one is ENOENT; any exit status counts as present). */
export function binaryStarts(binary: string): boolean {
  const r = spawnSync(binary, [], { stdio: 'ignore', timeout: 10_000 });
  return !(r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT');
}

/**
 * BLAS threads per solver process: FWA_PEP_THREADS, default 1. The Schur complement's Cholesky
 * factorisation is CSDP's dominant cost and OpenBLAS parallelises it, but `npm run pep` already runs one
 * solve per core, and on the shared machine a second thread made a T = 40 solve slower in wall time
 * (44 s against 18 s, the load rising meanwhile; docs/performance.md); a lone large solve on an idle
 * machine may set 2.
 */
export function blasThreads(): string {
  const v = process.env.FWA_PEP_THREADS ?? '1';
  if (!/^[1-9]\d*$/.test(v))
    throw new Error(`FWA_PEP_THREADS = '${v}' is not a positive integer (BLAS threads per solver process; default 1)`);
  return v;
}

/**
 * Solver processes and scratch directories still running: on exit (an interrupted `npm run pep`) they are
 * killed and removed, so no orphan keeps a core busy.
 */
const running = new Map<ChildProcess, string>();
process.on('exit', () => {
  for (const [child, dir] of running) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Runs a solver binary in its scratch directory, collecting stdout and stderr; the exit code (10 when
 * killed by a signal, as CSDP reports it). A missing binary rejects with `missing()`. Registered in
 * `running` so an interrupted run kills it and removes the directory.
 */
export function runSolverProcess(
  binary: string,
  args: readonly string[],
  dir: string,
  missing: () => Error,
): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: dir,
      env: { ...process.env, OMP_NUM_THREADS: blasThreads() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(child, dir);
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? missing() : err));
    child.on('close', (c, signal) => {
      running.delete(child);
      resolve({ code: c ?? (signal ? 10 : -1), log });
    });
  });
}

/** CSDP is not installed: says which package provides it. */
export class CsdpMissingError extends Error {
  constructor(readonly binary: string) {
    super(
      `the SDP solver '${binary}' was not found: install CSDP (Debian/Ubuntu: apt-get install coinor-csdp), ` +
        'or set FWA_CSDP to its path. Verifying committed certificates needs no solver.',
    );
    this.name = 'CsdpMissingError';
  }
}

/**
 * What an SDP solver returns, whichever solver ran (CSDP here, SDPA in sdpa-solver.ts): CSDP's sign
 * conventions (max ⟨C, X⟩ s.t. ⟨A_i, X⟩ = a_i, X ⪰ 0, multipliers y) and CSDP's exit codes.
 */
export type SdpResult = CsdpResult;

/** CSDP's exit codes (CSDP 6.2 user's guide, "Return codes"). */
const CSDP_STATUS: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'primal infeasible',
  2: 'dual infeasible',
  3: 'partial success (solved to reduced accuracy)',
  4: 'maximum iterations reached',
  5: 'stuck at the edge of primal feasibility',
  6: 'stuck at the edge of dual infeasibility',
  7: 'lack of progress',
  8: 'X, Z or O singular',
  9: 'NaN or Inf detected',
  10: 'stopped by a signal',
};

export interface CsdpResult {
  code: number;
  status: string;
  /** Dual vector y (length m). */
  y: Float64Array;
  /** Primal X blocks as dense row-major matrices (diagonal blocks as their diagonals). */
  X: Float64Array[];
  primalObjective: number;
  dualObjective: number;
  seconds: number;
  log: string;
}

/**
 * CSDP's relative tolerances on primal and dual infeasibility and on the gap (axtol, atytol, objtol): its
 * default, and the tighter one `npm run pep` solves again with when a primal misses the certificates'
 * PRIMAL_TOL (measured at T = 40: 1e-9 converges; 1e-10 ends "stuck at the edge of primal feasibility").
 */
export const CSDP_TOLERANCE = 1e-8;
export const CSDP_TIGHT_TOLERANCE = 1e-9;

/**
 * Solver parameters written to param.csdp: CSDP's defaults, stated so a run does not depend on a stray
 * file, with the three tolerances at `tolerance`.
 */
const params = (tolerance: number): string[] => [
  `axtol=${tolerance.toExponential()}`,
  `atytol=${tolerance.toExponential()}`,
  `objtol=${tolerance.toExponential()}`,
  'pinftol=1.0e8',
  'dinftol=1.0e8',
  'maxiter=200',
  'minstepfrac=0.90',
  'maxstepfrac=0.97',
  'minstepp=1.0e-8',
  'minstepd=1.0e-8',
  'usexzgap=1',
  'tweakgap=0',
  'affine=0',
  'printlevel=1',
  'perturbobj=1',
  'fastmode=0',
];

/**
 * Solves an SDPA problem with CSDP in a child process (blasThreads() BLAS threads). Block sizes are those written in
 * the problem (negative = diagonal). Never throws on a solver status: the caller gets the code and its
 * meaning; it throws only when the binary is missing or its output cannot be read.
 */
export async function runCsdp(
  sdpa: string,
  blockSizes: readonly number[],
  tolerance = CSDP_TOLERANCE,
): Promise<CsdpResult> {
  const dir = await mkdtemp(join(tmpdir(), 'fwa-pep-'));
  try {
    await writeFile(join(dir, 'problem.dat-s'), sdpa);
    await writeFile(join(dir, 'param.csdp'), params(tolerance).join('\n') + '\n');
    const started = performance.now();
    const binary = csdpBinary();
    const { code, log } = await runSolverProcess(
      binary,
      ['problem.dat-s', 'problem.sol'],
      dir,
      () => new CsdpMissingError(binary),
    );
    const seconds = (performance.now() - started) / 1000;
    const status = CSDP_STATUS[code] ?? `unknown exit code ${code}`;
    const objective = (label: string): number => {
      const m = new RegExp(`${label} objective value:\\s*(\\S+)`).exec(log);
      return m ? Number(m[1]) : NaN;
    };
    let text = '';
    try {
      text = await readFile(join(dir, 'problem.sol'), 'utf8');
    } catch {
      throw new Error(`CSDP wrote no solution (exit ${code}: ${status}); its output:\n${log}`);
    }
    const { y, X } = parseSolution(text, blockSizes);
    return { code, status, y, X, primalObjective: objective('Primal'), dualObjective: objective('Dual'), seconds, log };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** CSDP's solution file: y on the first line, then `1 b i j v` (Z) and `2 b i j v` (X) entries. */
function parseSolution(text: string, blockSizes: readonly number[]): { y: Float64Array; X: Float64Array[] } {
  const lines = text.split('\n');
  const y = Float64Array.from(lines[0].trim().split(/\s+/).map(Number));
  const X = blockSizes.map((s) => new Float64Array(s < 0 ? -s : s * s));
  for (let l = 1; l < lines.length; l++) {
    const parts = lines[l].trim().split(/\s+/);
    if (parts.length < 5 || parts[0] !== '2') continue;
    const b = Number(parts[1]) - 1;
    const i = Number(parts[2]) - 1;
    const j = Number(parts[3]) - 1;
    const v = Number(parts[4]);
    const s = blockSizes[b];
    if (s < 0) X[b][i] = v;
    else {
      X[b][i * s + j] = v;
      X[b][j * s + i] = v;
    }
  }
  return { y, X };
}
