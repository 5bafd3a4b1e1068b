/**
 * Browser verification of the audit report (npm run test:browser; not part of `npm test`).
 * Renders a small audit of the fake catalog with the real binary (bin/fwa-theorems.mjs, two worker
 * threads; exit code 0 expected: the fixture's only failure is a [P] finding), opens every page in headless Debian chromium driven
 * by playwright-core, offline (any non-file:// request fails the test), and asserts: no console
 * error, no dialog (an unescaped <script> in a title would raise one), every plot drawn with all its
 * traces, every formula rendered by KaTeX with its fonts loaded. Its screenshots go into the run's
 * temporary run directory (kept with FWA_KEEP_BROWSER_RUN=1), so a run leaves the working tree as it was.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The page functions below run in chromium; this project compiles without the DOM lib, so the little they use is declared here. */
interface DomElement {
  id: string;
  dataset: Record<string, string | undefined>;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<DomElement> & ArrayLike<DomElement>;
  fonts: { ready: Promise<unknown>; check(font: string): boolean };
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURES = join(ROOT, 'properties', 'audit-fixtures.ts');

let out = '';
let profileDir = '';
let context: BrowserContext;
const offline: string[] = [];

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `chromium not found at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
  );
  out = mkdtempSync(join(tmpdir(), 'fwa-audit-browser-'));
  profileDir = mkdtempSync(join(tmpdir(), 'fwa-chromium-profile-'));
  // The real binary, as a user runs it (tsx, commander, piscina workers), on the fake catalog.
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'bin', 'fwa-theorems.mjs'), 'audit', '--catalog', FIXTURES, '--threads', '2', '--out', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FWA_PROFILE: 'ci', FWA_SEED: process.env.FWA_SEED ?? '' },
    },
  );
  console.log(run.stderr.split('\n')[0]);
  assert.equal(run.status, 0, `audit exited ${run.status}: ${run.stderr}`);
  assert.match(run.stdout, /report: file:\/\//);
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    offline.push(url);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  rmSync(profileDir, { recursive: true, force: true });
  // FWA_KEEP_BROWSER_RUN=1 keeps the run directory (its pages and the screenshots) to look at.
  if (process.env.FWA_KEEP_BROWSER_RUN === '1') console.log(`run and screenshots kept in ${out}`);
  else rmSync(out, { recursive: true, force: true });
});

interface PageCheck {
  errors: string[];
  plots: Array<{ id: string; expected: number; drawn: number; inPlotly: number; marked: number }>;
  katex: number;
  formulaErrors: number;
  katexFont: boolean;
}

async function open(page: Page, file: string): Promise<PageCheck> {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog (unescaped script?): ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const plotCount = await page.locator('div.plot').count();
  if (plotCount > 0)
    await page.waitForFunction(
      () => [...document.querySelectorAll('div.plot')].every((d) => d.hasAttribute('data-drawn')),
      null,
      { timeout: 20_000 },
    );
  await page.evaluate(() => document.fonts.ready);
  const result = await page.evaluate(() => ({
    plots: [...document.querySelectorAll('div.plot')].map((d) => ({
      id: d.id,
      expected: Number(d.dataset.traces),
      drawn: Number(d.dataset.drawn),
      inPlotly: ((d as unknown as { data?: unknown[] }).data ?? []).length,
      // Traces that put at least one visible mark (point, bar, or line) in the SVG: a trace whose
      // data plotly could not place (NaN axis, wrong axis type) draws nothing.
      marked: [...d.querySelectorAll('g.trace')].filter((g) =>
        [...g.querySelectorAll('path')].some((p) => {
          const dAttr = p.getAttribute('d') ?? '';
          return dAttr !== '' && dAttr !== 'M0,0Z' && !/NaN/.test(dAttr);
        }),
      ).length,
    })),
    katex: document.querySelectorAll('.katex').length,
    formulaErrors: document.querySelectorAll('.formula-error, .katex-error').length,
    katexFont: document.querySelectorAll('.katex').length === 0 || document.fonts.check('16px KaTeX_Main'),
  }));
  return { errors, ...result };
}

function assertDrawn(p: PageCheck['plots'][number], page: string): void {
  assert.ok(p.expected > 0, `${page} plot ${p.id} has no trace`);
  assert.equal(p.drawn, p.expected, `${page} plot ${p.id}: plotly holds ${p.drawn} of ${p.expected} traces`);
  assert.equal(p.inPlotly, p.expected, `${page} plot ${p.id}: ${JSON.stringify(p)}`);
  assert.equal(p.marked, p.expected, `${page} plot ${p.id}: only ${p.marked} of ${p.expected} traces drew a mark`);
}

test('the audit index renders offline: summary table, plot drawn, no console error; screenshot taken', async () => {
  const page = await context.newPage();
  const c = await open(page, join(out, 'index.html'));
  assert.deepEqual(c.errors, []);
  assert.ok(c.plots.length >= 1, 'the index has its worst-ratio plot');
  for (const p of c.plots) assertDrawn(p, 'index.html');
  const rows = await page.locator('table.summary tbody tr').count();
  assert.equal(rows, 4, 'one summary row per theorem of the fixture');
  assert.match(await page.locator('h1').innerText(), /audit/);
  assert.equal(
    await page.locator('script:has-text("alert(")').count(),
    0,
    'a theorem title reached the page as a script',
  );
  await page.screenshot({ path: join(out, 'screenshot-index.png'), fullPage: true });
  await page.close();
  assert.deepEqual(offline, [], 'the index requested the network');
});

test('every theorem page renders offline: every plot has its traces, every formula is typeset by KaTeX', async () => {
  const pages = readdirSync(join(out, 'theorems')).filter((f) => f.endsWith('.html'));
  assert.equal(pages.length, 4);
  for (const f of pages) {
    const page = await context.newPage();
    const c = await open(page, join(out, 'theorems', f));
    assert.deepEqual(c.errors, [], f);
    assert.ok(c.katex >= 1, `${f}: no KaTeX formula`);
    assert.equal(c.formulaErrors, 0, `${f}: a formula failed to render`);
    assert.ok(c.katexFont, `${f}: KaTeX fonts not loaded from assets/`);
    for (const p of c.plots) assertDrawn(p, f);
    if (f === 'fake-window-bound.html') {
      assert.ok(c.plots.length >= 3, `${f}: T-sweep, k-ratio and histogram plots expected, got ${c.plots.length}`);
      await page.screenshot({ path: join(out, 'screenshot-theorem.png'), fullPage: false });
    }
    if (f === 'fake-stability-gap.html') assert.ok(c.plots.length >= 4, `${f}: stability gap against k and n expected`);
    await page.close();
  }
  assert.deepEqual(offline, [], 'a theorem page requested the network');
});
