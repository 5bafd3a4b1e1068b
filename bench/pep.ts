/**
 * PEP timings: the worst case of FWA(k = T) after T steps of the constant step c/√T (c = 1, D = G = 1;
 * the registry's `fwa-convergence-constant-step`) solved now, cold, by the split solve (src/pep/split.ts)
 * and, up to T = 40, by plain constraint generation around CSDP (src/pep/solve.ts) for the ratio, with
 * every round's size and the solver's CPU seconds (robust to other processes on the cores). Horizons
 * default to 20 and 40; `--workload pep --T 100` adds one to the same table.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { csdpAvailable } from '../src/pep/csdp';
import { pointSpec } from '../src/pep/grid';
import { solvePep, type PepSolution } from '../src/pep/solve';
import { solvePepSplit } from '../src/pep/split';

export const PEP_BENCH_HORIZONS: readonly number[] = [20, 40];
/** The table mode's horizons (`npm run bench`): the T = 20, 40 and 100 (T = 100 takes ~4 minutes quiet). */
export const PEP_SUMMARY_HORIZONS: readonly number[] = [20, 40, 100];
/** Plain constraint generation is timed up to this horizon (T = 60 took 3 rounds of 4330–4483 inequalities). */
const GENERATION_MAX_T = 40;

/** The default horizons and an extra one asked for, in one table. */
export function pepHorizons(extra?: number): number[] {
  return [...new Set([...PEP_BENCH_HORIZONS, ...(extra === undefined ? [] : [extra])])].sort((a, b) => a - b);
}

const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU seconds of the solver processes finished so far (Linux: cutime + cstime of /proc/self/stat; else NaN). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / ticks;
  } catch {
    return NaN;
  }
}

/** One timed solve: wall and solver CPU seconds, rounds, the worst case and the solver's status. */
export type PepTiming = Record<string, string | number> & { 'wall s': number; 'solver CPU s': number };

async function timed(solve: () => Promise<PepSolution>): Promise<PepTiming> {
  const cpu0 = childCpuSeconds();
  const sol = await solve();
  const interior = sol.roundLog.filter((r) => r.interior).map((r) => r.m);
  const upper = sol.roundLog.filter((r) => !r.interior).map((r) => r.m);
  return {
    'wall s': +sol.seconds.toFixed(1),
    'solver CPU s': +(childCpuSeconds() - cpu0).toFixed(1),
    'rounds (m)': interior.length > 0 ? `lower ${interior.join('→')}; upper ${upper.join('→')}` : upper.join('→'),
    'of total': sol.total,
    'worst case': +sol.primalObjective.toFixed(8),
    status: sol.status,
  };
}

/** The table of timings by row (`T=20, split solve`, …), printed; empty without CSDP. */
export async function pepTable(horizons: readonly number[]): Promise<Record<string, PepTiming>> {
  if (!csdpAvailable()) {
    console.log('PEP timings skipped: csdp not found (apt-get install coinor-csdp)');
    return {};
  }
  const rows: Record<string, PepTiming> = {};
  for (const T of horizons) {
    const spec = pointSpec({ schedule: 'c-over-sqrt-horizon', c: 1, T, averager: { kind: 'fwa', k: T } });
    rows[`T=${T}, split solve`] = await timed(() => solvePepSplit(spec));
    if (T <= GENERATION_MAX_T) rows[`T=${T}, constraint generation`] = await timed(() => solvePep(spec));
  }
  console.log(
    `PEP, FWA(k=T), α ≡ 1/√(T+1) (CSDP, ${process.env.FWA_PEP_THREADS ?? 1} BLAS thread(s); 1-min load average ${loadavg()[0].toFixed(2)})`,
  );
  console.table(rows);
  return rows;
}
