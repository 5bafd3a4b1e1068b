#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs as `prepare`): it starts
// in a fraction of a second. When the build is missing, or a file under src/ (or the build script)
// changed after it, the sources run through tsx instead: slower to start, never stale. A checkout,
// a rebase or an edit therefore never runs old code; `npm run build` makes it fast again.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = statSync(new URL('dist/.built', root), { throwIfNoEntry: false })?.mtimeMs;

/**
 * The latest change under a directory: its files, and the directories themselves (a deleted file).
 * Markdown is documentation, never compiled: editing a folder's README leaves the build current.
 */
function newestChange(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.md')) continue;
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// An installed package (under node_modules/) ships src/ beside dist/ for the data files the sources
// read; its build is the one it was packed with. Only a checkout can hold sources newer than its build.
const checkout = !root.pathname.split('/').includes('node_modules');
const stale =
  built === undefined ||
  (checkout &&
    Math.max(newestChange(new URL('src/', root)), statSync(new URL('scripts/build.mjs', root)).mtimeMs) > built);

if (stale) {
  console.error(
    `fwa-theorems: ${built === undefined ? 'no build in dist/' : 'src/ changed since the last build'}; ` +
      'running the sources through tsx (slower to start). `npm run build` compiles them.',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
} else {
  // A bug's stack trace then names the source files and lines, not the bundle's.
  process.setSourceMapsEnabled(true);
  await import('../dist/cli.js');
}
