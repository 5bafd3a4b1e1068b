import { InvalidParameterError } from './errors';
import type { ProfileName } from './profile';

/**
 * What one cell (an audit cell, a `check` trial) may use of the machine before it is stopped: wall
 * time and heap. A check is user code; these limits are what keeps a loop or an unbounded allocation
 * in it from taking the run (or the machine) with it. Each is raised by an option or a variable the
 * message that enforces it names.
 */

/** Default time limit of one cell, seconds, per profile (`--cell-timeout` overrides it). */
export const CELL_TIMEOUT_SECONDS: Readonly<Record<ProfileName, number>> = {
  // The slowest registry cell of the ci sweep runs for seconds; two orders of magnitude of headroom.
  ci: 120,
  explore: 120,
  // The audit profile's largest sweep points (T × 4, 10 000 replicates) run for minutes.
  audit: 1800,
};

/** Default V8 heap of a worker thread, MB. */
const DEFAULT_HEAP_MB = 4096;

/** The worker heap limit: FWA_HEAP_MB, else DEFAULT_HEAP_MB. */
export function workerHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.FWA_HEAP_MB;
  if (v === undefined || v === '') return DEFAULT_HEAP_MB;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 64) throw new InvalidParameterError('FWA_HEAP_MB', v, 'an integer ≥ 64 (megabytes)');
  return n;
}

/** Default memory a cell's engine run may need, MB (FWA_MAX_CELL_MB raises it). */
const DEFAULT_MAX_CELL_MB = 4096;

/** The memory limit of one cell, MB: FWA_MAX_CELL_MB, else DEFAULT_MAX_CELL_MB. */
function maxCellMb(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.FWA_MAX_CELL_MB;
  if (v === undefined || v === '') return DEFAULT_MAX_CELL_MB;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidParameterError('FWA_MAX_CELL_MB', v, 'an integer ≥ 1 (megabytes)');
  return n;
}

/** What a trial names of its size: the instance's d and n, the horizon T (absent ones count 1). */
interface TrialSize {
  instance: { generator: string; params: Record<string, number | string | boolean> };
  params: Record<string, number>;
}

/**
 * An upper bound on the Float64 memory an engine run of this trial allocates, bytes: the data set
 * (n × d), the averagers' window buffers (a ring and two suffix sums of up to T + 1 rows of d, the
 * largest window FWA(k ≤ T) can ask for) and the per-step weights and traces (a few arrays of T + 1).
 * Harvey's instances have d = T (their construction's dimension is the horizon).
 */
export function cellBytes(trial: TrialSize): number {
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 1);
  const T = num(trial.params.T ?? trial.instance.params.T);
  const d = trial.instance.generator.startsWith('harvey') ? num(trial.instance.params.T) : num(trial.instance.params.d);
  const n = num(trial.instance.params.n);
  return 8 * (n * d + 3 * (T + 1) * d + 4 * (T + 1));
}

/**
 * Refuses, before it runs, a trial whose run would need more memory than the cell limit: a T, n or d
 * that would exhaust the machine ends as a clear error naming the sizes, the limit and how to raise
 * it, not as an out-of-memory crash of the whole process (Float64Arrays live outside the worker's
 * V8 heap limit, so that limit alone does not catch them). Paths of an exact expectation have their
 * own budget (src/engine/enumerate.ts).
 */
export function assertTrialFits(theorem: string, trial: TrialSize, env: NodeJS.ProcessEnv = process.env): void {
  const limitMb = maxCellMb(env);
  const needMb = cellBytes(trial) / 2 ** 20;
  if (needMb <= limitMb) return;
  const p = trial.instance.params;
  throw new InvalidParameterError(
    `size of a trial of ${theorem}`,
    { T: trial.params.T ?? p.T, n: p.n, d: p.d, generator: trial.instance.generator },
    `a run within the cell memory limit of ${limitMb} MB (this one needs up to ${Math.ceil(needMb)} MB: ` +
      `8 bytes × (n·d + 3(T+1)·d + 4(T+1))); draw smaller T, n or d, or raise the limit with FWA_MAX_CELL_MB=<megabytes>`,
  );
}
