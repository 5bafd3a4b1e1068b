import type { Command } from 'commander';
import { ensureWritableDir } from '../output-dir';
import { CI_SEED } from '../profile';
import { restoreDefaultSignals } from './interrupt';
import { integerArgument, seedArgument } from './options';

/** `fwa-theorems experiments`: the paper's experiments at CPU scale (src/experiments/). */
export function registerExperiments(program: Command): void {
  program
    .command('experiments')
    .description(
      'SGD vs FWA/LAWA, SWA and EMA on MNIST and iris: convergence, effect of k, generalization, learning rates',
    )
    .option('--full', 'larger data sets and horizons (several minutes more)', false)
    .option('--seed <n>', 'base seed (every run derives its own from it)', seedArgument, CI_SEED)
    .option('--seeds <N>', 'replicates per configuration', integerArgument(1, 1000), 3)
    .option('--out <dir>', 'output directory', 'reports/experiments')
    .option(
      '--throughput',
      'only measure the MNIST logistic-regression throughput (10 000 digits, 10 epochs) and exit',
      false,
    )
    .option(
      '--only <id>',
      'run one experiment (repeatable): convergence, window, generalization, schedules',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(
      async (o: { full: boolean; seed: number; seeds: number; out: string; only: string[]; throughput: boolean }) => {
        // The experiments compute synchronously for minutes; their rows are appended as whole lines and
        // the pages written at the end: SIGINT/SIGTERM end the run at once (see restoreDefaultSignals).
        restoreDefaultSignals();
        if (o.throughput) {
          const { mnistThroughput } = await import('../experiments/throughput');
          for (const r of mnistThroughput()) {
            console.log(
              `${r.label}: ${r.steps} steps in ${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU (medians of 3) = ${Math.round(r.stepsPerSecond)} steps/s wall; training loss ${r.trainLoss.toFixed(4)}, accuracy ${r.trainAcc.toFixed(4)}`,
            );
          }
          return;
        }
        const { runExperiments } = await import('../experiments');
        try {
          ensureWritableDir(o.out);
          const r = runExperiments({ seed: o.seed, seeds: o.seeds, full: o.full, out: o.out, only: o.only });
          const all = r.results.flatMap((x) => x.findings);
          const dis = all.filter((f) => f.agrees === false);
          console.log(
            `experiments: ${all.length - dis.length}/${all.length} findings agree with the theory (${r.seconds.toFixed(1)} s)`,
          );
          for (const f of dis)
            console.log(`  ${f.hard ? 'VIOLATED (proved bound: a bug)' : 'disagrees'}: ${f.claim}: ${f.measured}`);
          // A proved ([S]/[D]) bound that fails is a bug, like a violated theorem in the audit; a paper reading or an empirical claim that fails is a finding.
          if (dis.some((f) => f.hard)) process.exitCode = 1;
          console.log(`report: ${r.index}\nrows:   ${r.jsonl}`);
        } catch (e) {
          if (e instanceof Error && (e.name === 'InvalidParameterError' || e.name === 'HypothesisError')) {
            console.error(`fwa-theorems experiments: ${e.message}`);
            process.exitCode = 2;
            return;
          }
          throw e;
        }
      },
    );
}
