/**
 * Hostile strings in the HTML report (npm run test:hostile): fast-check builds theorem titles,
 * sources, measure descriptions, symbol descriptions, hypothesis names, theorem ids, instance
 * strings (which reach the counterexample's replay JSON) and error messages out of injection
 * fragments (<script>, event handlers, </script> inside JSON, comment and CDATA openers, U+2028),
 * renders an audit report with them, and opens every page in headless chromium (playwright-core,
 * offline). On every page: no injected script ran (window.__pwned stays unset, no dialog), no
 * element carries an on* handler, every <script> is ours (a src or a JSON block), and each string
 * is shown literally (the title is the h1's exact text, the replay command the <pre>'s exact text,
 * the error message the verdict's exact tooltip).
 * Replay: FWA_SEED=<seed> npm run test:hostile.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/load';
import { findCheck } from '../../src/catalog/load';
import { captureEnvironment } from '../../src/audit/environment';
import { planAudit } from '../../src/audit/plan';
import { runCell } from '../../src/audit/run-cell';
import { summarizeAudit } from '../../src/audit/summary';
import type { Trial, TheoremCheck } from '../../src/theory/check';
import { currentProfile } from '../../src/profile';
import { writeAuditReport } from '../../src/audit/report/write';
import { trialReplayCommand } from '../../src/audit/replay';
import { defineTheorem, type Theorem } from '../../src/theory/theorem';

/** Page-side globals this project's TypeScript (no DOM lib) needs declared. */
interface El {
  tagName: string;
  textContent: string | null;
  attributes: ArrayLike<{ name: string }>;
  getAttribute(n: string): string | null;
  hasAttribute(n: string): boolean;
}
declare const document: {
  querySelectorAll(s: string): ArrayLike<El> & Iterable<El>;
  querySelector(s: string): El | null;
};
declare const window: { __pwned?: unknown };

const SEED = Number(process.env.FWA_SEED || 16);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROUNDS = Number(process.env.FWA_HOSTILE_HTML_ROUNDS ?? 6);

const FRAGMENTS = [
  '<script>window.__pwned=1</script>',
  '</script><script>window.__pwned=2</script>',
  '<img src=x onerror="window.__pwned=3">',
  '"><svg onload=window.__pwned=4>',
  "'><iframe srcdoc='<script>parent.__pwned=5</script>'></iframe>",
  '<a href="javascript:window.__pwned=6">x</a>',
  '<!--',
  '-->',
  ']]>',
  '<![CDATA[',
  '\u2028',
  '\u2029',
  '&lt;',
  '&amp;amp;',
  '${window.__pwned=7}',
  '\\u003c/script>',
  '<style>body{display:none}</style>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '`',
  '"',
  "'",
  '\\',
];
const hostile = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, fc.string({ unit: 'grapheme', maxLength: 6 })),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .map((parts) => parts.join(''))
  // Page text is compared after trimming (a cell's text), so the payload must carry something to see.
  .filter((s) => s.trim().length > 0 && s === s.trim());

interface Payload {
  id: string;
  title: string;
  source: string;
  description: string;
  symbol: string;
  hypothesis: string;
  label: string;
  error: string;
}

const payloads: fc.Arbitrary<Payload> = fc.record({
  id: hostile,
  title: hostile,
  source: hostile,
  description: hostile,
  symbol: hostile,
  hypothesis: hostile,
  label: hostile,
  error: hostile,
});

/** A catalog of one theorem carrying the payload in every string a report shows. */
function hostileCatalog(p: Payload): Catalog {
  const trial = (seed: number): Trial => ({
    theorem: p.id,
    instance: { generator: p.label, params: { label: p.label, n: 8 }, seed },
    params: { T: 16 + (seed % 7), G: 1 },
    seed,
    replicates: 1,
  });
  const check = (theorem: Theorem): TheoremCheck => ({
    trials: () => fc.integer({ min: 0, max: 1000 }).map(trial),
    run(t: Trial) {
      if (t.seed % 5 === 0) throw new Error(p.error);
      const bound = theorem.evaluate({ ...t.params });
      // Every third trial is a counterexample, so the page shows replay commands.
      const measured = bound * (t.seed % 3 === 0 ? 1.5 : 0.5);
      return {
        measured,
        bound,
        ratio: measured / bound,
        verdict: measured <= bound ? 'holds' : 'violated',
        basis: { kind: 'exact', detail: 'hostile-string fixture' },
        scope: t.params,
      };
    },
  });
  const theorem = defineTheorem({
    id: p.id,
    title: p.title,
    source: p.source,
    reference: p.source,
    kind: 'upper',
    convention: 'engine',
    classes: ['convex-smooth'],
    status: 'derived',
    family: 'convergence',
    hypotheses: [{ id: p.hypothesis, check: () => null }],
    measure: { description: p.description, mode: 'pathwise' },
    bound: 'G / sqrt(T)',
    symbols: { G: p.symbol, T: 'updates' },
    check,
  });
  return { theorems: [theorem] };
}

let tmp = '';
let profileDir = '';
let context: BrowserContext;

beforeAll(async () => {
  expect(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`).toBe(true);
  tmp = mkdtempSync(join(tmpdir(), 'fwa-hostile-html-'));
  profileDir = mkdtempSync(join(tmpdir(), 'fwa-hostile-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Offline: a request leaving file:// (an injected <base>, <meta refresh> or image) is refused and recorded.
  await context.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
});
afterAll(async () => {
  await context?.close();
  rmSync(profileDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

describe('hostile strings in the report', () => {
  it(`${ROUNDS} reports of generated payloads: no injected script runs, every string shown literally`, async () => {
    const rounds = fc.sample(payloads, { seed: SEED, numRuns: ROUNDS });
    let injected = 0;
    let pagesOpened = 0;
    const problems: string[] = [];
    for (const [round, p] of rounds.entries()) {
      const catalog = hostileCatalog(p);
      const profile = currentProfile({ FWA_PROFILE: 'ci', FWA_SEED: String(SEED + round) });
      const plan = planAudit(catalog, [p.id], profile).slice(0, 40);
      const results = plan.map((c) => runCell(findCheck(catalog, c.theorem), c));
      const now = new Date().toISOString();
      const summary = summarizeAudit(
        catalog,
        [p.id],
        plan,
        results,
        { profile: 'ci', seed: SEED, started: now, finished: now, wallMs: 1, unfinished: 0, budgetExhausted: false },
        captureEnvironment(1),
      );
      const out = join(tmp, `round-${round}`);
      writeAuditReport(out, catalog, summary, results);
      const violated = results.find((r) => r.verdict === 'violated');
      const errored = results.find((r) => r.verdict === 'error');
      const pages = ['index.html', ...readdirSync(join(out, 'theorems')).map((f) => join('theorems', f))];
      for (const file of pages) {
        const page = await context.newPage();
        const dialogs: string[] = [];
        const requests: string[] = [];
        page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
        page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
        await page.goto(pathToFileURL(join(out, file)).href, { waitUntil: 'load' });
        pagesOpened++;
        const seen = await page.evaluate(() => {
          const all = [...document.querySelectorAll('*')];
          return {
            pwned: window.__pwned ?? null,
            handlers: all
              .filter((e) => [...Array.from(e.attributes)].some((a) => /^on/i.test(a.name)))
              .map((e) => e.tagName),
            foreignScripts: [...document.querySelectorAll('script')].filter(
              (s) => !s.hasAttribute('src') && s.getAttribute('type') !== 'application/json',
            ).length,
            // What the payload fragments would create if parsed as markup (plotly draws its own svg and style).
            injectedTags: [
              ...[...document.querySelectorAll('iframe, img, base, meta[http-equiv], a[href^="javascript:"]')].map(
                (e) => e.tagName,
              ),
              ...[...document.querySelectorAll('style')]
                .filter((e) => (e.textContent ?? '').includes('body{display:none}'))
                .map((e) => e.tagName),
            ],
            h1: document.querySelector('h1')?.textContent ?? '',
            text: document.querySelector('main')?.textContent ?? '',
            pres: [...document.querySelectorAll('pre')].map((e) => e.textContent ?? ''),
            tooltips: [...document.querySelectorAll('span.verdict[title]')].map((e) => e.getAttribute('title') ?? ''),
          };
        });
        if (seen.pwned !== null || dialogs.length > 0) injected++;
        const where = `round ${round} ${file} (FWA_SEED=${SEED})`;
        if (seen.pwned !== null) problems.push(`${where}: injected script ran (__pwned = ${String(seen.pwned)})`);
        if (dialogs.length) problems.push(`${where}: dialog ${dialogs.join('; ')}`);
        if (seen.handlers.length) problems.push(`${where}: on* handlers on ${seen.handlers.join(', ')}`);
        if (seen.foreignScripts) problems.push(`${where}: ${seen.foreignScripts} inline script(s)`);
        if (seen.injectedTags.length) problems.push(`${where}: injected elements ${seen.injectedTags.join(', ')}`);
        if (requests.length) problems.push(`${where}: network requests ${requests.join(', ')}`);
        if (file === 'index.html') {
          if (!seen.text.includes(p.title)) problems.push(`${where}: the title is not shown literally on the index`);
        } else {
          if (seen.h1 !== p.title) problems.push(`${where}: h1 is ${JSON.stringify(seen.h1)}, not the title`);
          for (const k of ['source', 'description', 'symbol', 'hypothesis'] as const)
            if (!seen.text.includes(p[k])) problems.push(`${where}: the ${k} is not shown literally`);
          if (violated && !seen.pres.includes(trialReplayCommand(violated.trial)))
            problems.push(`${where}: the replay command is not shown literally`);
          if (errored && !seen.tooltips.includes(p.error))
            problems.push(`${where}: the error message is not the verdict's tooltip`);
        }
        await page.close();
      }
    }
    console.log(
      `hostile HTML: ${rounds.length} reports, ${pagesOpened} pages: ${injected} injected scripts ran, ${problems.length} problems`,
    );
    expect(problems.slice(0, 10), `payloads: ${JSON.stringify(rounds)}`).toEqual([]);
    expect(pagesOpened).toBeGreaterThanOrEqual(2 * ROUNDS);
  });
});
