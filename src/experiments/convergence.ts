import { deriveSeed, hashString } from '../engine/rng';
import { describeSchedule, type ScheduleSpec } from '../engine/schedule';
import type { Trace } from '../report/plot';
import {
  annotateFigures,
  finish,
  fmt,
  meanStd,
  newResult,
  noLargerThan,
  type ExperimentContext,
  type ExperimentResult,
  type Finding,
} from './context';
import { lineup, type LineupEntry } from './lineup';
import { buildProblem, type ProblemSpec } from './problem';
import { checkpoints, tracedRun, type RunSpec, type TracePoint } from './run';

/** One convergence configuration: a problem, a horizon in epochs, a schedule and the FWA windows. */
export interface ConvergenceCase {
  problem: ProblemSpec;
  epochs: number;
  schedule: ScheduleSpec;
  ks: number[];
  points: number;
}

/** Replicated traced runs of one case: traces[replicate][checkpoint]. */
export function runCase(
  ctx: ExperimentContext,
  expId: string,
  c: ConvergenceCase,
  entries?: LineupEntry[],
): { traces: TracePoint[][]; entries: LineupEntry[]; label: string; T: number } {
  const p = buildProblem(c.problem);
  const T = c.epochs * c.problem.nTrain;
  const ls = entries ?? lineup(T, { ks: c.ks, epoch: c.problem.nTrain });
  const at = checkpoints(T, c.points);
  const traces: TracePoint[][] = [];
  for (let r = 0; r < ctx.seeds; r++) {
    const seed = deriveSeed(
      ctx.seed,
      hashString(expId),
      hashString(p.label),
      hashString(describeSchedule(c.schedule)),
      r,
    );
    const spec: RunSpec = { T, schedule: c.schedule, lineup: ls, seed };
    const t0 = performance.now();
    const { trace } = tracedRun(p.train, p.test, spec, at);
    traces.push(trace);
    for (const pt of trace) {
      for (const e of ls) {
        ctx.out.write({
          experiment: expId,
          problem: c.problem,
          schedule: c.schedule,
          T,
          averager: e.key,
          spec: e.spec,
          seed,
          replicate: r,
          t: pt.t,
          ...pt.scores[e.key],
        });
      }
    }
    ctx.log(
      `[${expId}] ${p.label}, ${describeSchedule(c.schedule)}: replicate ${r + 1}/${ctx.seeds} (T = ${T}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  return { traces, entries: ls, label: p.label, T };
}

type Metric = 'trainLoss' | 'testAcc' | 'testLoss' | 'trainAcc';

/** plotly's default colour cycle, so that a mean and its band share a colour. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * Mean across replicates (solid) and mean ± one standard deviation (thin dotted, grouped with the
 * mean in the legend so that one click hides the three).
 */
export function bandTraces(
  traces: TracePoint[][],
  key: string,
  metric: Metric,
  name = key,
  colorIndex = 0,
  fromT = 0,
): Trace[] {
  const color = PALETTE[colorIndex % PALETTE.length];
  const xs = traces[0].map((p) => p.t);
  // Before fromT (SWA's start, LAWA's first checkpoint) the average is still the copy of w_0: not drawn.
  const stats = xs.map((t, j) =>
    t < fromT ? { mean: NaN, std: NaN } : meanStd(traces.map((tr) => tr[j].scores[key][metric])),
  );
  const mean = { name, x: xs, y: stats.map((s) => s.mean), mode: 'lines' as const, line: { color }, legendgroup: name };
  if (traces.length < 2) return [mean];
  const band = (sign: number) => ({
    name: `${name} ${sign > 0 ? '+' : '−'} sd`,
    x: xs,
    y: stats.map((s) => s.mean + sign * s.std),
    mode: 'lines' as const,
    line: { dash: 'dot' as const, width: 1, color },
    legendgroup: name,
    showlegend: false,
  });
  // plotly reads legendgroup/showlegend/width; the report's Trace type names only what it needs.
  const out: Trace[] = [mean, band(1), band(-1)];
  return out;
}

/** The first step at which an averager holds an average of iterates (before it: the copy of w_0). */
function firstAveragedStep(e: LineupEntry): number {
  return e.spec.kind === 'swa' ? e.spec.start : e.spec.kind === 'lawa' ? e.spec.nu : 0;
}

/** The final value of a metric per replicate. */
export function finals(traces: TracePoint[][], key: string, metric: Metric): number[] {
  return traces.map((tr) => tr[tr.length - 1].scores[key][metric]);
}

function cases(ctx: ExperimentContext): ConvergenceCase[] {
  const f = ctx.full;
  return [
    {
      problem: {
        dataset: 'mnist',
        model: 'softmax',
        nTrain: f ? 8000 : 2000,
        nTest: f ? 2000 : 1000,
        splitSeed: ctx.seed,
      },
      epochs: 10,
      schedule: { kind: 'constant', alpha: 0.5 },
      ks: [10, 100, 1000],
      points: 20,
    },
    {
      problem: {
        dataset: 'mnist',
        model: 'mlp',
        hidden: 32,
        nTrain: f ? 8000 : 2000,
        nTest: f ? 2000 : 1000,
        splitSeed: ctx.seed,
      },
      epochs: f ? 10 : 3,
      schedule: { kind: 'constant', alpha: 0.2 },
      ks: [10, 100, 1000],
      points: f ? 20 : 10,
    },
    {
      problem: { dataset: 'iris', model: 'logistic', nTrain: 100, nTest: 50, splitSeed: ctx.seed },
      epochs: 20,
      schedule: { kind: 'constant', alpha: 0.5 },
      ks: [10, 100, 500],
      points: 40,
    },
    {
      problem: { dataset: 'iris', model: 'hinge', nTrain: 100, nTest: 50, splitSeed: ctx.seed },
      epochs: 20,
      schedule: { kind: 'constant', alpha: 0.5 },
      ks: [10, 100, 500],
      points: 40,
    },
  ];
}

/**
 * Experiment 1: training loss and test accuracy against iterations for SGD, FWA(k), LAWA, SWA and
 * EMA over one trajectory per replicate.
 */
export function convergenceExperiment(ctx: ExperimentContext): ExperimentResult {
  const res = newResult(
    'convergence',
    'Convergence: SGD vs FWA/LAWA, SWA and EMA',
    'For convex losses the FWA paper bounds the suboptimality of the average of the last k iterates by O(log(T/k)/√T) against O(log T/√T) for the last iterate (fwa-convergence, derived; fwa-convergence-paper-reading, the printed form read from the abstract): averaging the last k iterates should converge at least as fast as SGD, the more so as k grows. Those bounds are for the c/√t schedule; with the constant step used here they do not apply literally, and what the theory leads one to expect is that averaging removes the noise floor of the last iterate. The network is non-convex: no convergence theorem covers it, it is shown for comparison.',
  );
  for (const c of cases(ctx)) {
    const figStart = res.figures.length;
    const findStart = res.findings.length;
    const { traces, entries, label, T } = runCase(ctx, 'convergence', c);
    res.setup.push(
      `${label}: T = ${T} updates (${c.epochs} epochs, batch 1), ${describeSchedule(c.schedule)}, ${ctx.seeds} replicates, test n = ${c.problem.nTest}`,
    );
    for (const metric of ['trainLoss', 'testAcc'] as const) {
      res.figures.push({
        title: `${label}: ${metric === 'trainLoss' ? 'training loss' : 'test accuracy'}`,
        xTitle: 'iteration t',
        yTitle: metric === 'trainLoss' ? 'F_S(w̄_t)' : 'test accuracy',
        yLog: metric === 'trainLoss',
        traces: entries.flatMap((e, j) => bandTraces(traces, e.key, metric, e.key, j, firstAveragedStep(e))),
        caption: `Mean over ${ctx.seeds} replicates (dotted: ± one standard deviation). SWA and LAWA are drawn from their first snapshot (before it they hold the copy of w_0).`,
      });
    }
    const sgd = meanStd(finals(traces, 'SGD', 'trainLoss')).mean;
    const rows = entries.map((e) => {
      const l = meanStd(finals(traces, e.key, 'trainLoss'));
      const a = meanStd(finals(traces, e.key, 'testAcc'));
      return [e.key, `${fmt(l.mean)} ± ${fmt(l.std, 2)}`, fmt(l.mean / sgd), `${fmt(a.mean)} ± ${fmt(a.std, 2)}`];
    });
    res.tables.push({
      caption: `${label}: final values at T = ${T}`,
      headers: ['averager', 'training loss', 'loss / SGD loss', 'test accuracy'],
      rows,
    });
    const fwaKeys = entries.filter((e) => e.family === 'fwa').map((e) => e.key);
    const largest = fwaKeys[fwaKeys.length - 1];
    const fl = meanStd(finals(traces, largest, 'trainLoss')).mean;
    const verdict = noLargerThan(finals(traces, largest, 'trainLoss'), finals(traces, 'SGD', 'trainLoss'), true);
    const f: Finding = {
      claim: `${label}: the widest window ${largest} ends with a training loss no larger than SGD's (paired over replicates)${c.problem.model === 'mlp' ? ' (non-convex: no theorem, an empirical check)' : ''}`,
      measured: `${largest}: ${fmt(fl)} vs SGD ${fmt(sgd)}${verdict === null ? ' (larger within two standard errors: cannot judge)' : ''} (all windows: ${fwaKeys.map((k) => `${k}: ${fmt(meanStd(finals(traces, k, 'trainLoss')).mean)}`).join(', ')})`,
      agrees: verdict,
    };
    res.findings.push(f);
    annotateFigures(res, figStart, findStart);
  }
  return finish(res);
}
