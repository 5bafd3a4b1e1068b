/**
 * The screenshots the README shows: the index and one theorem page of a real audit run.
 *
 *   npx fwa-theorems audit --out /tmp/audit && npx tsx scripts/readme-screenshots.ts /tmp/audit [theorem-id]
 *
 * Writes reports/artefacts/readme-audit-index.png (the top of the index: verdict banners, counters,
 * the start of the theorem table) and reports/artefacts/readme-audit-theorem.png (the theorem's page,
 * by default the [P] reading the ci run reports as a finding). Re-run it when the report's look changes.
 * The browser test (properties/audit-browser.ts) keeps its own screenshots of a fake catalog.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  const [runDir, theorem = 'fwa-stability-convex-constant-step-paper-reading'] = process.argv.slice(2);
  const index = runDir ? join(resolve(runDir), 'index.html') : '';
  const page = runDir ? join(resolve(runDir), 'theorems', `${theorem}.html`) : '';
  for (const [what, file] of [
    ['audit index', index],
    ['theorem page', page],
  ]) {
    if (!existsSync(file)) {
      console.error(
        `readme-screenshots: no ${what} at '${file}'; usage: npx tsx scripts/readme-screenshots.ts <audit run dir> [theorem id]`,
      );
      process.exit(2);
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      `readme-screenshots: chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
    process.exit(2);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    for (const [file, png] of [
      [index, 'readme-audit-index.png'],
      [page, 'readme-audit-theorem.png'],
    ]) {
      await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const out = join(ROOT, 'reports', 'artefacts', png);
      await tab.screenshot({ path: out });
      console.log(`wrote ${out}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
