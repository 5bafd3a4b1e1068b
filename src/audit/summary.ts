import type { ProfileName } from '../profile';
import { describeBasis, type Verdict } from '../stats/verdict';
import type { TheoremFamily, TheoremKind, TheoremStatus } from '../theory/theorem';
import { findCheck, type Catalog } from '../catalog/load';
import type { Cell, CellResult, CellVerdict } from './cell';
import type { Environment } from './environment';
import type { Shard } from './shard';

export const AUDIT_SCHEMA = 'fwa-theorems/audit';
export const AUDIT_VERSION = 1;

/**
 * A theorem's verdict over all its cells (the vocabulary of src/stats/verdict.ts): violated if any cell
 * is (for an [S]/[D] theorem that fails the audit; for a [P] reading it is a finding); else attained if
 * a cell attains the bound; else holds if every cell holds; else undecided (a sampled cell's budget ran
 * out and nothing attains). 'error': a cell threw (a bug). 'no-check': nothing measures it yet.
 */
export type TheoremVerdict = Verdict | 'error' | 'no-check' | 'not-run';

/** The word a console line uses for a verdict: a violated [P] reading is a FINDING, never "VIOLATED". */
export function verdictWord(verdict: TheoremVerdict | CellVerdict, status: TheoremStatus): string {
  return verdict === 'violated' && status === 'paper-reading' ? 'FINDING' : verdict.toUpperCase();
}

export interface TheoremSummary {
  id: string;
  title: string;
  status: TheoremStatus;
  family: TheoremFamily;
  kind: TheoremKind;
  verdict: TheoremVerdict;
  /** Whether this theorem fails the audit: violated (not a paper reading), or a cell errored. */
  fails: boolean;
  /** Planned cells for this theorem in this run (shard), and how many finished. */
  planned: number;
  cells: number;
  counts: Record<CellVerdict, number>;
  /** Largest measured/bound ratio over finished cells (NaN when none has a ratio): for a sampled cell a point estimate. */
  worstRatio: number;
  worstKey?: string;
  /** The worst ratio split by what it rests on (absent in summaries written before it existed). */
  ratios?: RatiosByBasis;
  /** Keys of the violated cells. */
  counterexamples: string[];
  /**
   * The best attained cell, shown first on the theorem's page: an exact one before a sampled one, then
   * the ratio nearest 1.
   */
  attained?: { key: string; ratio: number; basis: string };
}

/**
 * A theorem's worst measured/bound by what it rests on, so that a sampled point estimate above 1 (noise
 * around an attained bound) is never shown as if it were a measurement. NaN where no cell has that basis.
 */
export interface RatiosByBasis {
  /** Largest measured/bound over cells known without sampling error: pathwise runs, enumerated expectations, certificates. */
  exact: number;
  /** Largest (lower confidence bound of the mean)/bound over sampled cells: what a sampled verdict rests on. */
  sampledLower: number;
  /** Largest sampled mean/bound: a point estimate, shown only labelled as one. */
  sampledPoint: number;
}

function ratiosByBasis(results: readonly CellResult[]): RatiosByBasis {
  const out: RatiosByBasis = { exact: NaN, sampledLower: NaN, sampledPoint: NaN };
  const raise = (key: keyof RatiosByBasis, v: number): void => {
    if (!Number.isNaN(v) && !(out[key] >= v)) out[key] = v;
  };
  for (const r of results) {
    const o = r.outcome;
    if (!o || Number.isNaN(o.ratio)) continue;
    if (o.basis?.kind === 'sampled' && o.ci) {
      raise('sampledPoint', o.ratio);
      raise('sampledLower', o.bound > 0 ? o.ci.lower / o.bound : o.ci.lower <= 0 ? 0 : Infinity);
    } else raise('exact', o.ratio);
  }
  return out;
}

export interface AuditSummary {
  schema: typeof AUDIT_SCHEMA;
  version: number;
  run: {
    profile: ProfileName;
    seed: number;
    shard?: Shard;
    /** The catalog module when it is not the registry (tests); replay commands name it. */
    catalog?: string;
    /** Shard directories this summary merges, when made by `merge`. */
    mergedFrom?: string[];
    started: string;
    finished: string;
    wallMs: number;
    /** Cells planned but not finished (budget exhausted, or missing shards in a merge). */
    unfinished: number;
    budgetExhausted: boolean;
  };
  environment: Environment;
  theorems: TheoremSummary[];
  /**
   * violations: [S]/[D] theorems violated; findings: [P] readings violated; errors: theorems with an
   * error cell (a check that threw, returned NaN, ran past its time limit: the check is broken, not
   * the theorem); errorCells: those cells.
   */
  totals: { theorems: number; cells: number; violations: number; findings: number; errors: number; errorCells: number };
  /**
   * 0: every [S]/[D] theorem holds and no cell errored; 1: an [S]/[D] theorem is violated (whatever
   * else happened: a violated cell is a replayable counterexample that stands on its own, and a CI that
   * reads 2 as "fix the set-up" must not miss it); 2: no violation, but a cell errored.
   */
  exitCode: 0 | 1 | 2;
}

const ZERO_COUNTS: Record<CellVerdict, number> = {
  violated: 0,
  attained: 0,
  holds: 0,
  undecided: 0,
  skipped: 0,
  error: 0,
};

/** Exact before sampled, then the ratio nearest 1. */
function betterAttained(a: CellResult, b: CellResult | undefined): boolean {
  if (!b?.outcome || !a.outcome) return b === undefined;
  const ea = a.outcome.basis?.kind === 'exact';
  const eb = b.outcome.basis?.kind === 'exact';
  if (ea !== eb) return ea;
  return Math.abs(a.outcome.ratio - 1) < Math.abs(b.outcome.ratio - 1);
}

export function summarizeTheorem(catalog: Catalog, id: string, planned: Cell[], results: CellResult[]): TheoremSummary {
  const th = catalog.theorems.find((t) => t.id === id);
  if (!th) throw new Error(`summarizeTheorem: ${id} is not in the catalog`);
  const counts = { ...ZERO_COUNTS };
  let worstRatio = NaN;
  let worstKey: string | undefined;
  const counterexamples: string[] = [];
  let attained: CellResult | undefined;
  for (const r of results) {
    counts[r.verdict]++;
    if (r.verdict === 'violated') counterexamples.push(r.key);
    if (r.verdict === 'attained' && betterAttained(r, attained)) attained = r;
    const ratio = r.outcome?.ratio;
    if (ratio !== undefined && !Number.isNaN(ratio) && (Number.isNaN(worstRatio) || ratio > worstRatio)) {
      worstRatio = ratio;
      worstKey = r.key;
    }
  }
  let verdict: TheoremVerdict;
  if (!findCheck(catalog, id)) verdict = 'no-check';
  else if (counts.violated > 0) verdict = 'violated';
  else if (counts.error > 0) verdict = 'error';
  else if (counts.attained > 0) verdict = 'attained';
  else if (counts.holds > 0 && counts.undecided === 0) verdict = 'holds';
  else if (results.length === 0 || counts.undecided === 0) verdict = 'not-run';
  else verdict = 'undecided';
  return {
    id,
    title: th.title,
    status: th.status,
    family: th.family,
    kind: th.kind,
    verdict,
    fails: (verdict === 'violated' && th.status !== 'paper-reading') || counts.error > 0,
    planned: planned.length,
    cells: results.length,
    counts,
    worstRatio,
    worstKey,
    ratios: ratiosByBasis(results),
    counterexamples,
    ...(attained?.outcome
      ? {
          attained: {
            key: attained.key,
            ratio: attained.outcome.ratio,
            basis: attained.outcome.basis ? describeBasis(attained.outcome.basis) : 'unknown',
          },
        }
      : {}),
  };
}

export function summarizeAudit(
  catalog: Catalog,
  theoremIds: readonly string[],
  planned: Cell[],
  results: CellResult[],
  run: AuditSummary['run'],
  environment: Environment,
): AuditSummary {
  const theorems = theoremIds.map((id) =>
    summarizeTheorem(
      catalog,
      id,
      planned.filter((c) => c.theorem === id),
      results.filter((r) => r.theorem === id),
    ),
  );
  const totals = {
    theorems: theorems.length,
    cells: results.length,
    violations: theorems.filter((t) => t.verdict === 'violated' && t.status !== 'paper-reading').length,
    findings: theorems.filter((t) => t.verdict === 'violated' && t.status === 'paper-reading').length,
    errors: theorems.filter((t) => t.counts.error > 0).length,
    errorCells: theorems.reduce((a, t) => a + t.counts.error, 0),
  };
  const violated = theorems.some((t) => t.verdict === 'violated' && t.status !== 'paper-reading');
  return {
    schema: AUDIT_SCHEMA,
    version: AUDIT_VERSION,
    run,
    environment,
    theorems,
    totals,
    exitCode: violated ? 1 : totals.errorCells > 0 ? 2 : 0,
  };
}
