import cliProgress from 'cli-progress';
import { formatDuration } from '../format/duration';
import type { TheoremStatus } from '../theory/theorem';
import type { Cell, CellResult } from './cell';
import { verdictWord } from './summary';

/** What a progress display is told at the start: the cells to run and each theorem's status. */
export interface ProgressPlan {
  cells: readonly Cell[];
  /** Status of every audited theorem (a violated [P] reading is a finding, see verdictWord). */
  status: ReadonlyMap<string, TheoremStatus>;
}

/** Progress of an audit: a bar with an ETA on a terminal, plain lines elsewhere (CI logs). */
export interface Progress {
  start(plan: ProgressPlan): void;
  tick(r: CellResult): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

/**
 * A cell's expected cost in engine work, for the ETA: replicates × (gradient evaluations per run +
 * the losses evaluated over the sample), a coupled run (a differing example i*) counting 3.5 plain
 * ones (two runs and n + 1 loss differences per replicate: the ratio measured on the default audit).
 * A trial with no instance (a relation between bounds) runs no engine. Cells differ in cost by four
 * orders of magnitude and the plan runs them theorem by theorem, so a cell count alone made the first
 * ETA 13 times too long.
 */
function cellCost(cell: Pick<Cell, 'trial'>): number {
  const t = cell.trial;
  if (t.instance.generator === 'none') return 1;
  const n = Number.isFinite(Number(t.instance.params.n)) ? Number(t.instance.params.n) : 1;
  const T = t.params.T ?? 1;
  const perRun = (t.params.fullBatch === 1 ? T * n : T) + n;
  return Math.max(1, t.replicates) * perRun * ('i' in t.params ? 3.5 : 1);
}

/** Cost share finished before an ETA is shown: earlier, one slow cell would swing it by minutes. */
const ETA_MIN_FRACTION = 0.05;

/**
 * Cost-weighted progress: cells and cost done, and the ETA once ETA_MIN_FRACTION of the cost is done.
 * The rate is measured from the first finished cell, so the workers' start-up (seconds of module
 * loading on a busy machine) is not extrapolated over the whole run.
 */
export class CostClock {
  private readonly cost = new Map<string, number>();
  private readonly total: number;
  private doneCost = 0;
  done = 0;
  /** Time and cost done at the first finished cell (the rate's origin). */
  private origin: { at: number; cost: number } | undefined;

  constructor(
    readonly cells: readonly Cell[],
    private readonly now: () => number = Date.now,
  ) {
    for (const c of cells) this.cost.set(c.key, cellCost(c));
    this.total = [...this.cost.values()].reduce((a, b) => a + b, 0);
  }

  finish(key: string): void {
    this.done++;
    this.doneCost += this.cost.get(key) ?? 0;
    this.origin ??= { at: this.now(), cost: this.doneCost };
  }

  /** Fraction of the cost finished. */
  get fraction(): number {
    return this.total > 0 ? this.doneCost / this.total : 1;
  }

  /** Milliseconds left (time per unit of cost since the first cell × cost left), undefined while too little is done. */
  etaMs(): number | undefined {
    if (this.done === this.cells.length) return 0;
    if (!this.origin || this.fraction < ETA_MIN_FRACTION) return undefined;
    const costSince = this.doneCost - this.origin.cost;
    if (costSince <= 0) return undefined;
    return ((this.now() - this.origin.at) / costSince) * (this.total - this.doneCost);
  }
}

const etaText = (ms: number | undefined): string => (ms === undefined ? 'ETA …' : `ETA ${formatDuration(ms)}`);

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  // The bar's own ETA counts cells; the cost-weighted one is passed in as a payload instead.
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'audit {bar} {percentage}% | {value}/{total} cells | {eta} | {theorem}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let clock: CostClock | undefined;
  let status: ReadonlyMap<string, TheoremStatus> = new Map();
  return {
    start: (plan) => {
      clock = new CostClock(plan.cells);
      status = plan.status;
      bar.start(plan.cells.length, 0, { theorem: '', eta: etaText(undefined) });
    },
    tick: (r) => {
      clock?.finish(r.key);
      const word = verdictWord(r.verdict, status.get(r.theorem) ?? 'derived').toLowerCase();
      bar.increment(1, { theorem: `${r.theorem}: ${word}`, eta: etaText(clock?.etaMs()) });
    },
    stop: () => bar.stop(),
  };
}

/** One line per ~5% (and one per violated or errored cell), with the cost-weighted ETA. */
export function lineProgress(write: (line: string) => void, now: () => number = Date.now): Progress {
  let clock: CostClock | undefined;
  let status: ReadonlyMap<string, TheoremStatus> = new Map();
  let lastPct = -1;
  return {
    start(plan) {
      clock = new CostClock(plan.cells, now);
      status = plan.status;
      write(`audit: ${plan.cells.length} cells to run`);
    },
    tick(r) {
      if (!clock) return;
      clock.finish(r.key);
      const total = clock.cells.length;
      const pct = Math.floor((100 * clock.done) / Math.max(1, total));
      const notable = r.verdict === 'violated' || r.verdict === 'error';
      if (notable || pct >= lastPct + 5 || clock.done === total) {
        lastPct = pct;
        const what = notable
          ? ` | ${r.theorem} ${verdictWord(r.verdict, status.get(r.theorem) ?? 'derived')} (cell ${r.key})`
          : '';
        write(`audit: ${clock.done}/${total} cells (${pct}%) | ${etaText(clock.etaMs())}${what}`);
      }
    },
    stop() {},
  };
}
