import { existsSync, mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic';
import { readJsonFile } from '../io/json-file';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Catalog } from '../audit/catalog';
import type { CellResult } from '../audit/cell';
import { PROJECT_ROOT } from '../audit/environment';
import { formatDuration } from '../audit/progress';
import type { AuditSummary, TheoremSummary } from '../audit/summary';
import { EXPERIMENTS_INDEX } from '../experiments/report';
import { describeTrial } from '../guard/format';
import { readLedger, type LedgerEntry } from '../guard/ledger';
import type { Theorem } from '../theory/theorem';
import { CS_METHOD } from '../stats/confidence-sequence';
import { ATTAINED_EPSILON, describeBasis } from '../stats/verdict';
import { copyAssets } from './assets';
import { formula } from './formula';
import { html, slug, type HtmlValue, type SafeHtml } from './html';
import { pageShell } from './page';
import { figure, type Figure, type Trace } from './plot';
import { replayCommand } from './replay';
import { table } from './table';
import { fmt } from './number';
import { pepSection } from './pep-section';
import { restingRatio, worstRatioLabel } from './ratio-basis';

/** Cells listed per theorem page (the full set is in results.jsonl). */
const MAX_CELL_ROWS = 300;
const MAX_COUNTEREXAMPLES = 25;

export function theoremPagePath(id: string): string {
  return `theorems/${slug(id)}.html`;
}

/** Writes index.html, one page per theorem and the assets into the run directory. */
export function writeAuditReport(out: string, catalog: Catalog, summary: AuditSummary, results: CellResult[]): void {
  copyAssets(out);
  mkdirSync(join(out, 'theorems'), { recursive: true });
  const experiments = join(out, '..', EXPERIMENTS_INDEX);
  const ledger = readLedger().entries.filter((e) => catalog.theorems.some((t) => t.id === e.theorem));
  writeFileAtomic(
    join(out, 'index.html'),
    indexPage(summary, ledger, existsSync(experiments) ? `../${EXPERIMENTS_INDEX}` : undefined).value,
  );
  for (const ts of summary.theorems) {
    const th = catalog.theorems.find((t) => t.id === ts.id);
    if (!th) continue;
    const rs = results.filter((r) => r.theorem === ts.id);
    writeFileAtomic(join(out, theoremPagePath(ts.id)), theoremPage(th, ts, summary, rs).value);
  }
}

function statusTag(status: string): SafeHtml {
  const label = status === 'classical' ? 'S · classical' : status === 'derived' ? 'D · derived' : 'P · paper reading';
  return html`<span class="tag ${status}">${label}</span>`;
}

function verdictBadge(verdict: string, paperReading: boolean): SafeHtml {
  const cls = verdict === 'violated' && paperReading ? 'finding' : verdict;
  const label = verdict === 'violated' && paperReading ? 'finding (violated)' : verdict;
  return html`<span class="verdict ${cls}">${label}</span>`;
}

/** How the suite's verdicts are decided (src/stats/verdict.ts), said once on every page that shows them. */
const VERDICT_LEGEND = html`<p class="muted">
  Verdicts: <b>violated</b> (an exact value above the bound, or the lower end of a sampled mean's confidence interval
  above it), <b>attained</b> (equal to the bound within the float tolerance, or the whole interval within [1 −
  ${ATTAINED_EPSILON}, 1 + ${ATTAINED_EPSILON}] × bound), <b>holds</b> (exactly below, or the upper end of the interval
  below; the certified slack is shown), <b>undecided</b> (a sampled cell whose budget ran out). Each cell says what it
  rests on: exact (every index path enumerated, or a pathwise value), sampled (${CS_METHOD}, with its level) or
  certificate. A violated paper reading is a finding.
</p>`;

function banner(s: AuditSummary): SafeHtml {
  const t = s.totals;
  const parts: HtmlValue[] = [];
  if (t.violations > 0 || t.errors > 0) {
    parts.push(
      html`<div class="banner fail">
        ${t.violations} classical/derived theorem(s) violated, ${t.errors} with errored cells: the audit fails.
      </div>`,
    );
  } else {
    parts.push(html`<div class="banner ok">No classical or derived theorem is violated on any finished cell.</div>`);
  }
  const unsure = s.theorems.filter((x) => x.verdict === 'undecided');
  if (unsure.length > 0) {
    parts.push(
      html`<div class="banner warn">
        ${unsure.length} theorem(s) undecided (${unsure.map((x) => x.id).join(', ')}): a sampled cell's budget ran out
        with the bound inside its confidence interval and no cell attains the bound: not a failure, but a larger budget
        would decide it.
      </div>`,
    );
  }
  if (t.findings > 0)
    parts.push(html`<div class="banner warn">${t.findings} paper reading(s) fail: reported as findings.</div>`);
  if (s.run.unfinished > 0) {
    parts.push(
      html`<div class="banner warn">
        ${s.run.unfinished} planned cell(s) did not run${s.run.budgetExhausted ? ' (time budget exhausted)' : ''}: run
        the same command again with --resume to complete the audit.
      </div>`,
    );
  }
  return html`${parts}`;
}

function cards(s: AuditSummary): SafeHtml {
  const items: Array<[string, string]> = [
    ['theorems', String(s.totals.theorems)],
    ['cells', String(s.totals.cells)],
    ['violations', String(s.totals.violations)],
    ['findings', String(s.totals.findings)],
    ['wall time', formatDuration(s.run.wallMs)],
  ];
  return html`<div class="cards">${items.map(([k, v]) => html`<div class="card"><b>${v}</b>${k}</div>`)}</div>`;
}

function environmentSection(s: AuditSummary): SafeHtml {
  const r = s.run;
  const e = s.environment;
  const rows: Array<[string, HtmlValue]> = [
    ['profile', r.profile],
    ['seed', String(r.seed)],
    [
      'shard',
      r.shard
        ? `${r.shard.index}/${r.shard.count}`
        : r.mergedFrom
          ? `merged from ${r.mergedFrom.join(', ')}`
          : 'whole run',
    ],
    ['started', r.started],
    ['finished', r.finished],
    ['wall time', `${formatDuration(r.wallMs)} (${r.wallMs} ms)`],
    ['node', e.node],
    ['platform', e.platform],
    ['cpus', `${e.cpus}; ${e.threads} worker thread(s)`],
    ['commit', `${e.commit}${e.dirty ? ' (with uncommitted changes)' : ''}`],
    ...Object.entries(e.packages).map(([p, v]): [string, HtmlValue] => [p, v]),
  ];
  return html`<h2>Environment</h2>
    <dl class="meta">
      ${rows.map(
        ([k, v]) =>
          html`<dt>${k}</dt>
            <dd>${v}</dd>`,
      )}
    </dl>`;
}

/** The constants ledger (properties/ledger.json, written by `npm run guard -- --write-ledger`) for the audited theorems. */
function ledgerSection(entries: LedgerEntry[]): SafeHtml {
  if (entries.length === 0) return html``;
  const rows = entries.map((e) => [
    html`<a href="${theoremPagePath(e.theorem)}">${e.theorem}</a>`,
    statusTag(e.status),
    fmt(e.bestRatio),
    fmt(e.pointRatio),
    e.verdict,
    describeTrial(e.trial),
    e.date,
  ]);
  return html`<h2>Constants ledger</h2>
    <p class="muted">
      The hardest instance known for each bound (properties/ledger.json, written by
      <code>npm run guard -- --write-ledger</code>): the certified ratio is the lower confidence bound of the mean over
      the bound (measured/bound for pathwise claims). A test replays every record.
    </p>
    ${table(['theorem', 'status', 'best certified ratio', 'measured/bound', 'verdict', 'trial', 'date'], rows, { className: 'summary' })}`;
}

function indexPage(s: AuditSummary, ledger: LedgerEntry[], experimentsHref: string | undefined): SafeHtml {
  const rows = s.theorems.map((t) => [
    html`<a href="${theoremPagePath(t.id)}">${t.id}</a>`,
    t.title,
    statusTag(t.status),
    t.family,
    verdictBadge(t.verdict, t.status === 'paper-reading'),
    `${t.cells}/${t.planned}`,
    worstRatioLabel(t),
    String(t.counterexamples.length),
  ]);
  const withRatio = s.theorems.filter((t) => Number.isFinite(restingRatio(t)));
  const worst: Figure = {
    title: 'Worst measured / bound per theorem',
    xTitle: 'theorem',
    yTitle: 'max measured / bound',
    traces: [
      { name: 'worst ratio', type: 'bar', x: withRatio.map((t) => t.id), y: withRatio.map((t) => restingRatio(t)) },
    ],
    caption:
      'What the verdicts rest on: the exact ratio, or for sampled cells the lower confidence bound of the mean over the bound. Above 1 means the bound was exceeded.',
    xTickAngle: -45,
  };
  const body = html`${banner(s)}${cards(s)}
    <h2>Theorems</h2>
    ${VERDICT_LEGEND}
    ${table(
      ['theorem', 'title', 'status', 'family', 'verdict', 'cells', 'worst measured/bound (basis)', 'counterexamples'],
      rows,
      {
        className: 'summary',
      },
    )}
    ${withRatio.length ? html`<div class="plots">${figure(worst)}</div>` : ''}
    <p class="muted">
      Every cell is in results.jsonl (one JSON line per cell, NaN and ±∞ encoded as {"$num": …}); the summary is
      audit.json.
    </p>
    ${experimentsHref ? html`<p>Experiments on real data (<code>npm run experiments</code>): <a href="${experimentsHref}">experiments report</a>.</p>` : ''}
    ${ledgerSection(ledger)} ${environmentSection(s)}`;
  return pageShell({
    title: `FWA theorems audit: profile ${s.run.profile}, seed ${s.run.seed}`,
    root: '.',
    body,
    plots: withRatio.length > 0,
  });
}

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'eta',
  'kappa',
  'lambda',
  'mu',
  'rho',
  'sigma',
  'tau',
]);
function symbolTex(name: string): string {
  const m = /^([A-Za-z]+)(\d*)$/.exec(name);
  if (!m) return `\\mathrm{${name.replace(/[^A-Za-z0-9]/g, '')}}`;
  const base = GREEK.has(m[1]) ? `\\${m[1]}` : m[1].length > 1 ? `\\mathrm{${m[1]}}` : m[1];
  return m[2] ? `${base}_{${m[2]}}` : base;
}

/**
 * A theorem's reference (e.g. docs/theory/stability.md#g2-constant-step) as a link into this checkout
 * when it names one of its files; a report read elsewhere still shows the path.
 */
function referenceLink(reference: string): HtmlValue {
  const [path, anchor] = reference.split('#', 2);
  const file = join(PROJECT_ROOT, path);
  if (!/^[\w./-]+$/.test(path) || !existsSync(file)) return reference;
  return html`<a href="${pathToFileURL(file).href}${anchor ? `#${anchor}` : ''}">${reference}</a>`;
}

function statementSection(th: Theorem): SafeHtml {
  const relation = th.kind === 'equality' ? '=' : '\\le';
  return html`<h2>Statement</h2>
    <p>
      ${th.measure.description}
      <span class="muted">(${th.measure.mode})</span> ${th.kind === 'ordering' ? 'is ordered as' : 'satisfies'}
    </p>
    <div class="formula">${formula(`\\text{measured} ${relation} ${th.tex()}`)}</div>
    <dl class="meta">
      <dt>status</dt>
      <dd>${statusTag(th.status)}</dd>
      <dt>source</dt>
      <dd>${th.source}</dd>
      <dt>derivation</dt>
      <dd>${referenceLink(th.reference)}</dd>
      <dt>kind</dt>
      <dd>${th.kind}</dd>
      <dt>convention</dt>
      <dd>
        ${th.convention === 'sz' ? 'Shamir–Zhang (T counts iterates from w_1)' : 'engine (T counts updates from w_0)'}
      </dd>
      <dt>function classes</dt>
      <dd>${th.classes.join(', ')}</dd>
      ${
        th.parent
          ? html`<dt>parent bound</dt>
              <dd><a href="${slug(th.parent)}.html">${th.parent}</a></dd>`
          : ''
      }
    </dl>
    <h2>Hypotheses</h2>
    ${
      th.hypotheses.length
        ? html`<ul>
            ${th.hypotheses.map((h) => html`<li><code>${h.id}</code></li>`)}
          </ul>`
        : html`<p class="muted">none beyond the function class</p>`
    }
    <h2>Symbols</h2>
    ${table(
      ['symbol', 'meaning'],
      Object.entries(th.symbols).map(([k, v]) => [formula(symbolTex(k), false), v]),
    )}`;
}

const sortBy = (k: (r: CellResult) => number) => (a: CellResult, b: CellResult) => k(a) - k(b);
const param = (name: string) => (r: CellResult) => r.trial.params[name];
const measured = (r: CellResult) => r.outcome?.measured ?? NaN;
const bound = (r: CellResult) => r.outcome?.bound ?? NaN;
const withOutcome = (rs: CellResult[], axis: string) => rs.filter((r) => r.axes.includes(axis as never) && r.outcome);

/** One colour per k: a measured curve and its bound share it. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

/** Measured and bound against T on log-log axes, one pair of curves per k. */
function tFigure(rs: CellResult[]): Figure | null {
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
function kRatioFigure(rs: CellResult[]): Figure | null {
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

function axisFigure(
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

function ratioHistogram(rs: CellResult[]): Figure | null {
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

function cellRow(r: CellResult): HtmlValue[] {
  const o = r.outcome;
  const inst = `${r.trial.instance.generator}(${Object.entries(r.trial.instance.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
  const params = Object.entries(r.trial.params)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .concat(r.trial.averager ? [`averager=${JSON.stringify(r.trial.averager)}`] : [])
    .join(', ');
  return [
    html`<code>${r.key.slice(0, 10)}</code>`,
    r.axes.join('+'),
    inst,
    params,
    String(r.trial.seed),
    String(r.trial.replicates),
    fmt(o?.measured),
    fmt(o?.bound),
    fmt(o?.ratio),
    o?.ci ? `[${fmt(o.ci.lower)}, ${fmt(o.ci.upper)}] @${o.ci.level}` : '–',
    o?.slack !== undefined ? fmt(o.slack) : '–',
    html`<span class="verdict ${r.verdict}" title="${r.error?.message ?? ''}">${r.verdict}</span>`,
    o?.basis ? describeBasis(o.basis) : '–',
  ];
}

const CELL_HEADERS = [
  'cell',
  'sweep',
  'instance',
  'params',
  'seed',
  'reps',
  'measured',
  'bound',
  'ratio',
  'CI',
  'certified slack',
  'verdict',
  'rests on',
];

function replayBlock(r: CellResult, catalog: string | undefined): SafeHtml {
  return html`<pre>${replayCommand(r.trial, catalog)}</pre>`;
}

/** The statistics the property test of this theorem wrote on its last `npm test` (properties/harness.ts). */
interface PropertyStatsFile {
  profile?: string;
  seed?: number;
  runs?: number;
  verdicts?: Record<string, number>;
  worst?: { ratio?: number | string } | null;
}

function propertySection(id: string): SafeHtml {
  const file = join(PROJECT_ROOT, 'reports', 'properties', `${slug(id)}.json`);
  if (!existsSync(file)) return html``;
  let p: PropertyStatsFile;
  try {
    p = readJsonFile<PropertyStatsFile>(file, 'property statistics file', (v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'expected a JSON object',
    );
  } catch (e) {
    // Statistics of the last `npm test` are an extra on the page: an unreadable file is reported, not fatal.
    return html`<h2>Property test</h2>
      <p class="muted">${(e as Error).message}</p>`;
  }
  const verdicts = Object.entries(p.verdicts ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  const worst = p.worst?.ratio;
  return html`<h2>Property test (last npm test)</h2>
    <p>
      ${p.runs ?? '?'} runs, profile ${p.profile ?? '?'}, seed ${String(p.seed ?? '?')}: ${verdicts}; worst
      measured/bound ${typeof worst === 'number' ? fmt(worst) : String(worst ?? '–')}.
      <span class="muted"
        >From reports/properties/${slug(id)}.json, written by the theorem's property test, independent of this audit's
        cells.</span
      >
    </p>`;
}

function theoremPage(th: Theorem, ts: TheoremSummary, s: AuditSummary, rs: CellResult[]): SafeHtml {
  const figures = [
    tFigure(rs),
    kRatioFigure(rs),
    th.family === 'stability' ? axisFigure(rs, 'k', 'Stability gap against k', 'k (window)', param('k')) : null,
    th.family === 'stability'
      ? axisFigure(rs, 'n', 'Stability gap against n', 'n (examples)', (r) => Number(r.trial.instance.params.n))
      : null,
    ratioHistogram(rs),
  ].filter((f): f is Figure => f !== null);
  const pep = th.family === 'convergence' ? pepSection(th, restingRatio(ts)) : null;
  if (pep) figures.push(...pep.figures);
  const worst = rs.find((r) => r.key === ts.worstKey);
  const attained = rs.find((r) => r.key === ts.attained?.key);
  const counter = rs.filter((r) => r.verdict === 'violated').slice(0, MAX_COUNTEREXAMPLES);
  const errors = rs.filter((r) => r.verdict === 'error' || r.verdict === 'skipped');
  const countsRow = Object.entries(ts.counts)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  const body = html`<p>
      <code>${th.id}</code> ${statusTag(th.status)} ${verdictBadge(ts.verdict, th.status === 'paper-reading')}
    </p>
    <p>
      ${ts.cells} of ${ts.planned} planned cells finished (${countsRow}); worst measured/bound ${fmt(ts.worstRatio)}.
    </p>
    ${
      attained
        ? html`<h2>Best attained cell</h2>
            ${table(CELL_HEADERS, [cellRow(attained)])}
            <p>Replay it:</p>
            ${replayBlock(attained, s.run.catalog)}`
        : ''
    }
    ${VERDICT_LEGEND} ${statementSection(th)}
    ${
      pep
        ? html`<h2>Exact worst case</h2>
            ${pep.note}`
        : ''
    }
    <h2>Measurements</h2>
    ${figures.length ? html`<div class="plots">${figures.map(figure)}</div>` : html`<p class="muted">No finished cell has an outcome to plot.</p>`}
    <h2>Counterexamples</h2>
    ${
      counter.length
        ? html`${table(CELL_HEADERS, counter.map(cellRow))}${counter.map(
            (r) =>
              html`<p>Replay cell <code>${r.key}</code>:</p>
                ${replayBlock(r, s.run.catalog)}`,
          )}`
        : html`<p>None: no finished cell violated the bound.</p>`
    }
    <h2>Worst instance</h2>
    ${
      worst
        ? html`${table(CELL_HEADERS, [cellRow(worst)])}
            <p>Replay it:</p>
            ${replayBlock(worst, s.run.catalog)}`
        : html`<p class="muted">No cell with a ratio.</p>`
    }
    ${
      errors.length
        ? html`<h2>Skipped and errored cells</h2>
            ${table(
              ['cell', 'verdict', 'params', 'message'],
              errors
                .slice(0, 50)
                .map((r) => [
                  html`<code>${r.key.slice(0, 10)}</code>`,
                  r.verdict,
                  JSON.stringify(r.trial.params),
                  r.error?.message ?? '',
                ]),
              {
                caption: 'Skipped: a sweep point outside the hypotheses. Error: an exception on a drawn trial (a bug).',
              },
            )}`
        : ''
    }
    <h2>All cells</h2>
    ${table(CELL_HEADERS, rs.slice(0, MAX_CELL_ROWS).map(cellRow), {
      caption:
        rs.length > MAX_CELL_ROWS ? `first ${MAX_CELL_ROWS} of ${rs.length}; all are in results.jsonl` : undefined,
    })}
    ${propertySection(th.id)} ${environmentSection(s)}`;
  return pageShell({
    title: th.title,
    root: '..',
    body,
    nav: [['audit index', '../index.html']],
    katex: true,
    plots: figures.length > 0,
  });
}
