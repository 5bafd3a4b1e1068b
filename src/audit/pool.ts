import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { workerFile } from '../entry-points';
import { findCheck, loadCatalog } from '../catalog/load';
import type { Cell, CellResult } from './cell';
import { runCell } from './run-cell';
import type { WorkerTask } from './worker';

/** Runs cells: in worker threads (the audit) or in this thread (tests, a single replay). */
export interface CellRunner {
  readonly threads: number;
  run(cell: Cell): Promise<CellResult>;
  close(): Promise<void>;
}

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** A piscina pool whose workers import the catalog module themselves. */
export function workerRunner(catalog: string, threads: number): CellRunner {
  const pool = new Piscina<WorkerTask, CellResult>({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
    // A cell is CPU-bound; queueing more than one per thread only delays the budget check.
    concurrentTasksPerWorker: 1,
  });
  return {
    threads,
    run: (cell) => pool.run({ catalog, cell }),
    close: () => pool.destroy(),
  };
}

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

export function makeRunner(catalog: string, threads: number): CellRunner {
  return threads <= 1 ? inProcessRunner(catalog) : workerRunner(catalog, threads);
}
