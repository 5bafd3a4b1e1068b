/**
 * Engine throughput benchmark (issue 2). The workload `logistic-ball`: logistic regression on X uniform
 * in [−1, 1]^{n×d} with Bernoulli(1/2) labels, w_0 = 0, α_t = 1/√t, projection onto the ball of radius
 * 10, FWA(k) maintained every step, through the engine's real path (runSgd).
 *
 *   npm run bench -- --workload logistic-ball --d 100 --n 1000 --T 1000000 --k 100 --seed 1 --json
 *     prints one JSON object: stepsPerSecond (median over --repeats) and finalFwaLoss = F_S(w̄_T).
 *   npm run bench -- [same flags]                    a table: engine FWA(k), engine plain SGD,
 *     engine FWA(1000), the C loop (bench/ref/logistic-ball.c, gcc -O2) with and without FWA, and ratios.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import type { AveragerSpec } from '../src/engine/averaging';
import { empiricalRisk } from '../src/engine/objective';
import { runSgd } from '../src/engine/sgd';
import { LogisticData } from './workloads';

interface Flags {
  workload: string;
  d: number;
  n: number;
  T: number;
  k: number;
  seed: number;
  json?: boolean;
  repeats: number;
  c: boolean;
}

const int = (name: string, min: number) => (v: string) => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new InvalidArgumentError(`--${name} must be an integer ≥ ${min} (got ${v})`);
  return x;
};

interface Measured {
  stepsPerSecond: number;
  seconds: number;
  /** Process CPU time of the timed loop: robust to other processes competing for the cores. */
  cpuSeconds: number;
  loss: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * One timed engine run; k = 0 means plain SGD (no averager at all). `readEvery`: read the FWA mean after
 * every step too (the eager path a per-step trace takes), instead of once at T.
 */
function engineRun(f: Flags, k: number, readEvery = false): Measured {
  const objective = new LogisticData(f.d, f.n, f.seed);
  const averagers: AveragerSpec[] = k > 0 ? [{ kind: 'fwa', k }] : [];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const cfg = { objective, T: f.T, schedule: { kind: 'inv-sqrt-t', c: 1 } as const, radius: 10, averagers };
  const r = runSgd(cfg, readEvery ? { seed: f.seed, observe: (_t, run) => run.averagers[0].read() } : { seed: f.seed });
  const fwa = k > 0 ? r.averages[0] : r.w;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { stepsPerSecond: f.T / seconds, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, loss: empiricalRisk(objective, fwa) };
}

function compileC(): { bin: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fwa-bench-'));
  const src = join(dirname(fileURLToPath(import.meta.url)), 'ref', 'logistic-ball.c');
  const bin = join(dir, 'logistic-ball');
  execFileSync('gcc', ['-O2', '-Wall', '-o', bin, src, '-lm']);
  return { bin, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function cRun(bin: string, f: Flags, k: number): Measured {
  const out = execFileSync(bin, [f.d, f.n, f.T, k, f.seed].map(String), { encoding: 'utf8' });
  return JSON.parse(out) as Measured;
}

/** Medians over repeats, the variants interleaved so that machine load hits them alike. */
interface Summary {
  /** median steps per wall-clock second */
  steps: number;
  /** median steps per CPU second */
  cpuSteps: number;
  seconds: number;
  loss: number;
  all: number[];
}

function measure(variants: Record<string, () => Measured>, repeats: number): Record<string, Summary> {
  const runs: Record<string, Measured[]> = {};
  for (const name of Object.keys(variants)) runs[name] = [];
  for (let r = 0; r < repeats; r++) for (const [name, fn] of Object.entries(variants)) runs[name].push(fn());
  const out: Record<string, Summary> = {};
  for (const [name, ms] of Object.entries(runs)) {
    out[name] = {
      steps: median(ms.map((m) => m.stepsPerSecond)),
      cpuSteps: median(ms.map((m) => m.stepsPerSecond * (m.seconds / m.cpuSeconds))),
      seconds: median(ms.map((m) => m.seconds)),
      loss: ms[ms.length - 1].loss,
      all: ms.map((m) => m.stepsPerSecond),
    };
  }
  return out;
}

const program = new Command()
  .name('bench')
  .description('engine throughput (steps per second) on the logistic-ball workload')
  .requiredOption('--workload <name>', "the workload (only 'logistic-ball')", 'logistic-ball')
  .option('--d <int>', 'dimension', int('d', 1), 100)
  .option('--n <int>', 'examples', int('n', 1), 1000)
  .option('--T <int>', 'steps', int('T', 1), 1_000_000)
  .option('--k <int>', 'FWA window', int('k', 1), 100)
  .option('--seed <int>', 'data and index seed', int('seed', 0), 1)
  .option('--repeats <int>', 'timed repeats (the median is reported)', int('repeats', 1), 5)
  .option('--json', 'print one JSON object (engine FWA(k) only)')
  .option('--no-c', 'table mode: skip the C reference loop')
  .action((f: Flags) => {
    if (f.workload !== 'logistic-ball') {
      console.error(`invalid --workload = ${JSON.stringify(f.workload)}: expected 'logistic-ball'`);
      process.exit(2);
    }
    engineRun({ ...f, T: Math.min(f.T, 200_000) }, f.k); // warm-up: let the JIT settle before timing
    if (f.json) {
      const m = measure({ fwa: () => engineRun(f, f.k) }, f.repeats).fwa;
      const o = {
        workload: f.workload,
        d: f.d,
        n: f.n,
        T: f.T,
        k: f.k,
        seed: f.seed,
        repeats: f.repeats,
        stepsPerSecond: Math.round(m.steps),
        stepsPerCpuSecond: Math.round(m.cpuSteps),
        medianSeconds: m.seconds,
        finalFwaLoss: m.loss,
        loadAverage: loadavg()[0],
      };
      console.log(JSON.stringify(o));
      return;
    }
    const variants: Record<string, () => Measured> = {
      [`engine FWA(k=${f.k})`]: () => engineRun(f, f.k),
      'engine SGD (no averager)': () => engineRun(f, 0),
      'engine FWA(k=1000)': () => engineRun(f, 1000),
      [`engine FWA(k=${f.k}), mean read every step`]: () => engineRun(f, f.k, true),
    };
    let c: ReturnType<typeof compileC> | undefined;
    if (f.c) {
      c = compileC();
      const bin = c.bin;
      variants[`C FWA(k=${f.k})`] = () => cRun(bin, f, f.k);
      variants['C SGD (no averager)'] = () => cRun(bin, f, 0);
      variants['C FWA(k=1000)'] = () => cRun(bin, f, 1000);
    }
    try {
      const res = measure(variants, f.repeats);
      console.log(`logistic-ball d=${f.d} n=${f.n} T=${f.T} seed=${f.seed}: medians over ${f.repeats} interleaved repeats (1-min load average ${loadavg()[0].toFixed(2)})`);
      console.table(
        Object.fromEntries(
          Object.entries(res).map(([name, r]) => [
            name,
            {
              'steps/s': Math.round(r.steps),
              'steps/CPU-s': Math.round(r.cpuSteps),
              'median s': +r.seconds.toFixed(3),
              'final loss': +r.loss.toFixed(6),
              'min..max steps/s': `${Math.round(Math.min(...r.all))}..${Math.round(Math.max(...r.all))}`,
            },
          ]),
        ),
      );
      const e = (name: string) => res[name];
      const ratio = (num: Summary, den: Summary) => ({ wall: +(num.steps / den.steps).toFixed(3), cpu: +(num.cpuSteps / den.cpuSteps).toFixed(3) });
      const ratios: Record<string, { wall: number; cpu: number }> = {
        'FWA(k=1000) time / SGD time (engine)': ratio(e('engine SGD (no averager)'), e('engine FWA(k=1000)')),
      };
      if (f.c) {
        ratios[`engine / C steps/s, FWA(k=${f.k})`] = ratio(e(`engine FWA(k=${f.k})`), e(`C FWA(k=${f.k})`));
        ratios['engine / C steps/s, SGD'] = ratio(e('engine SGD (no averager)'), e('C SGD (no averager)'));
        ratios['FWA(k=1000) time / SGD time (C)'] = ratio(e('C SGD (no averager)'), e('C FWA(k=1000)'));
      }
      console.table(ratios);
    } finally {
      c?.cleanup();
    }
  });

program.parse(process.argv);
