import type { Figure } from '../report/plot';
import { meanAndVariance } from '../stats/mean-variance';
import type { JsonlWriter } from './jsonl';

/** What every experiment receives: seeds, scale and where results go. */
export interface ExperimentContext {
  /** Base seed: every run's seed is deriveSeed(seed, experiment, problem, replicate). */
  seed: number;
  /** Independent replicates (runs with different index streams) per configuration. */
  seeds: number;
  /** Larger problems and horizons (`--full`). */
  full: boolean;
  out: JsonlWriter;
  /** A progress line (stderr). */
  log: (line: string) => void;
}

/** A claim of the theory beside the measurement: agrees true/false, or null when it cannot be judged. */
export interface Finding {
  claim: string;
  measured: string;
  agrees: boolean | null;
  /** The claim is an [S]/[D] result (a bound that is proved): a disagreement is a bug, not a finding. */
  hard?: boolean;
  /**
   * A comparison the theory does not predict (a ratio of bounds beside the measured ratio: a bound
   * ratio predicts a direction, not a value): shown as information, never counted as a disagreement.
   */
  informational?: boolean;
}

/** A finding that disagrees with what the theory predicts (an informational comparison never does). */
export const disagrees = (f: Finding): boolean => f.agrees === false && !f.informational;

/** One experiment's results, ready for its report page. */
export interface ExperimentResult {
  id: string;
  title: string;
  /** What the theory predicts, in a paragraph. */
  theory: string;
  /** Settings (data, model, T, schedule, seeds), one line each. */
  setup: string[];
  figures: Figure[];
  findings: Finding[];
  /** Extra tables: headers and rows of plain cells. */
  tables: Array<{ caption: string; headers: string[]; rows: Array<Array<string | number>> }>;
  seconds: number;
}

/** An empty result for an experiment, its clock started. */
export function newResult(id: string, title: string, theory: string): ExperimentResult & { started: number } {
  return {
    id,
    title,
    theory,
    setup: [],
    figures: [],
    findings: [],
    tables: [],
    seconds: 0,
    started: performance.now(),
  };
}

/** Stops the clock of a result made by newResult. */
export function finish(r: ExperimentResult & { started: number }): ExperimentResult {
  const { started, ...rest } = r;
  return { ...rest, seconds: (performance.now() - started) / 1000 };
}

/**
 * Appends to the captions of figures[figStart..] whether the measurement agrees with the theory,
 * from findings[findStart..] (the findings of the same problem), so every plot says it.
 */
export function annotateFigures(r: ExperimentResult, figStart: number, findStart: number): void {
  const fs = r.findings.slice(findStart);
  if (fs.length === 0) return;
  const judged = fs.filter((f) => !f.informational);
  const agree = judged.filter((f) => f.agrees === true).length;
  const dis = judged.filter(disagrees);
  const open = judged.filter((f) => f.agrees === null).length;
  const info = fs.length - judged.length;
  const text =
    ` Agreement: ${agree}/${judged.length} findings on this problem agree with the theory` +
    (open > 0 ? `, ${open} cannot be judged` : '') +
    (dis.length > 0 ? `; disagreeing: ${dis.map((f) => `${f.claim} (${f.measured})`).join('; ')}` : '') +
    (info > 0 ? `; ${info} comparison(s) with a bound ratio shown for information` : '') +
    '.';
  for (const f of r.figures.slice(figStart)) f.caption = `${f.caption ?? ''}${text}`;
}

/** Mean and sample standard deviation (0 for one sample). */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const s = meanAndVariance(xs);
  return { mean: s.mean, std: Math.sqrt(s.variance) };
}

/**
 * Is E[a] ≤ E[b]? true when the sample means say so, false when mean(a) exceeds mean(b) by more
 * than two standard errors of the difference, null ("within noise") in between. Paired samples
 * (the same replicates) use the standard error of the differences.
 */
export function noLargerThan(a: readonly number[], b: readonly number[], paired: boolean): boolean | null {
  const ma = meanStd(a);
  const mb = meanStd(b);
  if (ma.mean <= mb.mean) return true;
  const se = paired
    ? meanStd(a.map((x, i) => x - b[i])).std / Math.sqrt(a.length)
    : Math.sqrt((ma.std * ma.std) / a.length + (mb.std * mb.std) / b.length);
  return ma.mean - mb.mean > 2 * se ? false : null;
}

export { fmt } from '../format/number';
