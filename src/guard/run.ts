import type { TheoremCheck, Trial } from '../theory/check';
import type { Profile } from '../profile';
import type { Catalog } from '../catalog/load';
import { registry } from '../catalog/registry';
import type { Theorem } from '../theory/theorem';
import { certifiedRatio, withHypotheses, type EvaluatedTrial } from './evaluate';
import { baselineTrials, killMatrixFor, summarizeKills, type KillSummary, type TheoremKillReport } from './killMatrix';
import {
  entryFor,
  makeEntry,
  mergeEntry,
  readLedger,
  replayEntry,
  writeLedger,
  LEDGER_PATH,
  type Ledger,
  type LedgerEntry,
  type Replay,
} from './ledger';
import { generateMutants } from './mutants';
import { judgeByCertificates } from './pep';
import { isConvexStabilityTarget } from './targets';
import { climbFrom, evaluateTrials, parameterLimits } from './search';
import { DEFAULT_SHAPE_GRID, fitShape, measureGrid, shapeTrend, type ShapeFit, type ShapeGrid } from './shape';

/**
 * `npm run guard` end to end: for every registered theorem with a check, the tightness search on
 * its own bound (which updates the ledger), the kill matrix of its mutants, the shape check on
 * Harvey's instance for the convergence bounds, and the verdict on each paper reading.
 */
export interface GuardOptions {
  profile: Profile;
  /** The theorems to guard (default: the registry); a user's catalog from `guard --catalog`. */
  catalog?: Catalog;
  /** Only these theorem ids (default: every theorem with a check). */
  theorems?: string[];
  samples: number;
  /** Expectation trials are raised to at least this many replicates (see withReplicates). */
  replicates: number;
  confirmations: number;
  /** Hill-climb budget (check runs) on the theorem's own bound. */
  searchEvaluations: number;
  /** Hill-climb budget for each surviving mutant whose best ratio reaches mutantSearchFrom. */
  mutantSearchEvaluations: number;
  mutantSearchFrom: number;
  shape: boolean;
  shapeGrid?: ShapeGrid;
  /** Write the merged ledger (an explicit choice: a default run leaves the tracked file untouched). */
  writeLedger: boolean;
  ledgerPath?: string;
  log: (line: string) => void;
}

export interface ShapeMutantResult {
  mutant: string;
  description: string;
  steepest: number;
  trend: number;
  detected: boolean;
}

export interface ShapeReport {
  theorem: string;
  instance: string;
  points: number;
  original: ShapeFit;
  mutants: ShapeMutantResult[];
}

export interface ReadingVerdict {
  theorem: string;
  /** 'broken': some trial violates it by the suite's rule; 'survives': none found. */
  verdict: 'broken' | 'survives';
  bestRatio: number;
  trial?: Trial;
  /** Where the reading sits relative to its derived counterpart on the sampled trials. */
  note?: string;
}

export interface GuardReport {
  profile: string;
  seed: number;
  date: string;
  seconds: number;
  theorems: TheoremKillReport[];
  skipped: { theorem: string; reason: string }[];
  overall: KillSummary;
  byFamily: Record<string, KillSummary>;
  /** The hard target: convex [S]/[D] stability bounds (targets.ts); every ≥ 10 % shrinking mutant caught. */
  convexStabilityTarget: KillSummary & { theorems: string[] };
  shape: ShapeReport[];
  readings: ReadingVerdict[];
  ledger: { entry: LedgerEntry; improved: boolean; replay?: Replay }[];
  /** The ledger file the records belong to. */
  ledgerPath: string;
}

/** Harvey's convex hard instance among a theorem's trials, if its check draws it. */
function harveyTemplate(evaluated: readonly EvaluatedTrial[]): Trial | undefined {
  return evaluated
    .map((e) => e.trial)
    .find((t) => /harvey/i.test(t.instance.generator) && !/strong/i.test(t.instance.generator));
}

export function runGuard(opts: GuardOptions): GuardReport {
  const t0 = Date.now();
  const wanted = opts.theorems ? new Set(opts.theorems) : undefined;
  const skipped: GuardReport['skipped'] = [];
  const targets: { theorem: Theorem; check: TheoremCheck }[] = [];
  const theorems = opts.catalog?.theorems ?? registry;
  for (const th of theorems) {
    if (wanted && !wanted.has(th.id)) continue;
    if (!th.check) skipped.push({ theorem: th.id, reason: 'no check registered' });
    else targets.push({ theorem: th, check: th.check });
  }
  let ledger: Ledger = readLedger(opts.ledgerPath ?? LEDGER_PATH);
  const ledgerRows: GuardReport['ledger'] = [];
  const reports: TheoremKillReport[] = [];
  const shapes: ShapeReport[] = [];
  const readings: ReadingVerdict[] = [];
  targets.forEach(({ theorem, check }, i) => {
    const start = Date.now();
    const tag = `[guard ${i + 1}/${targets.length}] ${theorem.id} (${theorem.status}, ${theorem.family})`;
    // A record whose trial no longer runs (e.g. a hypothesis was added) or no longer reaches its
    // ratio describes nothing registered any more: it is dropped, and the search sets a new one.
    let replay: Replay | undefined;
    const old = entryFor(ledger, theorem.id);
    if (old) {
      try {
        replay = replayEntry(old, theorem);
      } catch {
        replay = undefined;
      }
      if (!replay || !replay.reproduced || replay.boundChanged) {
        opts.log(
          `${tag}: ledger record ${old.bestRatio.toPrecision(4)} of ${old.date} is stale (${replay ? 'does not replay to its ratio' : 'its trial no longer runs'}); dropped`,
        );
        ledger = { version: 1, entries: ledger.entries.filter((e) => e !== old) };
        replay = undefined;
      }
    }
    const baseline = baselineTrials(theorem, check, opts.profile, {
      seed: opts.profile.seed,
      samples: opts.samples,
      replicates: opts.replicates,
    });
    opts.log(
      `${tag}: ${baseline.base.length} trials (${baseline.rejected} refused${baseline.errors.length ? `, ${baseline.errors.length} ERRORS of the check` : ''})`,
    );
    // Tightness search on the theorem's own bound, from the sampled trials only: its result depends on
    // the seed and the evaluation budgets alone, not on the ledger it is merged into, so a default run
    // reproduces the committed ledger (merging keeps the higher record; an equal one keeps its date).
    const climb = climbFrom(
      check,
      baseline.base,
      withHypotheses(theorem, theorem.compiled),
      { seed: opts.profile.seed, climbs: 3, climbEvaluations: opts.searchEvaluations, patience: 15 },
      parameterLimits(baseline.base.map((e) => e.trial)),
    );
    const runs = climb.evaluations + baseline.base.length;
    // The kill matrix starts from the hardest instances known: the climb's best and the record.
    if (climb.best && !baseline.base.includes(climb.best)) baseline.base.push(climb.best);
    if (replay)
      baseline.base.push(...evaluateTrials(check, [old!.trial], withHypotheses(theorem, theorem.compiled)).evaluated);
    if (climb.best) {
      const entry = makeEntry(theorem, climb.best, runs);
      const merged = mergeEntry(ledger, entry);
      ledger = merged.ledger;
      const kept = entryFor(ledger, theorem.id);
      if (kept)
        ledgerRows.push({ entry: kept, improved: merged.improved, ...(replay && !merged.improved ? { replay } : {}) });
      opts.log(
        `${tag}: best ratio ${certifiedRatio(climb.best.outcome).toPrecision(4)} after ${climb.evaluations} climb runs${merged.improved ? ' (new ledger record)' : ''}`,
      );
    }
    const mutants = generateMutants(theorem.bound);
    const report = killMatrixFor(
      theorem,
      check,
      opts.profile,
      {
        seed: opts.profile.seed,
        samples: opts.samples,
        confirmations: opts.confirmations,
        searchEvaluations: opts.mutantSearchEvaluations,
        searchFrom: opts.mutantSearchFrom,
      },
      mutants,
      baseline,
    );
    // Convergence mutants are also judged exactly, against the committed PEP certificates.
    judgeByCertificates(theorem, report.mutants);
    reports.push(report);
    const s = summarizeKills(report.mutants);
    opts.log(
      `${tag}: ${s.caught}/${s.mutants} refutable mutants caught${s.validDeterministic ? ` (${s.validDeterministic} more valid on the deterministic class)` : ''}; ${s.shrinkingCaught}/${s.shrinking} of those shrinking the bound by ≥ 10 % (${((Date.now() - start) / 1000).toFixed(1)} s)`,
    );
    // Shape needs a bound that reads T; a bound that does not read k is measured at k = 1 only.
    if (
      opts.shape &&
      theorem.family === 'convergence' &&
      theorem.kind === 'upper' &&
      theorem.compiled.symbols.includes('T')
    ) {
      const template = harveyTemplate(baseline.base);
      const grid = opts.shapeGrid ?? DEFAULT_SHAPE_GRID;
      if (template) {
        const points = measureGrid(
          check,
          template,
          theorem.compiled.symbols.includes('k') ? grid : { ...grid, ks: [1] },
          withHypotheses(theorem, theorem.compiled),
        );
        if (points.length >= 3) {
          const original = fitShape(points, theorem.compiled);
          const rows: ShapeMutantResult[] = mutants.map((m) => {
            const fit = fitShape(points, m.compiled);
            const { trend, detected } = shapeTrend(original, fit);
            const r = report.mutants.find((x) => x.id === m.id);
            if (r && detected && r.status === 'survived') r.note = `shape trend +${trend.toFixed(3)} in log-log slope`;
            return { mutant: m.id, description: m.description, steepest: fit.steepest, trend, detected };
          });
          shapes.push({
            theorem: theorem.id,
            instance: template.instance.generator,
            points: points.length,
            original,
            mutants: rows,
          });
          opts.log(
            `${tag}: shape on ${template.instance.generator}: ${points.length} grid points, original steepest |slope| ${original.steepest.toFixed(3)}, ${rows.filter((r) => r.detected).length}/${rows.length} mutants show a trend`,
          );
        }
      } else {
        opts.log(`${tag}: shape check skipped (the check draws no Harvey instance)`);
      }
    }
    if (theorem.status === 'paper-reading') {
      const best = [...baseline.base].sort((a, b) => certifiedRatio(b.outcome) - certifiedRatio(a.outcome))[0];
      const broken = baseline.base.find((e) => e.outcome.verdict === 'violated');
      const witness = broken ?? best;
      readings.push({
        theorem: theorem.id,
        verdict: broken ? 'broken' : 'survives',
        bestRatio: witness ? certifiedRatio(witness.outcome) : NaN,
        ...(witness ? { trial: witness.trial } : {}),
        ...readingNote(theorem, baseline.base),
      });
    }
  });
  if (opts.writeLedger) writeLedger(ledger, opts.ledgerPath ?? LEDGER_PATH);
  const byFamily: Record<string, KillSummary> = {};
  for (const fam of new Set(reports.map((r) => r.family)))
    byFamily[fam] = summarizeKills(reports.filter((r) => r.family === fam).flatMap((r) => r.mutants));
  return {
    profile: opts.profile.name,
    seed: opts.profile.seed,
    date: new Date().toISOString(),
    seconds: (Date.now() - t0) / 1000,
    theorems: reports,
    skipped,
    overall: summarizeKills(reports.flatMap((r) => r.mutants)),
    byFamily,
    convexStabilityTarget: (() => {
      const ids = targets.filter((x) => isConvexStabilityTarget(x.theorem)).map((x) => x.theorem.id);
      return {
        ...summarizeKills(reports.filter((r) => ids.includes(r.theorem)).flatMap((r) => r.mutants)),
        theorems: ids,
      };
    })(),
    shape: shapes,
    readings,
    ledger: ledgerRows,
    ledgerPath: opts.ledgerPath ?? LEDGER_PATH,
  };
}

/**
 * A reading against the derived theorem it is a printed form of (Theorem.readingOf): min and max of
 * reading/derived over the sampled scopes, so a reader sees where the reading is the smaller one.
 */
function readingNote(reading: Theorem, base: readonly EvaluatedTrial[]): { note?: string } {
  const derived = reading.readingOf;
  if (!derived) return {};
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of base) {
    if (e.scopes.length !== 1) continue;
    try {
      const r = reading.compiled.evaluate(e.scopes[0]) / derived.compiled.evaluate(e.scopes[0]);
      if (Number.isFinite(r)) {
        lo = Math.min(lo, r);
        hi = Math.max(hi, r);
      }
    } catch {
      // The derived bound needs a symbol the reading's scope lacks: no comparison at this trial.
    }
  }
  return Number.isFinite(lo)
    ? { note: `reading / ${derived.id} ∈ [${lo.toPrecision(4)}, ${hi.toPrecision(4)}] on the sampled trials` }
    : {};
}
