import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryStarts, blasThreads, runSolverProcess, type SdpResult } from './csdp';

/**
 * SDPA (Fujisawa, Kojima, Nakata et al.; Debian package `sdpa`, version 7) as a second solver of the same
 * SDPA sparse files CSDP reads, so the two can be compared on identical input (the cross-check test in
 * pep-solver.test.ts) and timed against each other (docs/performance.md). CSDP stays the solver of
 * `npm run pep`: on these problems it was faster and reached the 1e-6 agreement the certificates need,
 * where SDPA stopped at "pdFEAS" with a relative gap near 6e-7 even with its tolerances at 1e-9.
 *
 * SDPA names the two problems the other way round: its primal is min Σ c_i x_i s.t. Σ F_i x_i − F_0 ⪰ 0,
 * i.e. CSDP's dual. So SDPA's `xVec` is CSDP's y, its `yMat` is CSDP's X, its `objValDual` is CSDP's
 * primal objective and its `objValPrimal` CSDP's dual objective. Results are returned in CSDP's
 * conventions, with the phase mapped onto CSDP's exit codes.
 */

/** The binary: `sdpa` on PATH unless FWA_SDPA names another. */
function sdpaBinary(): string {
  return process.env.FWA_SDPA ?? 'sdpa';
}

export function sdpaAvailable(): boolean {
  return binaryStarts(sdpaBinary());
}

export class SdpaMissingError extends Error {
  constructor(readonly binary: string) {
    super(
      `the SDP solver '${binary}' was not found: install SDPA (Debian/Ubuntu: apt-get install sdpa), or set FWA_SDPA ` +
        'to its path. It is only needed to cross-check CSDP; `npm run pep` uses CSDP.',
    );
    this.name = 'SdpaMissingError';
  }
}

/**
 * SDPA's phase at exit, as the CSDP exit code with the same meaning for our (CSDP-convention) problem.
 * SDPA's "p" is our dual, so its primal unboundedness is our primal infeasibility.
 */
const PHASE_CODE: Readonly<Record<string, { code: number; status: string }>> = {
  pdOPT: { code: 0, status: 'success' },
  pdFEAS: { code: 3, status: 'partial success (SDPA pdFEAS: both feasible, gap above tolerance)' },
  pUNBD: { code: 1, status: 'primal infeasible (SDPA pUNBD)' },
  pFEAS_dINF: { code: 1, status: 'primal infeasible (SDPA pFEAS_dINF)' },
  dUNBD: { code: 2, status: 'dual infeasible (SDPA dUNBD)' },
  pINF_dFEAS: { code: 2, status: 'dual infeasible (SDPA pINF_dFEAS)' },
};

/** SDPA's tolerances epsilonStar and epsilonDash here (its defaults are 1e-7). */
export const SDPA_TOLERANCE = 1e-9;

/**
 * Tolerances at `tolerance` and full-precision printing, so that its output can be compared with
 * CSDP's to the digits the certificates need. One line per parameter, SDPA 7's order.
 */
const params = (tolerance: number): string[] => [
  '200 maxIteration',
  `${tolerance.toExponential()} epsilonStar`,
  '1.0E2 lambdaStar',
  '2.0 omegaStar',
  '-1.0E5 lowerBound',
  '1.0E5 upperBound',
  '0.1 betaStar',
  '0.2 betaBar',
  '0.9 gammaStar',
  `${tolerance.toExponential()} epsilonDash`,
  '%+.17e xPrint',
  '%+.17e XPrint',
  '%+.17e YPrint',
  '%+.17e infPrint',
];

/** Solves an SDPA problem with SDPA; the same contract as runCsdp (never throws on a solver status). */
export async function runSdpa(
  sdpa: string,
  blockSizes: readonly number[],
  tolerance = SDPA_TOLERANCE,
): Promise<SdpResult> {
  const dir = await mkdtemp(join(tmpdir(), 'fwa-pep-sdpa-'));
  try {
    await writeFile(join(dir, 'problem.dat-s'), sdpa);
    await writeFile(join(dir, 'param.sdpa'), params(tolerance).join('\n') + '\n');
    const started = performance.now();
    const binary = sdpaBinary();
    const args = ['-ds', 'problem.dat-s', '-o', 'problem.out', '-p', 'param.sdpa', '-numThreads', blasThreads()];
    const run = await runSolverProcess(binary, args, dir, () => new SdpaMissingError(binary));
    const seconds = (performance.now() - started) / 1000;
    let text = '';
    try {
      text = await readFile(join(dir, 'problem.out'), 'utf8');
    } catch {
      throw new Error(`SDPA wrote no output file (exit ${run.code}); its output:\n${run.log}`);
    }
    const phase = /phase\.value\s*=\s*(\S+)/.exec(text)?.[1] ?? 'noINFO';
    const { code, status } = PHASE_CODE[phase] ?? { code: 7, status: `lack of progress (SDPA ${phase})` };
    const number = (label: string): number => Number(new RegExp(`${label}\\s*=\\s*(\\S+)`).exec(text)?.[1] ?? NaN);
    const { y, X } = parseSdpaOutput(text, blockSizes);
    return {
      code,
      status,
      y,
      X,
      primalObjective: number('objValDual'),
      dualObjective: number('objValPrimal'),
      seconds,
      log: run.log,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The numbers of a brace-delimited section `label = { … }` of SDPA's output, in order. */
function section(text: string, label: string): number[] {
  const start = text.indexOf(`${label} =`);
  if (start < 0) throw new Error(`SDPA output has no '${label}' section (was printing switched off?)`);
  let depth = 0;
  let i = text.indexOf('{', start);
  const from = i;
  for (; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) break;
  }
  return (text.slice(from, i).match(/[-+]?\d+(\.\d*)?([eE][-+]?\d+)?/g) ?? []).map(Number);
}

/** xVec (CSDP's y) and yMat (CSDP's X: dense blocks row by row, diagonal blocks as their diagonals). */
function parseSdpaOutput(text: string, blockSizes: readonly number[]): { y: Float64Array; X: Float64Array[] } {
  const y = Float64Array.from(section(text, 'xVec'));
  const flat = section(text, 'yMat');
  const X: Float64Array[] = [];
  let at = 0;
  for (const s of blockSizes) {
    const len = s < 0 ? -s : s * s;
    X.push(Float64Array.from(flat.slice(at, at + len)));
    at += len;
  }
  if (at !== flat.length)
    throw new Error(`SDPA's yMat holds ${flat.length} numbers; blocks ${blockSizes.join(', ')} need ${at}`);
  return { y, X };
}
