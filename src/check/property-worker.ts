import { parentPort, workerData } from 'node:worker_threads';
import { findTheorem, loadCatalog } from '../catalog/load';
import { runProperty } from '../measure/property';
import type { PropertyMessage, PropertyTask } from './messages';

/**
 * The worker thread of `fwa-theorems check`: runs one theorem's property and tells the host each trial
 * before it runs it, so a host that stops this thread (time limit, signal) can say which trial was
 * running. A check that loops, exhausts the heap or calls process.exit ends this thread only.
 * Started as dist/check-worker.js, or from the sources through property-worker.mjs (tsx first).
 */
const task = workerData as PropertyTask;
const post = (m: PropertyMessage): void => parentPort!.postMessage(m);

const catalog = await loadCatalog(task.catalog);
const theorem = findTheorem(catalog, task.theorem);
if (!theorem) throw new Error(`the catalog ${task.catalog} has no theorem ${task.theorem}`);
const r = runProperty(theorem, {
  profile: task.profile,
  ...(task.path ? { path: task.path } : {}),
  onTrial: (trial) => post({ type: 'trial', trial }),
});
const { theorem: _theorem, ...result } = r;
post({ type: 'result', result });
