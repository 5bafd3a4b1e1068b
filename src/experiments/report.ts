import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyAssets, figure, html, pageShell, table } from '../report';
import { disagrees, type ExperimentResult, type Finding } from './context';

/** Where the audit index can link to: reports/experiments/index.html (relative to reports/). */
export const EXPERIMENTS_INDEX = 'experiments/index.html';

function verdict(f: Finding) {
  if (f.informational)
    return f.agrees === null
      ? html`<span class="verdict info">information (unavailable)</span>`
      : html`<span class="verdict info"
          >information: ${f.agrees ? 'at or below the bound ratio' : 'above the bound ratio'}</span
        >`;
  return f.agrees === null
    ? html`<span class="verdict undecided">cannot judge</span>`
    : f.agrees
      ? html`<span class="verdict holds">agrees</span>`
      : f.hard
        ? html`<span class="verdict violated">violated (a proved bound: a bug)</span>`
        : html`<span class="verdict finding">disagrees</span>`;
}

function findingsTable(fs: Finding[]) {
  return table(
    ['theory says', 'measured', 'verdict'],
    fs.map((f) => [f.claim, f.measured, verdict(f)]),
  );
}

/**
 * The index's banner: red only for a proved ([S]/[D]) bound that a measurement contradicts (a bug);
 * amber for a disagreement with a qualitative claim of the paper; informational comparisons (a
 * measured ratio beside a ratio of bounds) are counted apart and fail nothing.
 */
function banner(all: Finding[]) {
  const judged = all.filter((f) => !f.informational);
  const bugs = judged.filter((f) => disagrees(f) && f.hard).length;
  const soft = judged.filter((f) => disagrees(f) && !f.hard).length;
  const info = all.length - judged.length;
  const agree = judged.filter((f) => f.agrees === true).length;
  const cls = bugs > 0 ? 'fail' : soft > 0 ? 'warn' : 'ok';
  return html`<p class="banner ${cls}">
      ${agree} of ${judged.length} findings agree with the
      theory${
        bugs > 0 ? `; ${bugs} contradict a proved bound (a bug, see below)` : ''
      }${soft > 0 ? `; ${soft} disagree with a qualitative claim of the paper (see below)` : ''}.
    </p>
    ${
      info > 0
        ? html`<p class="banner info">
            ${info} comparison(s) of a measured ratio with a ratio of bounds are shown for information: a bound ratio
            predicts the direction of the measured ratio, not its value.
          </p>`
        : ''
    }`;
}

/**
 * The experiments' pages in the audit's style (its page shell, figures, tables and local assets):
 * an index with every finding, and one page per experiment.
 */
export function writeExperimentsReport(dir: string, results: ExperimentResult[], env: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  copyAssets(dir);
  for (const r of results) {
    const body = html`<section>
        <h2>What the theory predicts</h2>
        <p>${r.theory}</p>
      </section>
      <section>
        <h2>Setup</h2>
        <ul>
          ${r.setup.map((s) => html`<li>${s}</li>`)}
        </ul>
      </section>
      <section>
        <h2>Agreement</h2>
        ${findingsTable(r.findings)}
      </section>
      <section>
        <h2>Plots</h2>
        ${r.figures.map((f) => figure(f))}
      </section>
      <section>
        <h2>Tables</h2>
        ${r.tables.map((t) => table(t.headers, t.rows, { caption: t.caption }))}
      </section>
      <p>
        Wall time ${r.seconds.toFixed(1)} s. Raw rows: <a href="results.jsonl">results.jsonl</a> (field
        <code>experiment = ${r.id}</code>).
      </p>`;
    writeFileSync(
      join(dir, `${r.id}.html`),
      pageShell({ title: r.title, root: '.', body, plots: true, nav: [['experiments', 'index.html']] }).value,
    );
  }
  const all = results.flatMap((r) => r.findings);
  const body = html`<p>
      The paper's experiments at CPU scale, run on the same Float64 engine as the executable theorems. Each page says
      what the theory predicts and whether the measurement agrees; disagreements are listed, not hidden.
    </p>
    ${banner(all)}
    ${table(
      ['experiment', 'findings', 'disagreements', 'wall time'],
      results.map((r) => [
        html`<a href="${r.id}.html">${r.title}</a>`,
        r.findings.length,
        r.findings.filter(disagrees).length,
        `${r.seconds.toFixed(1)} s`,
      ]),
    )}
    ${results.map(
      (r) =>
        html`<h2><a href="${r.id}.html">${r.title}</a></h2>
          ${findingsTable(r.findings)}`,
    )}
    <h2>Environment</h2>
    ${table(['', ''], Object.entries(env))}`;
  const index = join(dir, 'index.html');
  writeFileSync(index, pageShell({ title: 'FWA experiments on real data', root: '.', body, plots: false }).value);
  return index;
}
