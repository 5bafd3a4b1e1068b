import { html, scriptJson, type SafeHtml } from './html';

/** One plotly trace (the subset the reports use; plotly reads more). */
export interface Trace {
  name: string;
  /** Numbers, or category labels (bar charts). */
  x: Array<number | string | null>;
  /** Ignored for histograms (they bin x). */
  y: Array<number | null>;
  mode?: 'lines' | 'markers' | 'lines+markers';
  type?: 'scatter' | 'histogram' | 'bar';
  line?: { dash?: 'solid' | 'dash' | 'dot'; color?: string };
  marker?: { color?: string; symbol?: string; size?: number };
  nbinsx?: number;
}

export interface Figure {
  title: string;
  xTitle: string;
  yTitle: string;
  xLog?: boolean;
  yLog?: boolean;
  traces: Trace[];
  /** A sentence under the plot saying what to read in it. */
  caption?: string;
  /** Angle of the x tick labels (long category names, e.g. theorem ids, need −45). */
  xTickAngle?: number;
}

let counter = 0;

/** Plotly cannot draw NaN or ±∞ (nor ≤ 0 on a log axis): such points become gaps (null). */
function drawable<V extends number | string | null>(v: V, log: boolean | undefined): V | null {
  return typeof v === 'number' && (!Number.isFinite(v) || (log && v <= 0)) ? null : v;
}

/**
 * Tick labels as plain powers of ten (10⁻⁶), never plotly's default SI prefixes ("1µ", "1f", which
 * read as units).
 */
function numberAxis(log: boolean | undefined): Record<string, string> {
  return log ? { type: 'log', exponentformat: 'power' } : { exponentformat: 'power' };
}

/**
 * A figure as a div plus its data in a JSON script block; assets/report.js draws it with the local
 * plotly copy. `data-traces` lets a test check that every trace was drawn.
 */
export function figure(f: Figure): SafeHtml {
  const id = `fig-${++counter}`;
  const data = f.traces.map((t) => ({
    type: t.type ?? 'scatter',
    mode: t.type === undefined || t.type === 'scatter' ? (t.mode ?? 'lines+markers') : undefined,
    ...t,
    x: t.x.map((v) => drawable(v, f.xLog)),
    // A histogram of x must not carry a y array at all: plotly would bin the (empty) y instead.
    y: t.type === 'histogram' ? undefined : t.y.map((v) => drawable(v, f.yLog)),
  }));
  const layout = {
    title: { text: f.title },
    // Unset axis type lets plotly pick 'category' for labels; forcing 'linear' would hide them.
    xaxis: {
      title: { text: f.xTitle },
      ...numberAxis(f.xLog),
      ...(f.xTickAngle !== undefined ? { tickangle: f.xTickAngle, automargin: true } : {}),
    },
    yaxis: { title: { text: f.yTitle }, ...numberAxis(f.yLog) },
    margin: { t: 48, r: 16, b: 48, l: 64 },
    legend: { orientation: 'h', y: -0.2 },
    height: f.xTickAngle !== undefined ? 560 : 380,
  };
  return html`<figure class="plot-figure">
    <div class="plot" id="${id}" data-traces="${data.length}"></div>
    <script type="application/json" id="${id}-spec">
      ${scriptJson({ data, layout })}
    </script>
    ${f.caption ? html`<figcaption>${f.caption}</figcaption>` : ''}
  </figure>`;
}
