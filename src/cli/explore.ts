import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CatalogError, InvalidParameterError } from '../errors';
import { ensureWritableDir } from '../output-dir';

/**
 * `fwa-theorems explore [--catalog <file>] [--out <dir>]`: builds the interactive bound explorer, one
 * page that opens from file:// with no network (src/explore/build.ts), and prints its address.
 */
export const DEFAULT_EXPLORER_OUT = 'reports/explorer';

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('build the interactive bound explorer (one page, opens from file:// offline) and print its address')
    .option('--catalog <file>', 'a catalog module (.ts/.js exporting `catalog`) instead of the registry')
    .option('--out <dir>', 'where to write the page', DEFAULT_EXPLORER_OUT)
    .action(async (opts: { catalog?: string; out: string }) => {
      try {
        if (opts.catalog !== undefined && !existsSync(opts.catalog))
          throw new CatalogError(
            opts.catalog,
            `there is no file ${resolve(opts.catalog)}`,
            'give the path of a .ts or .js catalog module',
          );
        if (opts.catalog !== undefined) {
          // The catalog is loaded here too, so a broken one fails with its CatalogError, not an esbuild trace.
          const { loadCatalog } = await import('../catalog/load');
          await loadCatalog(opts.catalog);
        }
        ensureWritableDir(opts.out);
        const { buildExplorer, BUNDLE_BUDGET_BYTES } = await import('../explore/build');
        const t0 = Date.now();
        const built = await buildExplorer(opts.out, opts.catalog);
        const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(1)} MB`;
        console.log(
          `explorer: ${pathToFileURL(built.index).href}  (${mb(built.bytes)} loaded by the page, budget ${mb(BUNDLE_BUDGET_BYTES)}; built in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
        );
        if (!statSync(built.index).isFile()) throw new Error('the page was not written');
      } catch (e) {
        if (!(e instanceof InvalidParameterError)) throw e;
        console.error(`fwa-theorems explore: ${e.message}`);
        process.exitCode = 2;
      }
    });
}
