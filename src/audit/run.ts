import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidParameterError, RunLockedError } from '../errors';
import { asOutputError, writeFileAtomic } from '../io/atomic';
import { acquireLock, describeHolder, lockPaths, readHolder, type HeldLock } from '../io/lock';
import { ensureWritableDir } from '../output-dir';
import { currentProfile, type Profile } from '../profile';
import { writeAuditReport } from './report/write';
import { loadCatalog, REGISTRY_CATALOG, requireTheoremIds, type Catalog } from '../catalog/load';
import type { Cell, CellResult } from './cell';
import { decodeJson, encodeJson } from './codec';
import { captureEnvironment } from './environment';
import { planAudit } from './plan';
import { CellInterrupted, makeRunner, type CellLimits } from './pool';
import { silentProgress, type Progress } from './progress';
import { inShard, type Shard } from './shard';
import { readResults, RESULTS_FILE, RESULTS_SCHEMA, RESULTS_VERSION, ResultsStore, type ResultsHeader } from './store';
import { summarizeAudit, type AuditSummary } from './summary';

export const AUDIT_FILE = 'audit.json';

export interface AuditOptions {
  /** Catalog module specifier (src/catalog/load.ts). */
  catalog: string;
  /** Requested theorem ids; empty = every theorem of the catalog. */
  theoremIds: string[];
  profile: Profile;
  out: string;
  shard?: Shard;
  resume: boolean;
  /** Worker threads; 1 runs cells in this thread. */
  threads: number;
  /** Stop dispatching cells after this long (ms); unfinished cells are left for --resume. */
  budgetMs: number;
  /** Stop after this many new cells (simulates an interrupted audit in tests). */
  maxCells?: number;
  /** Write index.html and the theorem pages (default true). */
  report?: boolean;
  /**
   * Aborted (SIGINT/SIGTERM): start no new cell; the running ones get STOP_GRACE_MS to finish (and are
   * recorded), then their workers are terminated (those cells are left for --resume); the summary and
   * the report of what finished are written.
   */
  stop?: AbortSignal;
  /** Time and heap limits of a cell; given, every cell runs on a worker thread that can be stopped. */
  cellLimits?: CellLimits;
  progress?: Progress;
  log?: (line: string) => void;
}

/** How long running cells may still finish after a stop signal, ms (the whole stop stays under 5 s). */
export const STOP_GRACE_MS = 1000;

/** The lock of a run directory: one writer (audit or merge) at a time. */
export const RUN_LOCK = 'run';

function lockRun(out: string, command: string): HeldLock {
  return acquireLock(out, RUN_LOCK, `${command} (${process.argv.slice(1).join(' ').slice(0, 200)})`);
}

/** The lock was taken over while we held it (a stale lock judged dead by another host): stop writing. */
function checkLock(lock: HeldLock, out: string): void {
  if (lock.lost())
    throw new RunLockedError(
      out,
      `${describeHolder(readHolder(lockPaths(out, RUN_LOCK).holder))}, which took over this run's lock`,
    );
}

/** Runs (or resumes) an audit into opts.out and returns its summary (also written to audit.json). */
export async function runAudit(opts: AuditOptions): Promise<AuditSummary> {
  const started = new Date();
  const catalog = await loadCatalog(opts.catalog);
  const ids = requireTheoremIds(catalog, opts.theoremIds);
  ensureWritableDir(opts.out);
  const lock = lockRun(opts.out, 'audit');
  try {
    return await auditLocked(opts, catalog, ids, started, lock);
  } finally {
    lock.release();
  }
}

async function auditLocked(
  opts: AuditOptions,
  catalog: Catalog,
  ids: string[],
  started: Date,
  lock: HeldLock,
): Promise<AuditSummary> {
  const log = opts.log ?? (() => {});
  const header: ResultsHeader = {
    type: 'header',
    schema: RESULTS_SCHEMA,
    version: RESULTS_VERSION,
    profile: opts.profile.name,
    seed: opts.profile.seed,
    ...(opts.shard ? { shard: opts.shard } : {}),
    theorems: ids,
    created: started.toISOString(),
  };
  const previousWall = opts.resume ? previousWallMs(opts.out) : 0;
  const store = new ResultsStore(opts.out, header, opts.resume);
  if (store.archived) log(`previous results moved to ${store.archived} (use --resume to continue a run)`);
  if (store.droppedTail) log(`dropped a half-written last line of ${store.file} (a cell that had not finished)`);
  const plan = planAudit(catalog, ids, opts.profile).filter((c) => inShard(c, opts.shard));
  const todo = plan.filter((c) => !store.finished.has(c.key));
  if (opts.resume) log(`resuming: ${plan.length - todo.length} of ${plan.length} cells already finished`);

  const progress = opts.progress ?? silentProgress;
  const runner = makeRunner(opts.catalog, Math.max(1, Math.min(opts.threads, todo.length)), opts.cellLimits);
  // After a stop signal, running cells get a short grace, then their workers are terminated.
  const hardStop = new AbortController();
  const onStop = (): void => void setTimeout(() => hardStop.abort(), STOP_GRACE_MS).unref();
  opts.stop?.addEventListener('abort', onStop, { once: true });
  const deadline = started.getTime() + opts.budgetMs;
  let next = 0;
  let budgetExhausted = false;
  // The first failure (a write that failed, the lock lost) stops every lane before it starts another cell.
  let failure: unknown;
  const lane = async (): Promise<void> => {
    while (next < todo.length && failure === undefined && !opts.stop?.aborted && !lock.lost()) {
      if (Date.now() >= deadline || (opts.maxCells !== undefined && next >= opts.maxCells)) {
        budgetExhausted = true;
        return;
      }
      try {
        const result = await runner.run(todo[next++], hardStop.signal);
        if (failure !== undefined || lock.lost()) return;
        store.append(result);
        progress.tick(result);
      } catch (e) {
        if (e instanceof CellInterrupted) return;
        failure ??= e;
      }
    }
  };
  progress.start({ cells: todo, status: new Map(catalog.theorems.map((t) => [t.id, t.status])) });
  try {
    await Promise.all(Array.from({ length: runner.threads }, lane));
  } finally {
    opts.stop?.removeEventListener('abort', onStop);
    progress.stop();
    await runner.close();
  }
  if (failure !== undefined) throw failure;
  checkLock(lock, opts.out);
  if (opts.stop?.aborted) log(`stopped: ${store.finished.size} cells are in ${store.file}; continue with --resume`);
  const finished = new Date();
  const results = resultsOf(plan, store.finished);
  const summary = summarizeAudit(
    catalog,
    ids,
    plan,
    results,
    {
      profile: opts.profile.name,
      seed: opts.profile.seed,
      ...(opts.shard ? { shard: opts.shard } : {}),
      ...catalogField(opts.catalog),
      started: started.toISOString(),
      finished: finished.toISOString(),
      wallMs: finished.getTime() - started.getTime() + previousWall,
      unfinished: plan.length - results.length,
      budgetExhausted,
    },
    captureEnvironment(runner.threads),
  );
  finish(opts.out, catalog, summary, results, opts.report ?? true);
  return summary;
}

function catalogField(catalog: string): { catalog?: string } {
  return catalog === REGISTRY_CATALOG ? {} : { catalog };
}

function resultsOf(plan: Cell[], finished: Map<string, CellResult>): CellResult[] {
  const out: CellResult[] = [];
  for (const c of plan) {
    const r = finished.get(c.key);
    if (r) out.push(r);
  }
  return out;
}

function finish(out: string, catalog: Catalog, summary: AuditSummary, results: CellResult[], report: boolean): void {
  writeFileAtomic(join(out, AUDIT_FILE), encodeJson(summary, 2) + '\n');
  if (!report) return;
  try {
    writeAuditReport(out, catalog, summary, results);
  } catch (e) {
    // A full disk while copying assets or making directories: exit 2 with a message, not a stack.
    throw asOutputError(out, e);
  }
}

/** Wall time already spent by the run being resumed (so the report shows the whole cost). */
function previousWallMs(dir: string): number {
  const file = join(dir, AUDIT_FILE);
  if (!existsSync(file)) return 0;
  try {
    const prev = decodeJson(readFileSync(file, 'utf8')) as Partial<AuditSummary>;
    return prev.run?.wallMs ?? 0;
  } catch {
    return 0;
  }
}

export interface MergeOptions {
  catalog: string;
  dirs: string[];
  out: string;
  report?: boolean;
  log?: (line: string) => void;
}

/**
 * Combines shard directories (same profile and seed) into one run directory: results.jsonl with
 * every cell once, audit.json and the report, like vitest --merge-reports.
 */
export async function mergeShards(opts: MergeOptions): Promise<AuditSummary> {
  const log = opts.log ?? (() => {});
  if (opts.dirs.length === 0) throw new InvalidParameterError('merge <dirs...>', [], 'at least one shard directory');
  const started = new Date();
  const loaded = opts.dirs.map((d) => {
    const file = join(d, RESULTS_FILE);
    if (!existsSync(file))
      throw new InvalidParameterError('merge <dir>', d, `a run directory containing ${RESULTS_FILE}`);
    // A shard still being written is read as it stands (its lock is not taken): say so.
    const holder = existsSync(lockPaths(d, RUN_LOCK).lock) ? readHolder(lockPaths(d, RUN_LOCK).holder) : undefined;
    if (holder) log(`merge: ${d} is still being written by ${describeHolder(holder)}; merging its finished cells`);
    return { dir: d, ...readResults(file) };
  });
  const first = loaded[0].header;
  for (const l of loaded) {
    if (l.header.profile !== first.profile || l.header.seed !== first.seed) {
      throw new InvalidParameterError(
        'merge <dir>',
        l.dir,
        `a shard of the same run as ${loaded[0].dir} (profile ${first.profile}, seed ${first.seed}; it has ${l.header.profile}, ${l.header.seed})`,
      );
    }
  }
  const catalog = await loadCatalog(opts.catalog);
  const ids = requireTheoremIds(catalog, [...new Set(loaded.flatMap((l) => l.header.theorems))]);
  ensureWritableDir(opts.out);
  // The shards are only read (no lock taken on them); the merged directory has one writer.
  const lock = lockRun(opts.out, 'merge');
  try {
    return mergeLocked(opts, catalog, ids, loaded, started);
  } finally {
    lock.release();
  }
}

function mergeLocked(
  opts: MergeOptions,
  catalog: Catalog,
  ids: string[],
  loaded: Array<{ dir: string } & ReturnType<typeof readResults>>,
  started: Date,
): AuditSummary {
  const log = opts.log ?? (() => {});
  const first = loaded[0].header;
  const finished = new Map<string, CellResult>();
  for (const l of loaded) for (const r of l.results) if (!finished.has(r.key)) finished.set(r.key, r);
  const profile = currentProfile({ FWA_PROFILE: first.profile, FWA_SEED: String(first.seed) });
  const plan = planAudit(catalog, ids, profile);
  const results = resultsOf(plan, finished);
  const header: ResultsHeader = { ...first, theorems: ids, created: started.toISOString() };
  delete header.shard;
  writeFileAtomic(
    join(opts.out, RESULTS_FILE),
    [header, ...results.map((r) => ({ type: 'cell', ...r }))].map((x) => encodeJson(x)).join('\n') + '\n',
  );
  const unfinished = plan.length - results.length;
  if (unfinished > 0)
    log(
      `merge: ${unfinished} of ${plan.length} planned cells are in none of the shards (missing shard, or an unfinished one)`,
    );
  const wallMs = opts.dirs.map(previousWallMs).reduce((a, b) => Math.max(a, b), 0);
  const summary = summarizeAudit(
    catalog,
    ids,
    plan,
    results,
    {
      profile: first.profile,
      seed: first.seed,
      ...catalogField(opts.catalog),
      mergedFrom: opts.dirs,
      started: started.toISOString(),
      finished: new Date().toISOString(),
      wallMs,
      unfinished,
      budgetExhausted: false,
    },
    captureEnvironment(0),
  );
  finish(opts.out, catalog, summary, results, opts.report ?? true);
  return summary;
}
