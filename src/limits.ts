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
export const DEFAULT_HEAP_MB = 4096;

/** The worker heap limit: FWA_HEAP_MB, else DEFAULT_HEAP_MB. */
export function workerHeapMb(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.FWA_HEAP_MB;
  if (v === undefined || v === '') return DEFAULT_HEAP_MB;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 64) throw new InvalidParameterError('FWA_HEAP_MB', v, 'an integer ≥ 64 (megabytes)');
  return n;
}
