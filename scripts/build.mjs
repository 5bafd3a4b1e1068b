// Compiles the CLI once, at install (`prepare`, which `npm ci` runs), so that no command compiles
// TypeScript at run time. One esbuild bundle with code splitting (the imports stay extensionless in
// src/); packages stay external (node_modules is there at run time). Output, flat in dist/:
//   cli.js               the command line (bin/fwa-theorems.mjs runs it)
//   worker.js            the piscina worker of the audit
//   check-worker.js      the worker thread of `check` (one theorem's property, stoppable)
//   registry-catalog.js  the registry's catalog, loaded by specifier in every thread
//   index.js, index.d.ts the public API, when src/index.ts exists (package.json `exports`)
//   chunk-*.js           modules shared between them, and those the commands import on demand
//   meta.json            esbuild's metafile: the import graph (npm run test:cli checks what --help loads)
//   .built               written last: bin/fwa-theorems.mjs compares its time with the sources'
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = `${ROOT}src/`;
const DIST = `${ROOT}dist/`;
const ENTRY_POINTS_MODULE = `${SRC}entry-points.ts`;

/** Where the compiled entries are, relative to any file of dist/ (all of them sit at its top). */
const COMPILED_ENTRY_POINTS = `
export const compiled = true;
export const workerFile = new URL('./worker.js', import.meta.url);
export const checkWorkerFile = new URL('./check-worker.js', import.meta.url);
export const registryCatalogFile = new URL('./registry-catalog.js', import.meta.url);
`;

/**
 * The sources read data beside them by `new URL('…', import.meta.url)` (report assets, fallback
 * data sets, the ledger, the project root). In a bundle import.meta.url is the chunk's URL, so each
 * source module's import.meta.url is rewritten to the URL its own file had: the same expression,
 * computed from the chunk (one level below the root). src/entry-points.ts is swapped for the module
 * above, which means the chunk itself.
 */
const sourceLayout = {
  name: 'source-layout',
  setup(build) {
    build.onResolve({ filter: /entry-points$/ }, (args) => {
      const path = fileURLToPath(new URL(`${args.path}.ts`, `file://${args.resolveDir}/`));
      return path === ENTRY_POINTS_MODULE ? { path, namespace: 'compiled-entry-points' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'compiled-entry-points' }, () => ({
      contents: COMPILED_ENTRY_POINTS,
      loader: 'js',
    }));
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(SRC)) return undefined;
      const fromDist = JSON.stringify(`../${relative(ROOT, args.path)}`);
      const text = readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        `new URL(${fromDist}, import.meta.url).href`,
      );
      return { contents: text, loader: 'ts' };
    });
  },
};

function buildOptions() {
  const entryPoints = {
    cli: `${SRC}cli.ts`,
    worker: `${SRC}audit/worker.ts`,
    'check-worker': `${SRC}check/property-worker.ts`,
    'registry-catalog': `${SRC}catalog/registry-catalog.ts`,
    ...(existsSync(`${SRC}index.ts`) ? { index: `${SRC}index.ts` } : {}),
  };
  return {
    absWorkingDir: ROOT,
    entryPoints,
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
    plugins: [sourceLayout],
  };
}

/**
 * The sources import without extensions (moduleResolution Bundler); a consumer resolving with
 * node16/nodenext (TypeScript's setting for a Node project) needs them in the declarations:
 * './x' becomes './x.js', or './x/index.js' for a directory.
 */
function addDeclarationExtensions(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, 'utf8').replace(
      /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g,
      (whole, lead, quote, spec) => {
        if (/\.[cm]?js$/.test(spec)) return whole;
        const base = join(entry.parentPath ?? entry.path, spec);
        const target = existsSync(`${base}.d.ts`)
          ? `${spec}.js`
          : existsSync(join(base, 'index.d.ts'))
            ? `${spec}/index.js`
            : spec;
        return `${lead}${quote}${target}${quote}`;
      },
    );
    writeFileSync(file, text);
  }
}

async function main() {
  rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild.build({ ...buildOptions(), metafile: true });
  writeFileSync(`${DIST}meta.json`, JSON.stringify(result.metafile));
  if (existsSync(`${SRC}index.ts`)) {
    // Type declarations of the public API (dist/index.d.ts and the files it refers to).
    execFileSync(process.execPath, [`${ROOT}node_modules/typescript/bin/tsc`, '-p', `${ROOT}tsconfig.build.json`], {
      stdio: 'inherit',
    });
    addDeclarationExtensions(DIST);
  }
  writeFileSync(`${DIST}.built`, `${new Date().toISOString()}\n`);
}

await main();
