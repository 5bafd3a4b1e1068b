import type { MessagePort } from 'node:worker_threads';
import type { Cell, CellResult } from './cell';
import { findCheck, loadCatalog } from '../catalog/load';
import { runCell } from './run-cell';

export interface WorkerTask {
  catalog: string;
  cell: Cell;
  /** Told when the catalog is loaded and the cell starts: its time limit runs from there. */
  started?: MessagePort;
}

/** Piscina task: dist/worker.js when compiled; from the sources through worker.mjs, which registers tsx first. */
export default async function runTask(task: WorkerTask): Promise<CellResult> {
  const catalog = await loadCatalog(task.catalog);
  task.started?.postMessage('started');
  task.started?.close();
  return runCell(findCheck(catalog, task.cell.theorem), task.cell);
}
