import type { BoundFn, TheoremCheck, Trial } from '../theory/check';
import { logLogSlope } from '../stats/slope';
import type { CompiledBound } from '../theory/expr';
import { boundAt, cloneTrial, runRecorded, type EvaluatedTrial } from './evaluate';

/**
 * Shape check. The convergence bounds are loose by more than 10× even on Harvey's
 * instance, so scaling a constant cannot make them fail; what a wrong k- or T-dependence does is
 * make measured/bound drift across the grid. On a grid of (T, k) the guard fits log-log slopes of
 * measured/bound against T (k fixed) and against k (T fixed); the original bound's slopes are its
 * flatness, and a mutant whose steepest slope exceeds the original's by SHAPE_SLOPE_MARGIN shows a
 * trend the data do not have.
 */
export const SHAPE_SLOPE_MARGIN = 0.1;

export interface ShapeGrid {
  Ts: number[];
  ks: number[];
}

export const DEFAULT_SHAPE_GRID: ShapeGrid = { Ts: [100, 200, 400, 800], ks: [1, 3, 9, 27] };

/**
 * The trial at (T, k): T and k set in the theorem's params, T (and d = T) in Harvey's instance
 * params, and the step constant c = 1 that Harvey's construction is built for (α_t = 1/√t).
 */
export function atTK(template: Trial, T: number, k: number): Trial {
  const t = cloneTrial(template);
  t.params.T = T;
  t.params.k = k;
  if (typeof t.params.c === 'number') t.params.c = 1;
  const ip = t.instance.params;
  if (typeof ip.T === 'number') ip.T = T;
  if (typeof ip.d === 'number' && ip.d === template.params.T) ip.d = T;
  return t;
}

export interface ShapeSeries {
  /** 'T' (k fixed at `at`) or 'k' (T fixed at `at`). */
  along: 'T' | 'k';
  at: number;
  xs: number[];
  ratios: number[];
  slope: number;
}

export interface ShapeFit {
  series: ShapeSeries[];
  /** max |slope| over the series. */
  steepest: number;
  /** Mean measured/bound over the grid. */
  level: number;
}

/** Runs the check on the grid points the hypotheses allow (k ≤ T, and whatever else the check refuses). */
export function measureGrid(check: TheoremCheck, template: Trial, grid: ShapeGrid, bound: BoundFn): EvaluatedTrial[] {
  const out: EvaluatedTrial[] = [];
  for (const T of grid.Ts) {
    for (const k of grid.ks) {
      if (k > T) continue;
      try {
        out.push(runRecorded(check, atTK(template, T, k), bound));
      } catch {
        // Outside the theorem's hypotheses (e.g. k > T/2 for the paper reading): not part of its grid.
      }
    }
  }
  return out;
}

/** Slopes of measured/bound across the grid, for any bound evaluated at the recorded scopes. */
export function fitShape(points: readonly EvaluatedTrial[], bound: CompiledBound): ShapeFit {
  const ratio = (e: EvaluatedTrial): number => e.outcome.measured / boundAt(e, bound);
  const series: ShapeSeries[] = [];
  const group = (key: 'T' | 'k', other: 'T' | 'k'): void => {
    const byOther = new Map<number, EvaluatedTrial[]>();
    for (const e of points) {
      const v = e.trial.params[other];
      byOther.set(v, [...(byOther.get(v) ?? []), e]);
    }
    for (const [at, es] of byOther) {
      const pts = es
        .map((e) => ({ x: e.trial.params[key], r: ratio(e) }))
        .filter((p) => p.r > 0 && Number.isFinite(p.r));
      if (new Set(pts.map((p) => p.x)).size < 2) continue;
      pts.sort((a, b) => a.x - b.x);
      const fit = logLogSlope(
        pts.map((p) => p.x),
        pts.map((p) => p.r),
      );
      series.push({ along: key, at, xs: pts.map((p) => p.x), ratios: pts.map((p) => p.r), slope: fit.slope });
    }
  };
  group('T', 'k');
  group('k', 'T');
  const all = points.map(ratio).filter((r) => Number.isFinite(r));
  return {
    series,
    steepest: series.reduce((m, s) => Math.max(m, Math.abs(s.slope)), 0),
    level: all.length ? all.reduce((a, b) => a + b, 0) / all.length : NaN,
  };
}

/** A mutant's shape verdict against the original's fit. */
export function shapeTrend(original: ShapeFit, mutant: ShapeFit): { trend: number; detected: boolean } {
  const trend = mutant.steepest - original.steepest;
  return { trend, detected: trend >= SHAPE_SLOPE_MARGIN };
}
