import { createHash } from 'node:crypto';
import type { AveragerSpec } from '../engine/averagers/averager';
import { szHorizonForEngineSteps } from '../engine/convention';
import type { ScheduleSpec } from '../engine/schedule';
import { constantInvSqrtHorizon, invSqrtT } from '../engine/schedule';
import type { PepSpec } from './problem';

/**
 * The committed grid of worst cases: which (schedule, c, T, averager) are solved by `npm run pep` and
 * verified by `npm test`. Everything is at D = G = 1; the worst case at (D, G, c) is D·G times the one
 * at (1, 1, cG/D) (docs/theory/pep.md), so a grid in c covers every D and G.
 */

/** The two schedules of the convergence family, as the registry's checks run them on the engine. */
export type PepScheduleKind = 'inv-sqrt-t' | 'c-over-sqrt-horizon';

/**
 * α_t = c/√t, or the constant-step theorem's η ≡ c/√T in its own (Shamir–Zhang) horizon, which for
 * an engine run of T updates is T + 1: the schedules the registry's checks run (src/measure/convergence.ts).
 */
export function pepSchedule(kind: PepScheduleKind, c: number, T: number): ScheduleSpec {
  return kind === 'inv-sqrt-t' ? invSqrtT(c) : constantInvSqrtHorizon(c, szHorizonForEngineSteps(T));
}

/** The schedule each convergence theorem is stated for. */
export const THEOREM_SCHEDULE: Readonly<Record<string, PepScheduleKind>> = {
  'sz13-last-iterate': 'inv-sqrt-t',
  'fwa-convergence': 'inv-sqrt-t',
  'fwa-convergence-paper-reading': 'inv-sqrt-t',
  'fwa-convergence-constant-step': 'c-over-sqrt-horizon',
};

export interface GridPoint {
  schedule: PepScheduleKind;
  c: number;
  /** Engine steps. */
  T: number;
  averager: AveragerSpec;
}

function averagerTag(a: AveragerSpec): string {
  switch (a.kind) {
    case 'fwa':
      return `fwa-k${a.k}`;
    case 'swa':
      return `swa-s${a.start}`;
    case 'ema':
      return `ema-g${a.gamma}`;
    case 'explicit':
      // Any weights: named by their content, so two weightings never share a certificate file.
      return `explicit-${createHash('sha256').update(JSON.stringify(a.weights)).digest('hex').slice(0, 12)}`;
    default:
      return a.kind;
  }
}

/** File-name-safe, unique name of a grid point. */
export function pointName(p: GridPoint): string {
  return `${p.schedule}-c${p.c}-T${p.T}-${averagerTag(p.averager)}`;
}

/** The PEP of a grid point: the deterministic projected subgradient method on the Shamir–Zhang class. */
export function pointSpec(p: GridPoint): PepSpec {
  return {
    T: p.T,
    schedule: pepSchedule(p.schedule, p.c, p.T),
    averager: p.averager,
    fclass: { kind: 'convex-lipschitz', G: 1 },
    domain: { kind: 'set', D: 1 },
    measure: 'average',
  };
}

/** Horizons solved at k = T only (each solve costs CPU minutes). */
const LARGE_T: readonly number[] = [30, 40];

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * The committed grid, per schedule: every k for T ≤ 10 (c = 1); k ∈ {1, T/4, T/2, T} at T = 15, 20; k = T
 * at T = 30, 40 (about 2.5 T² inequalities of which ~T² bind, and CSDP's cost grows as their cube: one
 * T = 40 solve costs minutes, so the budget of `npm run pep` allows the k = T end only, where the
 * constant-step worst case is closest to its bound); c ∈ {1/2, 2} at T = 6, 10 with k ∈ {1, T/2, T};
 * SWA from the middle and EMA(γ = 0.1, 0.5) at T = 6, 10.
 */
export function committedGrid(): GridPoint[] {
  const out: GridPoint[] = [];
  for (const schedule of ['inv-sqrt-t', 'c-over-sqrt-horizon'] as const) {
    for (const T of range(1, 10))
      for (const k of range(1, T)) out.push({ schedule, c: 1, T, averager: { kind: 'fwa', k } });
    for (const T of [15, 20])
      for (const k of [1, Math.round(T / 4), Math.round(T / 2), T])
        out.push({ schedule, c: 1, T, averager: { kind: 'fwa', k } });
    for (const T of LARGE_T) out.push({ schedule, c: 1, T, averager: { kind: 'fwa', k: T } });
    for (const c of [0.5, 2])
      for (const T of [6, 10])
        for (const k of [1, T / 2, T]) out.push({ schedule, c, T, averager: { kind: 'fwa', k } });
    for (const T of [6, 10]) {
      out.push({ schedule, c: 1, T, averager: { kind: 'swa', start: T / 2 } });
      for (const gamma of [0.1, 0.5]) out.push({ schedule, c: 1, T, averager: { kind: 'ema', gamma } });
    }
  }
  return out;
}

/**
 * Horizons beyond the k-grid, solved at k = T only, for the constant step c/√T at c = 1/2 and 1: where
 * the split solve (split.ts) is exact and takes minutes (plain constraint generation needs hours at T = 100).
 */
export const SPLIT_T: readonly number[] = [60, 80, 100];
const SPLIT_C: readonly number[] = [0.5, 1];

/**
 * The large grid (its own directory, certificates/pep-large/, verified in `npm test` by properties/pep-large-certificates.test.ts): the
 * k-grid k ∈ {1, T/4, T/2, T} at T = 15, 20, 30, 40 for both schedules and c ∈ {1/2, 1, 2}, less the
 * points of the committed grid, and the constant step at c ∈ {1/2, 1}, k = T for T ∈ SPLIT_T. Its
 * certificates are larger and slower to verify (0.1 s each at T = 40 on a quiet machine, 0.4 s under load,
 * 0.6 s at T = 100; up to 413 KB), so `npm test` verifies the committed grid and only a fixed sample of this one.
 */
export function largeGrid(): GridPoint[] {
  const committed = new Set(committedGrid().map(pointName));
  const out: GridPoint[] = [];
  for (const schedule of ['inv-sqrt-t', 'c-over-sqrt-horizon'] as const)
    for (const c of [0.5, 1, 2])
      for (const T of [15, 20, 30, 40])
        for (const k of [1, Math.round(T / 4), Math.round(T / 2), T]) {
          const p: GridPoint = { schedule, c, T, averager: { kind: 'fwa', k } };
          if (!committed.has(pointName(p))) out.push(p);
        }
  for (const c of SPLIT_C)
    for (const T of SPLIT_T) out.push({ schedule: 'c-over-sqrt-horizon', c, T, averager: { kind: 'fwa', k: T } });
  return out;
}
