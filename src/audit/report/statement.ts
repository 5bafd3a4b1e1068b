import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../environment';
import type { Theorem } from '../../theory/theorem';
import { formula } from '../../report/formula';
import { html, slug, type HtmlValue, type SafeHtml } from '../../report/html';
import { table } from '../../report/table';
import { statusTag } from './common';

/**
 * A theorem page's statement: the bound rendered from the catalog, its symbols, hypotheses, source and
 * the theory section that derives it.
 */

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

export function statementSection(th: Theorem): SafeHtml {
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
