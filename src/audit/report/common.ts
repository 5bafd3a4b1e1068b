import { formatDuration } from '../../format/duration';
import type { AuditSummary } from '../summary';
import { CS_METHOD } from '../../stats/confidence-sequence';
import { ATTAINED_EPSILON } from '../../stats/verdict';
import { html, slug, type HtmlValue, type SafeHtml } from '../../report/html';

/**
 * Pieces every audit page shares: page paths, status tags, verdict badges, the verdict legend and the
 * environment of the run.
 */

export function theoremPagePath(id: string): string {
  return `theorems/${slug(id)}.html`;
}

export function statusTag(status: string): SafeHtml {
  const label = status === 'classical' ? 'S · classical' : status === 'derived' ? 'D · derived' : 'P · paper reading';
  return html`<span class="tag ${status}">${label}</span>`;
}

export function verdictBadge(verdict: string, paperReading: boolean): SafeHtml {
  const cls = verdict === 'violated' && paperReading ? 'finding' : verdict;
  const label = verdict === 'violated' && paperReading ? 'finding (violated)' : verdict;
  return html`<span class="verdict ${cls}">${label}</span>`;
}

/** How the suite's verdicts are decided (src/stats/verdict.ts), said once on every page that shows them. */
export const VERDICT_LEGEND = html`<p class="muted">
  Verdicts: <b>violated</b> (an exact value above the bound, or the lower end of a sampled mean's confidence interval
  above it), <b>attained</b> (equal to the bound within the float tolerance, or the whole interval within [1 −
  ${ATTAINED_EPSILON}, 1 + ${ATTAINED_EPSILON}] × bound), <b>holds</b> (exactly below, or the upper end of the interval
  below; the certified slack is shown), <b>undecided</b> (a sampled cell whose budget ran out). Each cell says what it
  rests on: exact (every index path enumerated, or a pathwise value), sampled (${CS_METHOD}, with its level) or
  certificate. A violated paper reading is a finding.
</p>`;

export function environmentSection(s: AuditSummary): SafeHtml {
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
