import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadCatalog, requireTheoremIds } from '../audit/catalog';
import { InvalidParameterError } from '../errors';
import { formatReport } from '../guard/format';
import { runGuard } from '../guard/run';
import { currentProfile } from '../profile';
import { getTheorem } from '../theory/registry';

/**
 * `fwa-theorems guard` (issue 7): kill matrix of bound mutants, tightness search and ledger,
 * shape check, and the verdict on the paper's printed readings. Every budget counts check runs, not
 * seconds, so a run is a function of its seed and options: a default run reproduces the committed
 * properties/ledger.json, which it writes only with --write-ledger. --samples and --search widen it.
 */
/** Option parsers: commander turns InvalidArgumentError into a usage error (exit 2). */
function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected an integer ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

function nonNegativeNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`expected a number ≥ 0, got ${JSON.stringify(v)}`);
  return n;
}

export function registerGuard(program: Command): void {
  program
    .command('guard')
    .description('mutation testing of every bound constant, tightness search, ledger and the paper readings')
    .option(
      '--theorem <id>',
      'only this theorem (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--samples <n>', 'trials sampled per theorem', nonNegativeInt, 16)
    .option(
      '--replicates <n>',
      'minimum replicates of an expectation trial (power of the one-sided test)',
      nonNegativeInt,
      4000,
    )
    .option('--confirmations <n>', 'check re-runs per mutant on the most promising trials', nonNegativeInt, 3)
    .option('--search <n>', "hill-climb runs on each theorem's own bound", nonNegativeInt, 40)
    .option(
      '--mutant-search <n>',
      'hill-climb runs on each surviving mutant that comes within --mutant-search-from of failing',
      nonNegativeInt,
      16,
    )
    .option(
      '--mutant-search-from <ratio>',
      'best ratio from which a survivor gets a hill-climb',
      nonNegativeNumber,
      0.5,
    )
    .option('--seed <n>', 'seed (default: the profile seed, see FWA_PROFILE / FWA_SEED)', (v: string) =>
      String(nonNegativeInt(v)),
    )
    .option('--no-shape', 'skip the shape check on Harvey’s instance')
    .option('--write-ledger', 'merge the records found into properties/ledger.json (default: leave it untouched)')
    .option('--json <file>', 'also write the full report as JSON')
    .option(
      '--catalog <module>',
      'guard a module of your own theorems exporting `catalog` (docs/your-own-theorem.md); its ledger is <module>.ledger.json',
    )
    .action(
      async (o: {
        theorem: string[];
        samples: number;
        replicates: number;
        confirmations: number;
        search: number;
        mutantSearch: number;
        mutantSearchFrom: number;
        seed?: string;
        shape: boolean;
        writeLedger?: boolean;
        json?: string;
        catalog?: string;
      }) => {
        try {
          const env = o.seed !== undefined ? { ...process.env, FWA_SEED: o.seed } : process.env;
          const profile = currentProfile(env);
          const catalog = o.catalog ? await loadCatalog(o.catalog) : undefined;
          if (catalog) requireTheoremIds(catalog, o.theorem);
          else for (const id of o.theorem) getTheorem(id);
          console.log(
            `[guard] profile ${profile.name}, seed ${profile.seed} (replay: FWA_SEED=${profile.seed}); ${o.samples} samples, ${o.search} climb runs per theorem; ledger ${o.writeLedger ? 'written' : 'read only (--write-ledger to update it)'}`,
          );
          const report = runGuard({
            profile,
            ...(catalog && o.catalog
              ? { catalog, ledgerPath: o.catalog.replace(/\.[cm]?[jt]s$/, '') + '.ledger.json' }
              : {}),
            ...(o.theorem.length ? { theorems: o.theorem } : {}),
            samples: o.samples,
            replicates: o.replicates,
            confirmations: o.confirmations,
            searchEvaluations: o.search,
            mutantSearchEvaluations: o.mutantSearch,
            mutantSearchFrom: o.mutantSearchFrom,
            shape: o.shape,
            writeLedger: o.writeLedger === true,
            log: (line) => console.log(line),
          });
          console.log(formatReport(report));
          if (o.json)
            writeFileSync(
              o.json,
              `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`,
            );
          const violated = report.theorems.filter((t) => t.baselineViolations > 0 && t.status !== 'paper-reading');
          if (violated.length) {
            console.error(`[guard] VIOLATED [S]/[D] theorems: ${violated.map((t) => t.theorem).join(', ')}`);
            process.exitCode = 1;
          }
        } catch (e) {
          if (e instanceof InvalidParameterError) {
            console.error(`fwa-theorems guard: ${e.message}`);
            process.exitCode = 2;
            return;
          }
          throw e;
        }
      },
    );
}
