import type { CellResult } from '../cell';
import type { Figure, Trace } from '../../report/plot';

/**
 * A theorem page's figures: measured against bound along T, the FWA/SGD ratio along k, the stability
 * gap along k and n, and the distribution of measured/bound.
 */

const sortBy = (k: (r: CellResult) => number) => (a: CellResult, b: CellResult) => k(a) - k(b);
export const param = (name: string) => (r: CellResult) => r.trial.params[name];
const measured = (r: CellResult) => r.outcome?.measured ?? NaN;
const bound = (r: CellResult) => r.outcome?.bound ?? NaN;
const withOutcome = (rs: CellResult[], axis: string) => rs.filter((r) => r.axes.includes(axis as never) && r.outcome);

/** One colour per k: a measured curve and its bound share it. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

/** Measured and bound against T on log-log axes, one pair of curves per k. */
export function tFigure(rs: CellResult[]): Figure | null {
  const cells = withOutcome(rs, 'T');
  if (cells.length < 2) return null;
  const groups = new Map<string, CellResult[]>();
  for (const r of cells) {
    const k = r.trial.params.k;
    const g = k === undefined ? 'all' : `k = ${k}`;
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const traces: Trace[] = [];
  [...groups].forEach(([g, list], i) => {
    list.sort(sortBy(param('T')));
    const x = list.map(param('T'));
    const color = PALETTE[i % PALETTE.length];
    traces.push({
      name: `measured, ${g}`,
      x,
      y: list.map(measured),
      mode: 'lines+markers',
      line: { color },
      marker: { color },
    });
    traces.push({ name: `bound, ${g}`, x, y: list.map(bound), mode: 'lines', line: { dash: 'dash', color } });
  });
  return {
    title: 'Measured and bound against T',
    xTitle: 'T (updates)',
    yTitle: 'value',
    xLog: true,
    yLog: true,
    traces,
    caption: 'Solid: measured; dashed: the bound. Parallel lines mean the bound has the right rate in T.',
  };
}

/** FWA(k)/SGD measured ratio against the ratio the bound predicts, as k varies at fixed T. */
export function kRatioFigure(rs: CellResult[]): Figure | null {
  const cells = withOutcome(rs, 'k').sort(sortBy(param('k')));
  const sgd = cells.find((r) => r.trial.params.k === 1);
  if (!sgd || cells.length < 2) return null;
  const x = cells.map(param('k'));
  return {
    title: 'FWA / SGD: measured ratio against predicted ratio',
    xTitle: 'k (window)',
    yTitle: 'value at k / value at k = 1',
    xLog: true,
    traces: [
      { name: 'measured FWA/SGD', x, y: cells.map((r) => measured(r) / measured(sgd)) },
      { name: 'predicted (bound ratio)', x, y: cells.map((r) => bound(r) / bound(sgd)), line: { dash: 'dash' } },
    ],
    caption: `T = ${sgd.trial.params.T ?? '?'}; the bound predicts how much averaging the last k iterates helps over the last iterate.`,
  };
}

export function axisFigure(
  rs: CellResult[],
  axis: 'k' | 'n',
  title: string,
  xTitle: string,
  get: (r: CellResult) => number,
): Figure | null {
  const cells = withOutcome(rs, axis).sort(sortBy(get));
  if (cells.length < 2) return null;
  const x = cells.map(get);
  return {
    title,
    xTitle,
    yTitle: 'stability gap',
    xLog: true,
    yLog: true,
    traces: [
      { name: 'measured', x, y: cells.map(measured) },
      { name: 'bound', x, y: cells.map(bound), mode: 'lines', line: { dash: 'dash' } },
    ],
  };
}

export function ratioHistogram(rs: CellResult[]): Figure | null {
  const ratios = rs.map((r) => r.outcome?.ratio).filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (ratios.length === 0) return null;
  return {
    title: 'Distribution of measured / bound',
    xTitle: 'measured / bound',
    yTitle: 'cells',
    traces: [{ name: 'cells', type: 'histogram', x: ratios, y: [], nbinsx: 30 }],
    caption: 'Mass near 1 means the bound is tight on these instances; above 1 is a violation of a pathwise bound.',
  };
}
