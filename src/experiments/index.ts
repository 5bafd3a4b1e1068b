import { join } from 'node:path';
import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import type { ExperimentContext, ExperimentResult } from './context';
import { convergenceExperiment } from './convergence';
import { JsonlWriter } from './jsonl';
import { writeExperimentsReport } from './report';
import { schedulesExperiment } from './schedules';
import { generalizationExperiment } from './stability';
import { windowExperiment } from './window';

export const EXPERIMENTS = {
  convergence: convergenceExperiment,
  window: windowExperiment,
  generalization: generalizationExperiment,
  schedules: schedulesExperiment,
} as const;
export type ExperimentId = keyof typeof EXPERIMENTS;

export interface ExperimentsOptions {
  seed: number;
  seeds: number;
  full: boolean;
  /** Output directory (default reports/experiments). */
  out: string;
  /** Subset of experiments (default: all, in order). */
  only?: string[];
  log?: (line: string) => void;
}

export interface ExperimentsRun {
  results: ExperimentResult[];
  jsonl: string;
  index: string;
  seconds: number;
}

/** Runs the chosen experiments, appending rows to <out>/results.jsonl, then writes the pages. */
export function runExperiments(o: ExperimentsOptions): ExperimentsRun {
  requireInteger('seed', o.seed, 0, 0xffffffff);
  requireInteger('seeds', o.seeds, 1, 1000);
  const ids = o.only && o.only.length > 0 ? o.only : (Object.keys(EXPERIMENTS) as ExperimentId[]);
  for (const id of ids) {
    if (!(id in EXPERIMENTS)) throw new InvalidParameterError('experiment', id, Object.keys(EXPERIMENTS).join(' | '));
  }
  const t0 = performance.now();
  const jsonl = join(o.out, 'results.jsonl');
  const out = new JsonlWriter(jsonl);
  const log = o.log ?? ((l: string) => console.error(l));
  const ctx: ExperimentContext = { seed: o.seed, seeds: o.seeds, full: o.full, out, log };
  log(
    `experiments: ${ids.join(', ')}; seed ${o.seed}, ${o.seeds} replicates, ${o.full ? 'full' : 'default'} scale; rows → ${jsonl}`,
  );
  const results: ExperimentResult[] = [];
  for (const id of ids) {
    const r = EXPERIMENTS[id as ExperimentId](ctx);
    log(
      `[${id}] done in ${r.seconds.toFixed(1)} s: ${r.findings.filter((f) => f.agrees === true && !f.informational).length}/${r.findings.filter((f) => !f.informational).length} findings agree`,
    );
    results.push(r);
  }
  const seconds = (performance.now() - t0) / 1000;
  const index = writeExperimentsReport(o.out, results, {
    seed: String(o.seed),
    replicates: String(o.seeds),
    scale: o.full ? 'full' : 'default',
    experiments: ids.join(', '),
    node: process.version,
    date: new Date().toISOString(),
    'wall time': `${seconds.toFixed(1)} s`,
    replay: `npm run experiments -- --seed ${o.seed} --seeds ${o.seeds}${o.full ? ' --full' : ''}${o.only?.length ? ` ${o.only.map((x) => `--only ${x}`).join(' ')}` : ''}`,
  });
  return { results, jsonl, index, seconds };
}
