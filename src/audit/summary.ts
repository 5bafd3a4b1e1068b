import type { ProfileName } from '../profile';
import type { TheoremFamily, TheoremKind, TheoremStatus } from '../theory/theorem';
import { findCheck, type Catalog } from './catalog';
import type { Cell, CellResult, CellVerdict } from './cell';
import type { Environment } from './environment';
import type { Shard } from './shard';

export const AUDIT_SCHEMA = 'fwa-theorems/audit';
export const AUDIT_VERSION = 1;

/**
 * A theorem's verdict over all its cells. 'violated' for an [S]/[D] theorem fails the audit; for a
 * [P] reading it is a finding. 'error': a cell threw (a bug). 'no-check': nothing measures it yet.
 */
export type TheoremVerdict = 'holds' | 'violated' | 'inconclusive' | 'error' | 'no-check' | 'not-run';

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
  /** Whether this verdict fails the audit (violated or error, and not a paper reading). */
  fails: boolean;
  /** Planned cells for this theorem in this run (shard), and how many finished. */
  planned: number;
  cells: number;
  counts: Record<CellVerdict, number>;
  /** Largest measured/bound ratio over finished cells (NaN when none has a ratio). */
  worstRatio: number;
  worstKey?: string;
  /** Keys of the violated cells. */
  counterexamples: string[];
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
  totals: { theorems: number; cells: number; violations: number; findings: number; errors: number };
  /** 0: every [S]/[D] theorem holds; 1: one is violated or a cell errored. */
  exitCode: 0 | 1;
}

const ZERO_COUNTS: Record<CellVerdict, number> = { holds: 0, violated: 0, inconclusive: 0, skipped: 0, error: 0 };

export function summarizeTheorem(catalog: Catalog, id: string, planned: Cell[], results: CellResult[]): TheoremSummary {
  const th = catalog.theorems.find((t) => t.id === id);
  if (!th) throw new Error(`summarizeTheorem: ${id} is not in the catalog`);
  const counts = { ...ZERO_COUNTS };
  let worstRatio = NaN;
  let worstKey: string | undefined;
  const counterexamples: string[] = [];
  for (const r of results) {
    counts[r.verdict]++;
    if (r.verdict === 'violated') counterexamples.push(r.key);
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
  else if (counts.holds > 0 && counts.inconclusive === 0) verdict = 'holds';
  else if (results.length === 0) verdict = 'not-run';
  else verdict = 'inconclusive';
  return {
    id,
    title: th.title,
    status: th.status,
    family: th.family,
    kind: th.kind,
    verdict,
    fails: (verdict === 'violated' && th.status !== 'paper-reading') || verdict === 'error',
    planned: planned.length,
    cells: results.length,
    counts,
    worstRatio,
    worstKey,
    counterexamples,
  };
}

export function summarize(
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
    errors: theorems.filter((t) => t.verdict === 'error').length,
  };
  return {
    schema: AUDIT_SCHEMA,
    version: AUDIT_VERSION,
    run,
    environment,
    theorems,
    totals,
    exitCode: theorems.some((t) => t.fails) ? 1 : 0,
  };
}
