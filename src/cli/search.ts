import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { CatalogError, CorruptFileError, InvalidParameterError, OutputWriteError, RunLockedError } from '../errors';
import { acquireLock } from '../io/lock';
import { currentProfile } from '../profile';
import { integerArgument, seedArgument } from './options';

/**
 * `fwa-theorems search`: the worst-case search (src/worst-cases/search.ts) per theorem, exact cells
 * only, reporting the database's best ratio against the current bound and what the search reached.
 * The database (properties/worst/, or <catalog>.worst/) changes only with --write: this command is
 * the one way it is updated. A run is a function of its seed and options.
 */
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search for worst-case instances (exact expectations, Nelder–Mead) and update the worst-case database')
    .option('--theorem <id>', 'this theorem (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--all', 'every theorem that has a check')
    .option('--catalog <module>', 'a module of your own theorems (docs/your-own-theorem.md); database <module>.worst/')
    .option('--evaluations <n>', 'check runs per theorem', integerArgument(1), 1500)
    .option('--samples <n>', "trials drawn from each theorem's check as starts", integerArgument(0), 60)
    .option('--climbs <n>', 'best starts climbed', integerArgument(1), 4)
    .option('--seed <n>', 'seed (default: the profile seed, see FWA_PROFILE / FWA_SEED)', seedArgument)
    .option('--write', 'merge the best trials into the database (default: print only)')
    .action(async (o: SearchOptions) => {
      try {
        process.exitCode = await runSearch(o);
      } catch (e) {
        if (
          e instanceof InvalidParameterError ||
          e instanceof CatalogError ||
          e instanceof CorruptFileError ||
          e instanceof OutputWriteError ||
          e instanceof RunLockedError
        ) {
          console.error(`fwa-theorems search: ${e.message}`);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
    });
}

/** The options of `fwa-theorems search`, as commander parses them. */
interface SearchOptions {
  theorem: string[];
  all?: boolean;
  catalog?: string;
  evaluations: number;
  samples: number;
  climbs: number;
  seed?: number;
  write?: boolean;
}

async function runSearch(o: SearchOptions): Promise<number> {
  const [
    { loadCatalog, requireTheoremIds, REGISTRY_CATALOG },
    { REGISTRY_WORST_CASES, MAX_STORED_PATHS, catalogWorstCases },
    update,
    ledger,
  ] = await Promise.all([
    import('../catalog/load'),
    import('../worst-cases/database'),
    import('../worst-cases/update'),
    import('../guard/ledger'),
  ]);
  if (!o.all && o.theorem.length === 0)
    throw new InvalidParameterError(
      '--theorem',
      undefined,
      'a theorem id (repeatable), or --all for every theorem with a check',
    );
  const env = o.seed !== undefined ? { ...process.env, FWA_SEED: String(o.seed) } : process.env;
  const profile = currentProfile(env);
  const catalog = await loadCatalog(o.catalog ?? REGISTRY_CATALOG);
  const ids = o.all ? catalog.theorems.filter((t) => t.check).map((t) => t.id) : requireTheoremIds(catalog, o.theorem);
  const dir = o.catalog ? catalogWorstCases(o.catalog) : REGISTRY_WORST_CASES;
  const command = `npx fwa-theorems ${process.argv.slice(2).join(' ')}`;
  console.log(
    `[search] profile ${profile.name}, seed ${profile.seed}; ${ids.length} theorem(s), ${o.evaluations} check runs each; ` +
      `database ${dir} ${o.write ? 'updated' : 'read only (--write to update it)'}`,
  );
  // One writer per database: a second --write is refused (exit 2, naming the holder).
  if (o.write) mkdirSync(dir, { recursive: true });
  const lock = o.write ? acquireLock(dir, 'search', `search (${command})`) : undefined;
  let violated = 0;
  try {
    for (const id of ids) {
      const theorem = catalog.theorems.find((t) => t.id === id)!;
      console.log(`${id} [${theorem.status}]`);
      const r = update.searchTheorem(theorem, {
        profile,
        dir,
        ...(o.catalog ? {} : { ledgerPath: ledger.LEDGER_PATH }),
        write: o.write === true,
        command,
        seed: profile.seed,
        samples: o.samples,
        climbs: o.climbs,
        evaluations: o.evaluations,
        maxPaths: MAX_STORED_PATHS,
        onProgress: (line) => console.log(line),
      });
      const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : 'none');
      console.log(
        `  measured/bound: database ${f(r.before)}, check's exact trials ${f(r.enumeration)}, search ${f(r.after)} ` +
          `(${r.evaluations} runs, ${r.seconds.toFixed(1)} s)${r.written ? `; wrote ${r.written}` : ''}`,
      );
      if (r.best) console.log(`  best: ${JSON.stringify(r.best)}`);
      if (r.verdict === 'violated' && theorem.status !== 'paper-reading') violated++;
    }
  } finally {
    lock?.release();
  }
  if (violated) console.error(`[search] ${violated} [S]/[D] theorem(s) VIOLATED by an exact cell (ratio > 1)`);
  return violated ? 1 : 0;
}
