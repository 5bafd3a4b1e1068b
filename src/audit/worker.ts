import type { Cell, CellResult } from './cell';
import { findCheck, loadCatalog } from '../catalog/load';
import { runCell } from './run-cell';

export interface WorkerTask {
  catalog: string;
  cell: Cell;
}

/** Piscina task: dist/worker.js when compiled; from the sources through worker.mjs, which registers tsx first. */
export default async function runTask(task: WorkerTask): Promise<CellResult> {
  const catalog = await loadCatalog(task.catalog);
  return runCell(findCheck(catalog, task.cell.theorem), task.cell);
}
