/**
 * Enumeration throughput (src/engine/enumerate.ts): the exact expectation of L·‖w̄ − w̄′‖ over every index
 * path of a coupled pair of runs on the bound-attaining linear instance (n examples on the sphere of
 * radius 1, S′ with z_0 negated, d = 10, constant step 0.1, FWA(k = ⌈T/2⌉)), by prefix sharing and by
 * recomputation from w_0. Reported: path-steps per second, (n^T paths × T steps) / wall second, the
 * work a plain loop over the paths would do, and the same per CPU second of the process (robust to other
 * processes on the cores); paths per second; the prefix walk's speed-up over recomputation.
 */
import { loadavg } from 'node:os';
import { enumerateCoupled, exactMean, type EnumerationStrategy } from '../src/engine/enumerate';
import { RandomStream } from '../src/engine/rng';
import { dist } from '../src/engine/vec';
import { LinearObjective } from '../src/objectives/linear';
import { measure, type Measured, type Summary } from './measure';

export interface EnumerationBenchConfig {
  n: number;
  T: number;
  d: number;
}

/** One timed exact expectation; `loss` carries the expectation so the two strategies can be compared. */
export function enumerationRun(c: EnumerationBenchConfig, strategy: EnumerationStrategy): Measured {
  const rng = RandomStream.fromSeed(1);
  const Z = new Float64Array(c.n * c.d);
  for (let i = 0; i < c.n; i++) {
    let s = 0;
    for (let j = 0; j < c.d; j++) s += (Z[i * c.d + j] = rng.normal()) ** 2;
    for (let j = 0; j < c.d; j++) Z[i * c.d + j] /= Math.sqrt(s);
  }
  const Zp = Z.slice();
  for (let j = 0; j < c.d; j++) Zp[j] = -Zp[j];
  const cfg = {
    objective: new LinearObjective(c.d, c.n, Z),
    neighbour: new LinearObjective(c.d, c.n, Zp),
    differing: 0,
    T: c.T,
    schedule: { kind: 'constant' as const, alpha: 0.1 },
    averagers: [{ kind: 'fwa' as const, k: Math.ceil(c.T / 2) }],
  };
  const v = new Float64Array(1);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const e = exactMean(1, (add) =>
    enumerateCoupled(
      cfg,
      (a, b) => {
        v[0] = dist(a.averagers[0].read(), b.averagers[0].read());
        add(v);
      },
      { strategy, budget: Number.MAX_SAFE_INTEGER },
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    stepsPerSecond: (e.paths * c.T) / seconds,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loss: e.mean[0],
  };
}

/** The default instance of the table: 4^9 = 262 144 paths of 9 steps, about a second per strategy. */
export const ENUMERATION_BENCH: EnumerationBenchConfig = { n: 4, T: 9, d: 10 };

/**
 * Both strategies, interleaved over `repeats`, as a table of medians (wall and CPU: under load the CPU
 * rate is the robust one), with the prefix walk's speed-up over recomputation.
 */
export function enumerationTable(c: EnumerationBenchConfig, repeats: number): Record<string, Summary> {
  const res = measure(
    { prefix: () => enumerationRun(c, 'prefix'), recompute: () => enumerationRun(c, 'recompute') },
    repeats,
  );
  const paths = Math.pow(c.n, c.T);
  console.log(
    `enumeration: coupled linear instance n=${c.n} T=${c.T} d=${c.d}, FWA(k=${Math.ceil(c.T / 2)}), ${paths} paths: medians over ${repeats} interleaved repeats (1-min load average ${loadavg()[0].toFixed(2)})`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(res).map(([name, r]) => [
        name,
        {
          'paths×steps/s': Math.round(r.steps),
          'paths×steps/CPU-s': Math.round(r.cpuSteps),
          'paths/s': Math.round(r.steps / c.T),
          'median s': +r.seconds.toFixed(3),
          'min..max paths×steps/s': `${Math.round(Math.min(...r.all))}..${Math.round(Math.max(...r.all))}`,
          'E[L‖w̄ − w̄′‖]': r.loss,
        },
      ]),
    ),
  );
  const { prefix, recompute } = res;
  console.log(
    `prefix / recompute: ${(prefix.steps / recompute.steps).toFixed(2)}× wall, ${(prefix.cpuSteps / recompute.cpuSteps).toFixed(2)}× CPU`,
  );
  return res;
}
