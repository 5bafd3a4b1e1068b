import cliProgress from 'cli-progress';
import type { CellResult } from './cell';

/** Progress of an audit: a bar with an ETA on a terminal, plain lines elsewhere (CI logs). */
export interface Progress {
  start(total: number): void;
  tick(r: CellResult): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'audit {bar} {percentage}% | {value}/{total} cells | ETA {eta_formatted} | {theorem}',
      etaBuffer: 20,
      // cli-progress's own formatter rounds the seconds alone and prints e.g. "1m60s".
      formatTime: (seconds: number) => formatDuration(seconds * 1000),
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { theorem: '' }),
    tick: (r) => bar.increment(1, { theorem: `${r.theorem}: ${r.verdict}` }),
    stop: () => bar.stop(),
  };
}

/** One line per ~5% (and one per violated or errored cell), with an ETA from the mean cell rate. */
export function lineProgress(write: (line: string) => void): Progress {
  let total = 0;
  let done = 0;
  let t0 = 0;
  let lastPct = -1;
  return {
    start(n) {
      total = n;
      t0 = Date.now();
      write(`audit: ${n} cells to run`);
    },
    tick(r) {
      done++;
      const pct = Math.floor((100 * done) / Math.max(1, total));
      const notable = r.verdict === 'violated' || r.verdict === 'error';
      if (notable || pct >= lastPct + 5 || done === total) {
        lastPct = pct;
        const eta = ((Date.now() - t0) / done) * (total - done);
        const what = notable ? ` | ${r.theorem} ${r.verdict.toUpperCase()} (cell ${r.key})` : '';
        write(`audit: ${done}/${total} cells (${pct}%) | ETA ${formatDuration(eta)}${what}`);
      }
    },
    stop() {},
  };
}
