/**
 * The explorer's picture in the README and docs/explorer.md: the page built from the registry, showing
 * fwa-convergence at T = 6, k = 3 with c·G/D = 1, where a committed certificate gives the worst case.
 *
 *   npx tsx scripts/explorer-screenshot.ts        → reports/artefacts/readme-explorer.png
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildExplorer } from '../src/explore/build';
import { firstTrial } from '../src/explore/model';
import { varyTrial } from '../src/measure/trial';
import { getTheorem } from '../src/catalog/registry';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `explorer-screenshot: chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
    );
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'fwa-explorer-shot-'));
  const { index } = await buildExplorer(out);
  const theorem = getTheorem('fwa-convergence');
  const base = varyTrial(firstTrial(theorem)!, { T: 6, k: 3 });
  const { D, G } = theorem.check!.configure!(base).scope;
  const trial = varyTrial(base, { c: D / G });
  const hash = `#${new URLSearchParams({ theorem: theorem.id, trial: JSON.stringify(trial) }).toString()}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    await tab.goto(`${pathToFileURL(index).href}${hash}`);
    await tab.waitForFunction(
      () => {
        const d = (
          globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string> } } }
        ).document;
        const k = d.getElementById('plot-k').dataset;
        return k.points !== undefined && k.points === k.measured;
      },
      null,
      { timeout: 120_000 },
    );
    const png = join(ROOT, 'reports', 'artefacts', 'readme-explorer.png');
    await tab.screenshot({ path: png, fullPage: true });
    console.log(`wrote ${png}`);
  } finally {
    await browser.close();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
