/**
 * Engine throughput benchmark. The workload `logistic-ball`: logistic regression on X uniform
 * in [−1, 1]^{n×d} with Bernoulli(1/2) labels, w_0 = 0, α_t = 1/√t, projection onto the ball of radius
 * 10, FWA(k) maintained every step, through the engine's real path (runSgd).
 *
 *   npm run bench -- --workload logistic-ball --d 100 --n 1000 --T 1000000 --k 100 --seed 1 --json
 *     prints one JSON object: stepsPerSecond (median over --repeats, after a warm-up run) and
 *     finalFwaLoss = F_S(w̄_T); `--variant sgd | fwa-read` measures plain SGD or FWA read every step,
 *     `--kernel js | wasm` the step kernel (SgdConfig.kernel; default the engine's choice, here wasm).
 *   npm run bench [-- same flags, no --json]
 *     a table of medians: engine FWA(k), plain SGD and FWA(1000) on both step kernels (wasm, js), FWA(k)
 *     read every step (wasm), and the C loop (bench/ref/logistic-ball.c, gcc -O2) with and without FWA,
 *     each run in a fresh process, the variants interleaved; then the ratios (wall and CPU); then the
 *     enumeration throughput (bench/enumerate.ts). With `--workload logistic-ball` given: only this table.
 *   npm run bench -- --workload enumerate [--n 4 --T 9 --d 10 --repeats 5]
 *     only the enumeration throughput: paths×steps per wall and per CPU second of an exact expectation
 *     over every index path, by prefix sharing (the engine's default) and by recomputation from w_0, and
 *     the ratio of the two.
 *   npm run bench -- --workload pep [--T 100]
 *     only the PEP timings (bench/pep.ts): T = 20 and 40, and the --T given, in one table.
 * Without --workload, the table mode goes on with the enumeration and the PEP timings at T = 20, 40 and
 * 100, and ends with one dated summary (bench/summary.ts): each target, what was measured, met or not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { ENUMERATION_BENCH, enumerationTable } from './enumerate';
import type { StepKernel } from '../src/engine/sgd';
import type { EngineRunConfig, Variant } from './engine-run';
import { measure, type Measured, type Summary } from './measure';
import { summaryTable } from './summary';
import { PEP_SUMMARY_HORIZONS, pepHorizons, pepTable } from './pep';

interface Flags {
  workload: string;
  variant: Variant;
  d: number;
  n: number;
  T: number;
  k: number;
  seed: number;
  json?: boolean;
  kernel?: StepKernel;
  repeats: number;
  c: boolean;
}

const int = (name: string, min: number) => (v: string) => {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min)
    throw new InvalidArgumentError(`--${name} must be an integer ≥ ${min} (got ${v})`);
  return x;
};

const HERE = dirname(fileURLToPath(import.meta.url));

function engineProcess(f: Flags, variant: Variant, k: number, repeats: number, kernel?: StepKernel): string {
  const tsx = join(HERE, '..', 'node_modules', '.bin', 'tsx');
  const cfg: EngineRunConfig = {
    d: f.d,
    n: f.n,
    T: f.T,
    k,
    seed: f.seed,
    repeats,
    variant,
    ...(kernel ? { kernel } : {}),
  };
  return execFileSync(tsx, [join(HERE, 'engine-run.ts'), JSON.stringify(cfg)], { encoding: 'utf8' });
}

/**
 * One engine variant in a fresh process (warm-up, then one timed run), like the C runs: variants sharing
 * a process would share the JIT's feedback, and a run that reads the mean after every step was measured
 * to slow the next plain runs by ~35%.
 */
function childRun(f: Flags, variant: Variant, k: number, kernel: StepKernel): Measured {
  const o = JSON.parse(engineProcess(f, variant, k, 1, kernel)) as {
    stepsPerSecond: number;
    stepsPerCpuSecond: number;
    medianSeconds: number;
    finalLoss: number;
  };
  return {
    stepsPerSecond: o.stepsPerSecond,
    seconds: o.medianSeconds,
    cpuSeconds: f.T / o.stepsPerCpuSecond,
    loss: o.finalLoss,
  };
}

function compileC(): { bin: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fwa-bench-'));
  const src = join(HERE, 'ref', 'logistic-ball.c');
  const bin = join(dir, 'logistic-ball');
  execFileSync('gcc', ['-O2', '-Wall', '-o', bin, src, '-lm']);
  return { bin, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function cRun(bin: string, f: Flags, k: number): Measured {
  const out = execFileSync(bin, [f.d, f.n, f.T, k, f.seed].map(String), { encoding: 'utf8' });
  return JSON.parse(out) as Measured;
}

const program = new Command()
  .name('bench')
  .description('engine throughput (steps per second) on the logistic-ball workload')
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2)) // bad flags exit 2, as the CLI's
  .requiredOption('--workload <name>', "the workload: 'logistic-ball', 'enumerate' or 'pep'", 'logistic-ball')
  .option('--d <int>', 'dimension', int('d', 1), 100)
  .option('--n <int>', 'examples', int('n', 1), 1000)
  .option('--T <int>', 'steps', int('T', 1), 1_000_000)
  .option('--k <int>', 'FWA window', int('k', 1), 100)
  .option('--seed <int>', 'data and index seed', int('seed', 0), 1)
  .option('--repeats <int>', 'timed repeats (the median is reported)', int('repeats', 1), 5)
  .option('--json', 'print one JSON object for the engine variant (default FWA(k))')
  .option(
    '--variant <name>',
    "with --json: 'fwa' (FWA(k)), 'sgd' (no averager) or 'fwa-read' (FWA(k), mean read after every step)",
    'fwa',
  )
  .option('--kernel <name>', "with --json: the step kernel, 'js' or 'wasm' (default: the engine's choice)")
  .option('--no-c', 'table mode: skip the C reference loop')
  .action(async (f: Flags) => {
    const date = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (!f.json) console.log(`bench ${date}`);
    if (f.workload === 'pep') {
      await pepTable(pepHorizons(program.getOptionValueSource('T') === 'cli' ? f.T : undefined));
      return;
    }
    if (f.workload === 'enumerate') {
      const given = (name: 'n' | 'T' | 'd') => program.getOptionValueSource(name) === 'cli';
      enumerationTable(
        {
          n: given('n') ? f.n : ENUMERATION_BENCH.n,
          T: given('T') ? f.T : ENUMERATION_BENCH.T,
          d: given('d') ? f.d : ENUMERATION_BENCH.d,
        },
        f.repeats,
      );
      return;
    }
    if (f.workload !== 'logistic-ball') {
      console.error(
        `invalid --workload = ${JSON.stringify(f.workload)}: expected 'logistic-ball' | 'enumerate' | 'pep'`,
      );
      process.exit(2);
    }
    if (f.json) {
      if (f.variant !== 'fwa' && f.variant !== 'sgd' && f.variant !== 'fwa-read') {
        console.error(`invalid --variant = ${JSON.stringify(f.variant)}: expected 'fwa' | 'sgd' | 'fwa-read'`);
        process.exit(2);
      }
      if (f.kernel !== undefined && f.kernel !== 'js' && f.kernel !== 'wasm') {
        console.error(`invalid --kernel = ${JSON.stringify(f.kernel)}: expected 'js' | 'wasm'`);
        process.exit(2);
      }
      process.stdout.write(engineProcess(f, f.variant, f.k, f.repeats, f.kernel));
      return;
    }
    // Both step kernels (SgdConfig.kernel): the WebAssembly one, and the JavaScript reference.
    const variants: Record<string, () => Measured> = {};
    for (const kn of ['wasm', 'js'] as const) {
      variants[`engine ${kn} FWA(k=${f.k})`] = () => childRun(f, 'fwa', f.k, kn);
      variants[`engine ${kn} SGD (no averager)`] = () => childRun(f, 'sgd', f.k, kn);
      variants[`engine ${kn} FWA(k=1000)`] = () => childRun(f, 'fwa', 1000, kn);
    }
    variants[`engine wasm FWA(k=${f.k}), mean read every step`] = () => childRun(f, 'fwa-read', f.k, 'wasm');
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
      console.log(
        `logistic-ball d=${f.d} n=${f.n} T=${f.T} seed=${f.seed}: medians over ${f.repeats} interleaved repeats (1-min load average ${loadavg()[0].toFixed(2)})`,
      );
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
      const ratio = (num: Summary, den: Summary) => ({
        wall: +(num.steps / den.steps).toFixed(3),
        cpu: +(num.cpuSteps / den.cpuSteps).toFixed(3),
      });
      const ratios: Record<string, { wall: number; cpu: number }> = {};
      for (const kn of ['wasm', 'js']) {
        const eng = (v: string) => e(`engine ${kn} ${v}`);
        ratios[`FWA(k=1000) time / SGD time (engine ${kn})`] = ratio(eng('SGD (no averager)'), eng('FWA(k=1000)'));
        if (f.c) {
          ratios[`engine ${kn} / C steps/s, SGD`] = ratio(eng('SGD (no averager)'), e('C SGD (no averager)'));
          ratios[`engine ${kn} / C steps/s, FWA(k=${f.k})`] = ratio(eng(`FWA(k=${f.k})`), e(`C FWA(k=${f.k})`));
          ratios[`engine ${kn} / C steps/s, FWA(k=1000)`] = ratio(eng('FWA(k=1000)'), e('C FWA(k=1000)'));
        }
      }
      if (f.c) ratios['FWA(k=1000) time / SGD time (C)'] = ratio(e('C SGD (no averager)'), e('C FWA(k=1000)'));
      console.table(ratios);
      if (program.getOptionValueSource('workload') === 'cli') return;
      const enumeration = enumerationTable(ENUMERATION_BENCH, f.repeats);
      const pep = await pepTable(PEP_SUMMARY_HORIZONS);
      summaryTable({ date, k: f.k, ratios: f.c ? ratios : undefined, enumeration: enumeration.prefix, pep });
    } finally {
      c?.cleanup();
    }
  });

await program.parseAsync(process.argv);
