/**
 * PEP timings: the worst case of FWA(k = T) after T steps of α_t = 1/√t (D = G = 1) solved now, cold,
 * by constraint generation around CSDP, with every round's size and time (src/pep/solve.ts). Horizons
 * default to 20 and 40; `--workload pep --T 100` asks for one more (it did not finish in 10 minutes,
 * docs/performance.md).
 */
import { loadavg } from 'node:os';
import { csdpAvailable } from '../src/pep/csdp';
import { pointSpec } from '../src/pep/grid';
import { solvePep } from '../src/pep/solve';

export const PEP_BENCH_HORIZONS: readonly number[] = [20, 40];

export async function pepTable(horizons: readonly number[]): Promise<void> {
  if (!csdpAvailable()) {
    console.log('PEP timings skipped: csdp not found (apt-get install coinor-csdp)');
    return;
  }
  const rows: Record<string, Record<string, string | number>> = {};
  for (const T of horizons) {
    const cpu0 = process.cpuUsage();
    const sol = await solvePep(pointSpec({ schedule: 'inv-sqrt-t', c: 1, T, averager: { kind: 'fwa', k: T } }));
    const cpu = process.cpuUsage(cpu0);
    rows[`PEP T=${T}, FWA(k=T), α_t = 1/√t`] = {
      'wall s': +sol.seconds.toFixed(1),
      'solver s': +sol.roundLog.reduce((s, r) => s + r.solverSeconds, 0).toFixed(1),
      'node CPU s': +((cpu.user + cpu.system) / 1e6).toFixed(1),
      'rounds (m)': sol.roundLog.map((r) => r.m).join('→'),
      'of total': sol.total,
      'worst case': +sol.primalObjective.toFixed(8),
      status: sol.status,
    };
  }
  console.log(
    `PEP (CSDP, ${process.env.FWA_PEP_THREADS ?? 1} BLAS thread(s); 1-min load average ${loadavg()[0].toFixed(2)})`,
  );
  console.table(rows);
}
