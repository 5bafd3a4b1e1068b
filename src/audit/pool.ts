import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { workerFile } from '../entry-points';
import { workerHeapMb } from '../limits';
import { findCheck, loadCatalog } from '../catalog/load';
import type { Cell, CellResult } from './cell';
import { runCell } from './run-cell';
import type { WorkerTask } from './worker';

/** Runs cells: in worker threads (the audit) or in this thread (tests, a single replay). */
export interface CellRunner {
  readonly threads: number;
  /**
   * The cell's result; never rejects for the cell's own failures (an exception, a time limit, a worker
   * that exited: an 'error' cell). Rejects with CellInterrupted when `stop` aborts while it runs.
   */
  run(cell: Cell, stop?: AbortSignal): Promise<CellResult>;
  close(): Promise<void>;
}

/** A running cell stopped by the caller (SIGINT/SIGTERM): not a result, the cell is left for --resume. */
export class CellInterrupted extends Error {
  constructor(readonly key: string) {
    super(`cell ${key} was stopped before it finished`);
    this.name = 'CellInterrupted';
  }
}

/** Longest a fresh worker may take to load the catalog before its cell starts, ms. */
const LOAD_LIMIT_MS = 60_000;

/** What a cell may use before it is stopped (src/limits.ts). */
export interface CellLimits {
  /** Wall time of one cell, milliseconds. */
  timeoutMs: number;
  /** V8 heap of a worker thread, MB. */
  heapMb: number;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

function errorCell(cell: Cell, name: string, message: string, ms: number): CellResult {
  const { key, theorem, trial, axes } = cell;
  return { key, theorem, trial, axes, verdict: 'error', error: { name, message }, ms };
}

/**
 * A piscina pool whose workers import the catalog module themselves. A cell past its time limit is
 * stopped by aborting its task, which makes piscina terminate that worker (and start a fresh one): a
 * loop in a user's check costs one cell, not the run.
 */
export function workerRunner(catalog: string, threads: number, limits: CellLimits): CellRunner {
  const pool = new Piscina<WorkerTask, CellResult>({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
    // A cell is CPU-bound; queueing more than one per thread only delays the budget check.
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb },
  });
  return {
    threads,
    run: async (cell, stop) => {
      const timeout = new AbortController();
      let limitMs = Math.max(limits.timeoutMs, LOAD_LIMIT_MS);
      // Loading the catalog in a fresh worker (tsx compiling it on a busy machine) is not the cell:
      // the limit runs from the worker's message that the cell started. setTimeout fires at once past
      // 2^31 − 1 ms (24.8 days): a longer limit is no limit.
      const arm = (ms: number): NodeJS.Timeout => setTimeout(() => timeout.abort(), Math.min(ms, 2 ** 31 - 1));
      let timer = arm(limitMs);
      const { port1, port2 } = new MessageChannel();
      port1.once('message', () => {
        clearTimeout(timer);
        limitMs = limits.timeoutMs;
        timer = arm(limitMs);
      });
      const signal = stop ? AbortSignal.any([timeout.signal, stop]) : timeout.signal;
      const t0 = performance.now();
      try {
        return await pool.run({ catalog, cell, started: port2 }, { signal, transferList: [port2] });
      } catch (e) {
        if (stop?.aborted) throw new CellInterrupted(cell.key);
        const ms = performance.now() - t0;
        if (timeout.signal.aborted)
          return errorCell(
            cell,
            'CellTimeout',
            `the cell ran past its time limit of ${limitMs / 1000} s and was stopped (its worker thread terminated); --cell-timeout raises the limit`,
            ms,
          );
        const err = e instanceof Error ? e : new Error(String(e));
        const code = (err as { code?: string }).code;
        const message =
          code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `the cell ran out of memory (worker heap limit ${limits.heapMb} MB; FWA_HEAP_MB raises it)`
            : /worker exited/.test(err.message)
              ? `the check ended its worker thread (${err.message}): process.exit inside a check?`
              : err.message;
        return errorCell(cell, code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'OutOfMemory' : 'WorkerExit', message, ms);
      } finally {
        clearTimeout(timer);
        port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}

/** Cells in this thread: fast for tests and tiny runs, but a cell here cannot be stopped (no limits). */
export function inProcessRunner(catalog: string): CellRunner {
  return {
    threads: 1,
    run: async (cell) => {
      // Back to the event loop between cells: otherwise a whole audit is one chain of microtasks and
      // a SIGINT, the run lock's refresh timer and the progress line all wait until it has finished.
      await new Promise((resolve) => setImmediate(resolve));
      return runCell(findCheck(await loadCatalog(catalog), cell.theorem), cell);
    },
    close: async () => {},
  };
}

/** Worker threads whenever a cell must be stoppable (limits given) or there are several threads. */
export function makeRunner(catalog: string, threads: number, limits?: CellLimits): CellRunner {
  if (limits) return workerRunner(catalog, threads, limits);
  return threads <= 1
    ? inProcessRunner(catalog)
    : workerRunner(catalog, threads, { timeoutMs: 2 ** 31 - 1, heapMb: workerHeapMb() });
}
