import type { Trial, TrialOutcome } from '../theory/check';
import type { InstanceSpec } from '../objectives/instance';
import type { TheoremStatus } from '../theory/theorem';

/**
 * The messages between the explorer page (src/explore/page.ts, main thread: inputs, formulas, plots)
 * and its Web Worker (src/explore/worker.ts: the catalog, the formula engine, the Float64 engine).
 * Plain JSON both ways, so a trial on the page is the same value `fwa-theorems audit --trial` reads.
 */

/** One input of the page: a number the trial names, in its params or its instance's parameters. */
export interface SymbolInput {
  name: string;
  /** 'params': the theorem's own parameter (T, k, c, …); 'instance': the generator's (n, d, …). */
  where: 'params' | 'instance';
  /** The theorem's description of the symbol, or the generator parameter's name. */
  meaning: string;
}

/** A theorem in the page's menu (cheap: nothing compiled or drawn). */
export interface TheoremEntry {
  id: string;
  title: string;
  status: TheoremStatus;
  /** False for a theorem without a check (a statement the suite does not measure): statement only. */
  runs: boolean;
}

/** What the page shows of a theorem before anything runs (computed when the theorem is chosen). */
export interface TheoremInfo {
  id: string;
  title: string;
  source: string;
  status: TheoremStatus;
  family: string;
  measure: string;
  /** The bound in LaTeX, from the one expression the registry evaluates. */
  tex: string;
  hypotheses: string[];
  /** Its first trial at the explorer seed (null: the theorem has no check). */
  trial: Trial | null;
  inputs: SymbolInput[];
  /** Instances the theorem's own trials draw, one per generator: what the instance menu offers. */
  instances: InstanceSpec[];
  /** Certified worst cases (PEP certificates) at D = G = 1 for this theorem, if any. */
  certified: CertifiedPoint[];
}

/**
 * A committed, verified PEP certificate where the theorem speaks: T engine steps, FWA window k, step
 * scale c, at D = G = 1. At other D, G the worst case is D·G times the one at c·G/D (scaling lemma).
 */
export interface CertifiedPoint {
  T: number;
  k: number;
  c: number;
  lower: number;
  upper: number;
  certificate: string;
}

export type ToWorker =
  | {
      type: 'init';
      /** Certified points by theorem id (verified when the page was built). */
      certified: Record<string, CertifiedPoint[]>;
      /** The catalog file the page was built from (null: the registry), for the replay command. */
      catalog: string | null;
    }
  | { type: 'describe'; theorem: string }
  | {
      type: 'compute';
      /** Increases with every request; answers to a superseded one are dropped by the page. */
      request: number;
      theorem: string;
      trial: Trial;
    };

/** One point of a curve: the bound there, and the engine's outcome once run (null: not yet, or not runnable). */
export interface CurvePoint {
  x: number;
  bound: number | null;
  outcome: TrialOutcome | null;
  /** The certified worst case there, when a verified certificate covers the point. */
  certified: CertifiedValue | null;
  error?: string;
}

/** A certified worst case at the page's point (scaled to its D, G): lower ≤ worst case ≤ upper. */
export interface CertifiedValue {
  lower: number;
  upper: number;
  certificate: string;
}

export type FromWorker =
  | { type: 'ready'; theorems: TheoremEntry[] }
  | { type: 'described'; info: TheoremInfo }
  | {
      type: 'bound';
      request: number;
      /** Null: the bound reads quantities only the run produces. */
      bound: number | null;
      /** The scope the bound is evaluated at: the trial's parameters and the instance's certified constants. */
      scope: Record<string, number>;
      certified: CertifiedValue | null;
    }
  | { type: 'outcome'; request: number; outcome: TrialOutcome; replay: string; ms: number }
  | { type: 'curve'; request: number; axis: 'T' | 'k'; points: CurvePoint[]; done: number; total: number }
  | {
      type: 'invalid';
      request: number;
      /** The hypothesis (or parameter) the trial breaks, and the theorem's sentence about it. */
      hypothesis: string;
      message: string;
    }
  | { type: 'error'; request: number; message: string };
