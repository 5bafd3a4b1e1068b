/**
 * Browser test of the bound explorer (npm run test:explorer; run by .ci/run, not part of `npm test`).
 * Builds the page with the real binary, opens it from file:// in headless Debian chromium with every
 * non-file request refused, and drives it as a user: changes T, k and c and sees the numbers and the
 * curves follow; restores a view from its URL and with the back button; enters values outside the
 * hypotheses and reads the hypothesis named; and compares the page's measured value with
 * `fwa-theorems audit --trial` on the same trial, bit for bit. Times the first numbers after an input
 * changes (the page's budget: 100 ms, median of five changes) and cancels a long computation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** The page functions below run in chromium; the project compiles without the DOM lib. */
interface El {
  value: string;
  textContent: string | null;
  hidden: boolean;
  dataset: Record<string, string | undefined>;
  dispatchEvent(e: unknown): boolean;
}
declare const document: { getElementById(id: string): El | null };
declare const performance: { now(): number };
declare class Event {
  constructor(type: string);
}
declare class MutationObserver {
  constructor(cb: () => void);
  observe(target: unknown, options: { attributes: boolean }): void;
  disconnect(): void;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The explorer's latency budget: first numbers after an input changes (runs up to 10⁴ steps). */
const FIRST_NUMBERS_MS = 100;

let out = '';
let profileDir = '';
let context: BrowserContext;
const offline: string[] = [];
const errors: string[] = [];

before(async () => {
  assert.ok(
    existsSync(CHROMIUM),
    `chromium not found at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
  );
  out = mkdtempSync(join(tmpdir(), 'fwa-explorer-'));
  profileDir = mkdtempSync(join(tmpdir(), 'fwa-chromium-profile-'));
  const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'fwa-theorems.mjs'), 'explore', '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `explore exited ${run.status}: ${run.stderr}`);
  const size = /\(([\d.]+) MB loaded by the page, budget ([\d.]+) MB/.exec(run.stdout);
  assert.ok(size, `explore printed no size: ${run.stdout}`);
  assert.ok(Number(size[1]) <= Number(size[2]), `bundle ${size[1]} MB over its budget ${size[2]} MB`);
  console.log(run.stdout.trim());
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('blob:')) return route.continue();
    offline.push(url);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  rmSync(profileDir, { recursive: true, force: true });
  if (process.env.FWA_KEEP_BROWSER_RUN === '1') console.log(`explorer and screenshots kept in ${out}`);
  else rmSync(out, { recursive: true, force: true });
});

async function openPage(hash = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.goto(`${pathToFileURL(join(out, 'index.html')).href}${hash}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  await measured(page);
  return page;
}

/** The measured value once the engine has answered (the exact string of the Float64). */
async function measured(page: Page): Promise<string> {
  await page.waitForFunction(() => (document.getElementById('measured')?.dataset.value ?? '') !== '', null, {
    timeout: 60_000,
  });
  return (await page.locator('#measured').getAttribute('data-value')) ?? '';
}

/** Sets an input as a user does (type, then leave the field) and returns the ms until the bound is shown. */
async function setInput(page: Page, name: string, value: string): Promise<number> {
  return page.evaluate(
    ([n, v]) =>
      new Promise<number>((done) => {
        const field = document.getElementById(`in-${n}`)!;
        const bound = document.getElementById('bound')!;
        const message = document.getElementById('message')!;
        const t0 = performance.now();
        // No named inner function: the test's transpiler would wrap it in a helper chromium lacks.
        const obs = new MutationObserver(() => {
          if ((bound.dataset.value ?? '') !== '' || !message.hidden) {
            obs.disconnect();
            done(performance.now() - t0);
          }
        });
        obs.observe(bound, { attributes: true });
        obs.observe(message, { attributes: true });
        field.value = v;
        field.dispatchEvent(new Event('change'));
      }),
    [name, value] as const,
  );
}

/**
 * The view the tests start from: fwa-convergence on Harvey's instance (built for its horizon, so T may
 * move). The page's own first view is the check's first draw, a worst-case instance built for one run.
 */
const HARVEY = `#${new URLSearchParams({
  theorem: 'fwa-convergence',
  trial: JSON.stringify({
    theorem: 'fwa-convergence',
    instance: { generator: 'harvey-convex', params: { T: 4 }, seed: 0 },
    params: { T: 4, k: 1, c: 1, fullBatch: 0 },
    seed: 544567410,
    replicates: 1,
  }),
}).toString()}`;

const scopeOf = async (page: Page): Promise<Record<string, number>> =>
  JSON.parse((await page.locator('#scope').getAttribute('data-scope')) ?? '{}') as Record<string, number>;

test('T, k and c move the numbers and the curves; the first numbers come within the budget', async () => {
  const first = await openPage('#theorem=fwa-convergence');
  assert.equal(await first.locator('#theorem').inputValue(), 'fwa-convergence');
  await first.close();
  const page = await openPage(HARVEY);
  assert.ok((await page.locator('#bound-tex .katex').count()) === 1, 'the bound is typeset by KaTeX');
  const times: number[] = [];
  const seen = new Set<string>();
  for (const [name, value] of [
    ['T', '8'],
    ['k', '4'],
    ['c', '0.5'],
    ['T', '10'],
    ['k', '2'],
  ] as const) {
    times.push(await setInput(page, name, value));
    seen.add(await measured(page));
    assert.equal(
      await page.locator('#message').isHidden(),
      true,
      `${name} = ${value} is within the hypotheses: ${await page.locator('#message').innerText()}`,
    );
  }
  assert.ok(seen.size >= 4, `measured values did not follow the inputs: ${[...seen].join(', ')}`);
  times.sort((a, b) => a - b);
  console.log(
    `first numbers after an input change: median ${times[2].toFixed(1)} ms (${times.map((t) => t.toFixed(1)).join(', ')})`,
  );
  assert.ok(times[2] <= FIRST_NUMBERS_MS, `median ${times[2]} ms to the first numbers, budget ${FIRST_NUMBERS_MS} ms`);
  await page.waitForFunction(
    () => document.getElementById('plot-k')?.dataset.measured === document.getElementById('plot-k')?.dataset.points,
    null,
    { timeout: 60_000 },
  );
  const k = await page
    .locator('#plot-k')
    .evaluate((el) => (el as unknown as { data: { name: string; x: number[] }[] }).data);
  assert.deepEqual(k.map((t) => t.name).slice(0, 2), ['bound', 'measured (engine)']);
  assert.ok(
    k[0].x.length >= 4 && k[0].x.every((x) => x >= 1 && x <= 10),
    `k curve over 1..T: ${JSON.stringify(k[0].x)}`,
  );
  await page.screenshot({ path: join(out, 'screenshot-explorer.png'), fullPage: true });
  await page.close();
});

test('a certified worst case is shown at a committed grid point (c·G/D = 1), never interpolated', async () => {
  const page = await openPage(HARVEY);
  await setInput(page, 'T', '6');
  await setInput(page, 'k', '3');
  await measured(page);
  const { D, G } = await scopeOf(page);
  await setInput(page, 'c', String(D / G));
  await page.waitForFunction(() => (document.getElementById('certified')?.dataset.value ?? '') !== '', null, {
    timeout: 30_000,
  });
  const cert = Number(await page.locator('#certified').getAttribute('data-value'));
  const bound = Number(await page.locator('#bound').getAttribute('data-value'));
  assert.ok(cert > 0 && cert < bound, `certified ${cert} below the bound ${bound}`);
  assert.match((await page.locator('#certified').getAttribute('data-certificate')) ?? '', /T6-fwa-k3/);
  // Off the grid (c·G/D = 0.7) nothing is shown as certified.
  await setInput(page, 'c', String((0.7 * D) / G));
  await measured(page);
  assert.equal(await page.locator('#certified').getAttribute('data-value'), '');
  await page.close();
});

test('a value outside the hypotheses names the hypothesis, and no number is shown', async () => {
  const page = await openPage(HARVEY);
  await setInput(page, 'c', '-1');
  assert.equal(await page.locator('#message').isVisible(), true);
  assert.equal(await page.locator('#message').getAttribute('data-hypothesis'), 'c > 0');
  assert.match(await page.locator('#message').innerText(), /c > 0/);
  assert.equal(await page.locator('#measured').getAttribute('data-value'), '');
  await setInput(page, 'c', '1');
  await setInput(page, 'k', '99');
  assert.match((await page.locator('#message').getAttribute('data-hypothesis')) ?? '', /^k \(window/);
  assert.match(await page.locator('#message').innerText(), /expected an integer in \[1, \d+\]/);
  await setInput(page, 'k', '1');
  await setInput(page, 'T', '2.5');
  assert.match(await page.locator('#message').innerText(), /T = 2\.5: expected an integer/);
  await setInput(page, 'T', 'ten');
  assert.match(await page.locator('#message').innerText(), /T = "ten" is not a finite number/);
  await page.close();
});

test('a shared URL restores the view, and the back button returns to the previous one', async () => {
  const page = await openPage(HARVEY);
  await setInput(page, 'T', '9');
  const before = await measured(page);
  await setInput(page, 'k', '5');
  const after5 = await measured(page);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  assert.equal(await measured(other), after5);
  assert.equal(await other.locator('#in-k').inputValue(), '5');
  await other.close();
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('in-k')?.value !== '5', null, { timeout: 30_000 });
  assert.equal(await measured(page), before);
  await page.close();
});

test('the measured value equals `fwa-theorems audit --trial` on the same trial, bit for bit', async () => {
  const page = await openPage(HARVEY);
  await setInput(page, 'T', '7');
  await setInput(page, 'k', '3');
  const value = await measured(page);
  const replay = (await page.locator('#replay').innerText()).trim();
  const json = /--trial '(.*)'$/.exec(replay)?.[1];
  assert.ok(json, `no trial in the replay command: ${replay}`);
  const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'fwa-theorems.mjs'), 'audit', '--trial', json], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout.slice(0, cli.stdout.lastIndexOf('}') + 1)) as { outcome: { measured: number } };
  assert.equal(String(printed.outcome.measured), value);
  await page.close();
});

test('a long computation is cancelled by the next input', async () => {
  const page = await openPage(HARVEY);
  const options = await page.locator('#instance option').allInnerTexts();
  // Not Harvey's (deterministic) nor a worst-case instance (built for one run): an instance SGD samples on.
  const sampled = options.find((o) => o !== 'harvey-convex' && o !== 'pep-worst-case');
  assert.ok(sampled, `no sampled instance offered: ${options.join(', ')}`);
  await page.selectOption('#instance', sampled);
  await measured(page);
  await setInput(page, 'T', '200000');
  await page.waitForFunction(() => !document.getElementById('progress')!.hidden, null, { timeout: 10_000 });
  const t0 = Date.now();
  await setInput(page, 'T', '8');
  await measured(page);
  const ms = Date.now() - t0;
  assert.match(await page.locator('#replay').innerText(), /"T":8/);
  console.log(`cancelled a T = 200000 computation; T = 8 answered ${ms} ms later`);
  assert.ok(ms < 15_000, `the superseded computation was not cancelled (${ms} ms)`);
  await page.close();
});

test("a user's catalog: its own theorem, measured, with the replay naming the catalog", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fwa-explorer-catalog-'));
  try {
    const catalog = join('examples', 'subgradient-averaging.ts');
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'fwa-theorems.mjs'), 'explore', '--catalog', catalog, '--out', dir],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, `explore --catalog exited ${run.status}: ${run.stderr}`);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    const value = await measured(page);
    assert.ok(Number.isFinite(Number(value)), `measured ${value}`);
    const replay = await page.locator('#replay').innerText();
    assert.match(replay, new RegExp(`--catalog ${catalog.replace(/[./]/g, '\\$&')} --trial`));
    const json = /--trial '(.*)'$/.exec(replay.trim())?.[1];
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'fwa-theorems.mjs'), 'audit', '--catalog', catalog, '--trial', json ?? ''],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const printed = JSON.parse(cli.stdout.slice(0, cli.stdout.lastIndexOf('}') + 1)) as {
      outcome: { measured: number };
    };
    assert.equal(String(printed.outcome.measured), value);
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no page error and no network request in any of the above', () => {
  assert.deepEqual(errors, []);
  assert.deepEqual(offline, [], 'the explorer requested the network');
});
