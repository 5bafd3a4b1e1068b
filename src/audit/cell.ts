import { createHash } from 'node:crypto';
import type { Trial, TrialOutcome } from '../theory/check';
import type { Verdict } from '../stats/verdict';
import { encodeJson } from './codec';

/**
 * A cell of an audit: one trial of one theorem, either drawn from the theorem's own trial
 * arbitrary ('sample') or a structured variation of a drawn trial along T, k or n (for the plots).
 */
export type SweepAxis = 'sample' | 'T' | 'k' | 'n';

export interface Cell {
  /** Content hash of the trial: the identity used by --resume, --shard and merge. */
  key: string;
  /** Position in the plan (shards are taken round-robin over it). */
  index: number;
  theorem: string;
  trial: Trial;
  /** Every sweep this trial belongs to (a sampled trial can also be a point of a sweep). */
  axes: SweepAxis[];
}

/**
 * 'skipped': a sweep point outside the theorem's hypotheses (a sweep varies T, k, n blindly; the
 * theorem says which points it covers). 'error': any other exception, a bug to look at.
 */
export type CellVerdict = Verdict | 'skipped' | 'error';

export interface CellResult {
  key: string;
  theorem: string;
  trial: Trial;
  axes: SweepAxis[];
  verdict: CellVerdict;
  outcome?: TrialOutcome;
  error?: { name: string; message: string };
  /** Wall time of the run, milliseconds. */
  ms: number;
}

/** Stable key of a trial: canonical JSON (sorted keys) hashed. */
export function cellKey(trial: Trial): string {
  return createHash('sha256').update(canonicalJson(trial)).digest('hex').slice(0, 20);
}

function canonicalJson(v: unknown): string {
  return encodeJson(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
