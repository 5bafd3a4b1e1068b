import { formatDuration } from '../../format/duration';
import type { AuditSummary } from '../summary';
import { describeTrial } from '../../guard/format';
import type { LedgerEntry } from '../../guard/ledger';
import { html, type HtmlValue, type SafeHtml } from '../../report/html';
import { pageShell } from '../../report/page';
import { figure, type Figure } from '../../report/plot';
import { table } from '../../report/table';
import { fmt } from '../../format/number';
import { VERDICT_LEGEND, environmentSection, statusTag, theoremPagePath, verdictBadge } from './common';
import { restingRatio, worstRatioLabel } from './ratio-basis';

/**
 * The audit index: the verdicts first (banner and cards), then every theorem's row and the constants ledger.
 */

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

export function indexPage(s: AuditSummary, ledger: LedgerEntry[], experimentsHref: string | undefined): SafeHtml {
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
