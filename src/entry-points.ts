/**
 * The modules loaded by URL rather than by import: the worker threads (a thread starts from a file)
 * and the registry's catalog (a catalog travels to worker threads as a module specifier). This file
 * names the sources, run through tsx; the build (scripts/build.mjs) replaces it with one naming the
 * compiled entries in dist/, so the compiled CLI never compiles its own TypeScript at run time.
 */

/** False here, true in dist/: there, a TypeScript module (a user's catalog) needs tsx registered first. */
export const compiled: boolean = false;

/** The worker thread's module (worker.mjs registers tsx, then loads worker.ts). */
export const workerFile = new URL('./audit/worker.mjs', import.meta.url);

/** The worker thread of `fwa-theorems check` (property-worker.mjs registers tsx, then runs property-worker.ts). */
export const checkWorkerFile = new URL('./check/property-worker.mjs', import.meta.url);

/** The module exporting the registry's catalog. */
export const registryCatalogFile = new URL('./catalog/registry-catalog.ts', import.meta.url);
