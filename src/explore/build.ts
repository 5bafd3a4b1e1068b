import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic';
import { copyAssets } from '../report/assets';
import { escapeHtml, scriptJson } from '../report/html';
import { CERTIFICATE_DIR } from '../pep/store';
import { certifiedPoints } from './certified';

/**
 * Builds the explorer: one page that opens from file:// with no network and no server.
 *
 *   <out>/index.html          the page, with the certified points (verified now) as JSON
 *   <out>/explorer.js         the page script (inputs, KaTeX, plotly curves)
 *   <out>/worker-source.js    the worker's bundle as a string: from file:// Chromium refuses
 *                             `new Worker('file.js')`, but runs a worker made from a Blob of its source
 *   <out>/assets/             KaTeX's css and fonts and plotly, shared with the audit report's assets
 *
 * The worker bundles the catalog (the registry, or a user's file whose `fwa-theorems` imports resolve
 * to this package's sources), the formula engine and the Float64 engine: the same code that
 * `fwa-theorems audit --trial` runs, so the page's measured values equal the command line's.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SRC = resolve(HERE, '..');
const ROOT = resolve(SRC, '..');

/**
 * The expression a module's own URL is read with, spelled so that scripts/build.mjs (which rewrites
 * that expression in every source it compiles into dist/) leaves this file's search for it alone.
 */
const META_URL = ['import', 'meta', 'url'].join('.');

/**
 * Bundle budget: plotly 4.6 MB; the committed PEP certificates 3.1 MB (embedded so the worst-case
 * instances run in the page as on the command line); KaTeX's fonts and css 1.2 MB; page and worker code
 * 1.3 MB. 12 MB leaves room for a larger catalog and for the certificate grid to grow by a third.
 */
export const BUNDLE_BUDGET_BYTES = 12 * 1024 * 1024;

export interface ExplorerBuild {
  index: string;
  /** Bytes the page loads: index.html, explorer.js, worker-source.js and the assets it uses. */
  bytes: number;
}

export async function buildExplorer(out: string, catalog?: string): Promise<ExplorerBuild> {
  const esbuild = await import('esbuild');
  const catalogModule = catalog ? resolve(catalog) : resolve(SRC, 'catalog/registry-catalog.ts');
  const common = {
    bundle: true,
    write: false,
    format: 'iife' as const,
    platform: 'browser' as const,
    target: 'es2022',
    minify: true,
    legalComments: 'none' as const,
    logLevel: 'silent' as const,
    // The checks read the profile from the environment; a page has none, so it runs the ci profile
    // (the default of `fwa-theorems audit --trial` too).
    define: { 'process.env': '{}' },
    alias: { 'node:module': resolve(HERE, 'browser/node-module.ts'), 'fwa-theorems': resolve(SRC, 'index.ts') },
  };
  const nodeShim = resolve(HERE, 'browser/node-shim.ts');
  const worker = await esbuild.build({
    ...common,
    // Modules of the public API that a user's catalog bundles read `process` while loading (its
    // listeners, its working directory); a page has none, so the worker gets an inert one.
    banner: {
      js: "var process = { env: {}, argv: [], platform: 'browser', cwd: () => '/fwa', on() {}, off() {}, once() {}, emitWarning() {} };",
    },
    entryPoints: [resolve(HERE, 'browser/worker.ts')],
    plugins: [
      {
        name: 'explore-catalog',
        setup(build) {
          build.onResolve({ filter: /^explore:catalog$/ }, () => ({ path: catalogModule }));
          // The checks' file reads (the worst-case generator's certificates) from an embedded,
          // read-only file system (browser/node-shim.ts); each module's import.meta.url is its own
          // place under /fwa/, so paths computed from it land on the embedded files.
          build.onResolve({ filter: /^node:(fs|fs\/promises|path|url|crypto|child_process|os)$/ }, () => ({
            path: nodeShim,
          }));
          build.onResolve({ filter: /^explore:files$/ }, () => ({ path: 'files', namespace: 'explore-files' }));
          build.onLoad({ filter: /.*/, namespace: 'explore-files' }, () => ({
            contents: `export const files = ${JSON.stringify(embeddedFiles())};`,
            loader: 'js',
          }));
          build.onLoad({ filter: /\.ts$/ }, (args) => {
            if (!args.path.startsWith(ROOT)) return undefined;
            const text = readFileSync(args.path, 'utf8');
            if (!text.includes(META_URL)) return undefined;
            const url = JSON.stringify(`file:///fwa/${relative(ROOT, args.path)}`);
            return { contents: text.replaceAll(META_URL, url), loader: 'ts' };
          });
        },
      },
    ],
  });
  const page = await esbuild.build({ ...common, entryPoints: [resolve(HERE, 'browser/page.ts')] });
  mkdirSync(out, { recursive: true });
  copyAssets(out);
  const workerText = bundleText(worker);
  writeFileAtomic(resolve(out, 'worker-source.js'), `window.FWA_EXPLORER_WORKER = ${JSON.stringify(workerText)};\n`);
  writeFileAtomic(resolve(out, 'explorer.js'), bundleText(page));
  const data = { certified: catalog ? {} : certifiedPoints(), catalog: catalog ?? null };
  const index = resolve(out, 'index.html');
  writeFileAtomic(index, pageHtml(data, catalog));
  return { index, bytes: treeBytes(out) };
}

/**
 * The files the page's checks read, by their path under /fwa/ (the checkout's place in the page's file
 * system): the committed PEP certificates, which the worst-case generator rebuilds instances from.
 * Minified JSON: the same values, without the indentation.
 */
function embeddedFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(CERTIFICATE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort())
    out[`/fwa/${relative(ROOT, join(CERTIFICATE_DIR, name))}`] = JSON.stringify(
      JSON.parse(readFileSync(join(CERTIFICATE_DIR, name), 'utf8')),
    );
  return out;
}

/** The one file a `write: false` bundle produced. */
function bundleText(result: { outputFiles?: { text: string }[] }): string {
  const [file] = result.outputFiles ?? [];
  if (!file) throw new Error('esbuild produced no output for the explorer bundle');
  return file.text;
}

/** Every byte under the page's folder: an upper bound of what a browser loads (it fetches KaTeX fonts on demand). */
function treeBytes(dir: string): number {
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) bytes += statSync(resolve(e.parentPath, e.name)).size;
  return bytes;
}

function pageHtml(data: object, catalog: string | undefined): string {
  const source = catalog ? `catalog ${escapeHtml(catalog)}` : 'the registry';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>fwa-theorems explorer</title>
<link rel="stylesheet" href="assets/report.css" />
<link rel="stylesheet" href="assets/katex/katex.min.css" />
<style>
  #inputs { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 0.6em 0; }
  #inputs label { white-space: nowrap; }
  #message { background: #fef3f2; color: var(--violated); padding: 8px 12px; border-radius: 6px; }
  #progress { color: var(--muted); }
  .card small { display: block; color: var(--muted); font-size: 0.78rem; max-width: 28em; }
</style>
<script src="assets/plotly.min.js"></script>
<script src="worker-source.js"></script>
</head>
<body>
<main>
<nav>fwa-theorems · explorer of ${source}</nav>
<h1 id="title">loading…</h1>
<p><label>theorem <select id="theorem"></select></label></p>
<dl class="meta" id="meta"></dl>
<div class="formula" id="bound-tex"></div>
<h2>The point</h2>
<div id="inputs"></div>
<p class="muted">bound evaluated at: <span id="scope"></span></p>
<p id="message" role="alert" hidden></p>
<div class="cards">
  <div class="card" id="bound"><span>bound</span><b>–</b><small></small></div>
  <div class="card" id="certified"><span>certified worst case</span><b>–</b><small></small></div>
  <div class="card" id="measured"><span>measured</span><b>–</b><small></small></div>
  <div class="card" id="ratio"><span>ratio</span><b>–</b><small></small></div>
  <div class="card"><span>verdict</span><b id="verdict" class="verdict">–</b></div>
</div>
<p id="progress" hidden></p>
<p class="muted">The same trial on the command line:</p>
<pre id="replay"></pre>
<div class="plots"><figure><div id="plot-T"></div></figure><figure><div id="plot-k"></div></figure></div>
</main>
<script type="application/json" id="explorer-data">${scriptJson(data).toString()}</script>
<script src="explorer.js"></script>
</body>
</html>
`;
}
