import type { CurvePoint } from '../protocol';

/**
 * One curve of the explorer against T or k: the bound at every point, the engine's values with their
 * intervals as they arrive, and certified worst cases as markers at grid points only (nothing between
 * them is drawn as certified). `here` marks the page's current value of the axis.
 */
interface PlotlyApi {
  react(el: HTMLElement, data: object[], layout: object, config: object): Promise<unknown>;
}
declare const Plotly: PlotlyApi;

export function drawCurve(
  el: HTMLElement,
  axis: 'T' | 'k',
  pts: readonly CurvePoint[],
  here: number | undefined,
): void {
  el.dataset.points = String(pts.length);
  el.dataset.measured = String(pts.filter((p) => p.outcome).length);
  const ok = pts.filter((p) => p.error === undefined);
  const measured = ok.filter((p) => p.outcome);
  const cert = ok.filter((p) => p.certified);
  const traces: object[] = [
    { name: 'bound', x: ok.map((p) => p.x), y: ok.map((p) => p.bound), mode: 'lines+markers' },
    {
      name: 'measured (engine)',
      x: measured.map((p) => p.x),
      y: measured.map((p) => p.outcome!.measured),
      mode: 'markers',
      error_y: {
        type: 'data',
        symmetric: false,
        array: measured.map((p) => (p.outcome!.ci ? p.outcome!.ci.upper - p.outcome!.measured : 0)),
        arrayminus: measured.map((p) => (p.outcome!.ci ? p.outcome!.measured - p.outcome!.ci.lower : 0)),
      },
    },
  ];
  if (cert.length > 0)
    traces.push({
      name: 'certified worst case (PEP, grid points only)',
      x: cert.map((p) => p.x),
      y: cert.map((p) => p.certified!.lower),
      mode: 'markers',
      marker: { symbol: 'diamond', size: 10 },
    });
  const layout = {
    margin: { l: 60, r: 10, t: 30, b: 45 },
    height: 320,
    title: { text: `against ${axis}`, font: { size: 14 } },
    xaxis: { title: { text: axis }, type: axis === 'T' ? 'log' : 'linear' },
    yaxis: { title: { text: 'value' }, type: 'log' },
    legend: { orientation: 'h', y: -0.25 },
    shapes:
      typeof here === 'number'
        ? [{ type: 'line', x0: here, x1: here, yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot', color: '#999' } }]
        : [],
  };
  void Plotly.react(el, traces, layout, { displayModeBar: false, responsive: true, staticPlot: false });
}
