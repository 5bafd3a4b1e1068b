import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidParameterError } from '../errors';
import { ensureWritableDir } from '../output-dir';
import { currentProfile, type Profile } from '../profile';
import { writeAuditReport } from '../report/audit-report';
import { loadCatalog, REGISTRY_CATALOG, requireTheoremIds, type Catalog } from './catalog';
import type { Cell, CellResult } from './cell';
import { decodeJson, encodeJson } from './codec';
import { captureEnvironment } from './environment';
import { planAudit } from './plan';
import { makeRunner } from './pool';
import { silentProgress, type Progress } from './progress';
import { inShard, type Shard } from './shard';
import { readResults, RESULTS_FILE, RESULTS_SCHEMA, RESULTS_VERSION, ResultsStore, type ResultsHeader } from './store';
import { summarize, type AuditSummary } from './summary';

export const AUDIT_FILE = 'audit.json';

export interface AuditOptions {
  /** Catalog module specifier (src/audit/catalog.ts). */
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
  progress?: Progress;
  log?: (line: string) => void;
}

/** Runs (or resumes) an audit into opts.out and returns its summary (also written to audit.json). */
export async function runAudit(opts: AuditOptions): Promise<AuditSummary> {
  const log = opts.log ?? (() => {});
  const started = new Date();
  const catalog = await loadCatalog(opts.catalog);
  const ids = requireTheoremIds(catalog, opts.theoremIds);
  ensureWritableDir(opts.out);
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
  const store = new ResultsStore(opts.out, header, opts.resume);
  if (store.archived) log(`previous results moved to ${store.archived} (use --resume to continue a run)`);
  if (store.droppedTail) log(`dropped a half-written last line of ${store.file} (a cell that had not finished)`);
  const plan = planAudit(catalog, ids, opts.profile).filter((c) => inShard(c, opts.shard));
  const todo = plan.filter((c) => !store.finished.has(c.key));
  if (opts.resume) log(`resuming: ${plan.length - todo.length} of ${plan.length} cells already finished`);

  const progress = opts.progress ?? silentProgress;
  const runner = makeRunner(opts.catalog, Math.max(1, Math.min(opts.threads, todo.length)));
  const deadline = started.getTime() + opts.budgetMs;
  let next = 0;
  let budgetExhausted = false;
  const lane = async (): Promise<void> => {
    while (next < todo.length) {
      if (Date.now() >= deadline || (opts.maxCells !== undefined && next >= opts.maxCells)) {
        budgetExhausted = true;
        return;
      }
      const result = await runner.run(todo[next++]);
      store.append(result);
      progress.tick(result);
    }
  };
  progress.start({ cells: todo, status: new Map(catalog.theorems.map((t) => [t.id, t.status])) });
  try {
    await Promise.all(Array.from({ length: runner.threads }, lane));
  } finally {
    progress.stop();
    await runner.close();
  }
  const finished = new Date();
  const results = resultsOf(plan, store.finished);
  const summary = summarize(
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
      wallMs: finished.getTime() - started.getTime() + (opts.resume ? previousWallMs(opts.out) : 0),
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
  writeFileSync(join(out, AUDIT_FILE), encodeJson(summary, 2) + '\n');
  if (report) writeAuditReport(out, catalog, summary, results);
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
  const finished = new Map<string, CellResult>();
  for (const l of loaded) for (const r of l.results) if (!finished.has(r.key)) finished.set(r.key, r);
  const profile = currentProfile({ FWA_PROFILE: first.profile, FWA_SEED: String(first.seed) });
  const plan = planAudit(catalog, ids, profile);
  const results = resultsOf(plan, finished);
  const header: ResultsHeader = { ...first, theorems: ids, created: started.toISOString() };
  delete header.shard;
  writeFileSync(
    join(opts.out, RESULTS_FILE),
    [header, ...results.map((r) => ({ type: 'cell', ...r }))].map((x) => encodeJson(x)).join('\n') + '\n',
  );
  const unfinished = plan.length - results.length;
  if (unfinished > 0)
    log(
      `merge: ${unfinished} of ${plan.length} planned cells are in none of the shards (missing shard, or an unfinished one)`,
    );
  const wallMs = opts.dirs.map(previousWallMs).reduce((a, b) => Math.max(a, b), 0);
  const summary = summarize(
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
