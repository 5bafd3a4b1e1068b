/**
 * The lean measuring process of the benchmark: the engine and the workload only, configured by one
 * JSON argument, like the C reference binary. It loads no CLI parser on purpose: loading a large
 * module (commander's help.js, mathjs, fast-check) into the process was measured to slow the same
 * engine loop from ~210 to ~260 ns per step (README, Performance), and the C loop it is compared with
 * runs in a process of its own too.
 *
 *   tsx bench/engine-run.ts '{"d":100,"n":1000,"T":1000000,"k":100,"seed":1,"repeats":5,"variant":"fwa","kernel":"wasm"}'
 */
import { loadavg } from 'node:os';
import type { AveragerSpec } from '../src/engine/averagers/averager';
import { empiricalRisk } from '../src/engine/objective';
import { runSgd, type StepKernel } from '../src/engine/sgd';
import { measure, type Measured } from './measure';
import { LogisticData } from './workloads';

export type Variant = 'fwa' | 'sgd' | 'fwa-read';

export interface EngineRunConfig {
  d: number;
  n: number;
  T: number;
  k: number;
  seed: number;
  repeats: number;
  variant: Variant;
  /** The engine's step kernel (SgdConfig.kernel); the engine's default when absent. */
  kernel?: StepKernel;
}

/**
 * One timed engine run; k = 0 means plain SGD (no averager at all). `readEvery`: read the FWA mean after
 * every step too (the eager path a per-step trace takes), instead of once at T.
 */
function engineRun(f: EngineRunConfig, k: number, readEvery = false): Measured {
  const objective = new LogisticData(f.d, f.n, f.seed);
  const averagers: AveragerSpec[] = k > 0 ? [{ kind: 'fwa', k }] : [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const schedule = { kind: 'inv-sqrt-t', c: 1 } as const;
  const cfg = { objective, T: f.T, schedule, radius: 10, averagers, ...(f.kernel ? { kernel: f.kernel } : {}) };
  const r = runSgd(cfg, readEvery ? { seed: f.seed, observe: (_t, run) => run.averagers[0].read() } : { seed: f.seed });
  const fwa = k > 0 ? r.averages[0] : r.w;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return {
    stepsPerSecond: f.T / seconds,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loss: empiricalRisk(objective, fwa),
  };
}

const f = JSON.parse(process.argv[2] ?? '{}') as EngineRunConfig;
const k = f.variant === 'sgd' ? 0 : f.k;
const readEvery = f.variant === 'fwa-read';
engineRun({ ...f, T: Math.min(f.T, 200_000) }, k, readEvery); // warm-up: let the JIT settle before timing
const m = measure({ run: () => engineRun(f, k, readEvery) }, f.repeats).run;
console.log(
  JSON.stringify({
    workload: 'logistic-ball',
    variant: f.variant,
    ...(f.kernel ? { kernel: f.kernel } : {}),
    d: f.d,
    n: f.n,
    T: f.T,
    ...(k > 0 ? { k } : {}),
    seed: f.seed,
    repeats: f.repeats,
    stepsPerSecond: Math.round(m.steps),
    stepsPerCpuSecond: Math.round(m.cpuSteps),
    medianSeconds: m.seconds,
    ...(k > 0 ? { finalFwaLoss: m.loss } : {}),
    finalLoss: m.loss,
    loadAverage: loadavg()[0],
  }),
);
