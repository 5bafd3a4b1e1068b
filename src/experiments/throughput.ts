import type { AveragerSpec } from '../engine/averagers/averager';
import { runSgd } from '../engine/sgd';
import { loadDataset } from '../data';
import { SoftmaxRegression } from './models/softmax';

export interface ThroughputResult {
  label: string;
  steps: number;
  /** Median wall seconds over the repeats. */
  seconds: number;
  /** Median CPU seconds (user + system) of this process: less sensitive to a loaded machine. */
  cpuSeconds: number;
  stepsPerSecond: number;
  trainLoss: number;
  trainAcc: number;
}

/**
 * The performance workload: multinomial logistic regression on all 10 000 MNIST digits for
 * 10 epochs (T = 100 000 single-example steps, α = 0.5), plain SGD and with FWA(k = 100) kept every
 * step. Median of `repeats` runs.
 */
export function mnistThroughput(repeats = 3, seed = 1): ThroughputResult[] {
  const model = new SoftmaxRegression(loadDataset('mnist'));
  const T = 10 * model.n;
  const variants: Array<[string, AveragerSpec[]]> = [
    ['SGD', [{ kind: 'last' }]],
    ['SGD + FWA(k=100)', [{ kind: 'last' }, { kind: 'fwa', k: 100 }]],
  ];
  return variants.map(([label, averagers]) => {
    const times: number[] = [];
    const cpu: number[] = [];
    let last: Float64Array | null = null;
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const res = runSgd(
        { objective: model, T, schedule: { kind: 'constant', alpha: 0.5 }, averagers },
        { seed: seed + r },
      );
      times.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
      last = res.averages[averagers.length - 1];
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const seconds = median(times);
    const ev = model.evaluate(last as Float64Array);
    return {
      label: `${label}, mnist softmax, n = ${model.n}, 10 epochs`,
      steps: T,
      seconds,
      cpuSeconds: median(cpu),
      stepsPerSecond: T / seconds,
      trainLoss: ev.loss,
      trainAcc: ev.accuracy,
    };
  });
}
