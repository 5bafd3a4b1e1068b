import type { CellResult } from '../cell';
import type { AuditSummary, TheoremSummary } from '../summary';
import type { Theorem } from '../../theory/theorem';
import { describeBasis } from '../../stats/verdict';
import { html, type HtmlValue, type SafeHtml } from '../../report/html';
import { pageShell } from '../../report/page';
import { figure, type Figure } from '../../report/plot';
import { trialReplayCommand } from '../replay';
import { table } from '../../report/table';
import { fmt } from '../../format/number';
import { pepSection } from './pep-section';
import { VERDICT_LEGEND, environmentSection, statusTag, verdictBadge } from './common';
import { axisFigure, kRatioFigure, param, ratioHistogram, tFigure } from './figures';
import { statementSection } from './statement';
import { restingRatio } from './ratio-basis';

/**
 * One theorem's audit page: verdict, statement, figures, counterexamples, the worst cell and every cell,
 * each replayable by the command it prints.
 */

/** Cells listed per theorem page (the full set is in results.jsonl). */
const MAX_CELL_ROWS = 300;
const MAX_COUNTEREXAMPLES = 25;

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
  return html`<pre>${trialReplayCommand(r.trial, catalog)}</pre>`;
}

export function theoremPage(th: Theorem, ts: TheoremSummary, s: AuditSummary, rs: CellResult[]): SafeHtml {
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
    ${environmentSection(s)}`;
  return pageShell({
    title: th.title,
    root: '..',
    body,
    nav: [['audit index', '../index.html']],
    katex: true,
    plots: figures.length > 0,
  });
}
