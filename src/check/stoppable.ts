import { Worker } from 'node:worker_threads';
import { checkWorkerFile } from '../entry-points';
import type { Trial } from '../theory/check';
import type { PropertyData, PropertyMessage, PropertyTask } from './messages';

/**
 * One theorem's property on a worker thread that can be stopped: a trial that runs past the time
 * limit, a signal, a check that calls process.exit or exhausts the heap end that thread, never the
 * command. Each end says which trial was running (the worker reports each before running it).
 */
export type PropertyRun =
  | { kind: 'finished'; result: PropertyData }
  | { kind: 'timeout'; limitMs: number; trial?: Trial }
  | { kind: 'exited'; code: number; trial?: Trial }
  | { kind: 'crashed'; error: string; trial?: Trial }
  | { kind: 'interrupted'; trial?: Trial };

/** Longest a worker may take to load the catalog before its first trial, milliseconds. */
const LOAD_LIMIT_MS = 60_000;

export interface StoppableOptions {
  /** Longest a single trial may run, milliseconds (loading the catalog: at least LOAD_LIMIT_MS). */
  trialLimitMs: number;
  /** V8 old-generation heap of the worker, MB (a check that allocates without bound ends there). */
  heapMb: number;
  /** Aborted: stop the worker at once (SIGINT/SIGTERM). */
  stop?: AbortSignal;
}

export function runPropertyInWorker(task: PropertyTask, opts: StoppableOptions): Promise<PropertyRun> {
  return new Promise((resolve) => {
    const worker = new Worker(checkWorkerFile, {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: opts.heapMb },
      // The check's own console output reaches the terminal as it would on the main thread.
      stdout: false,
      stderr: false,
    });
    let trial: Trial | undefined;
    let settled: PropertyRun | undefined;
    let timer: NodeJS.Timeout | undefined;
    const end = (run: PropertyRun, terminate: boolean): void => {
      if (settled) return;
      settled = run;
      clearTimeout(timer);
      opts.stop?.removeEventListener('abort', onStop);
      if (terminate) void worker.terminate();
      resolve(run);
    };
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => end({ kind: 'timeout', limitMs: ms, ...(trial ? { trial } : {}) }, true), ms);
    };
    const onStop = (): void => end({ kind: 'interrupted', ...(trial ? { trial } : {}) }, true);
    opts.stop?.addEventListener('abort', onStop);
    if (opts.stop?.aborted) onStop();
    // Starting the thread (tsx compiling the catalog on a busy machine) is not a trial: a longer limit.
    arm(Math.max(opts.trialLimitMs, LOAD_LIMIT_MS));
    worker.on('message', (m: PropertyMessage) => {
      if (m.type === 'trial') {
        trial = m.trial;
        arm(opts.trialLimitMs);
      } else end({ kind: 'finished', result: m.result }, false);
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const error =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the check ran out of memory (heap limit ${opts.heapMb} MB; FWA_HEAP_MB raises it)`
          : `${e.name}: ${e.message}`;
      end({ kind: 'crashed', error, ...(trial ? { trial } : {}) }, false);
    });
    worker.on('exit', (code) => end({ kind: 'exited', code, ...(trial ? { trial } : {}) }, false));
  });
}
