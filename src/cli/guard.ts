import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import { loadCatalog, requireTheoremIds } from '../catalog/load';
import { CorruptFileError, InvalidParameterError, OutputWriteError, RunLockedError } from '../errors';
import { writeFileAtomic } from '../io/atomic';
import { acquireLock } from '../io/lock';
import { currentProfile } from '../profile';
import { restoreDefaultSignals } from './interrupt';
import { integerArgument, numberArgument, seedArgument } from './options';
import { trialReplayCommand } from '../audit/replay';

/**
 * `fwa-theorems guard`: kill matrix of bound mutants, tightness search and ledger,
 * shape check, and the verdict on the paper's printed readings. Every budget counts check runs, not
 * seconds, so a run is a function of its seed and options: a default run reproduces the committed
 * properties/ledger.json, which it writes only with --write-ledger. --samples and --search widen it.
 */
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
    .option('--samples <n>', 'trials sampled per theorem', integerArgument(0), 16)
    .option(
      '--replicates <n>',
      'minimum replicates of an expectation trial (power of the one-sided test)',
      integerArgument(0),
      4000,
    )
    .option('--confirmations <n>', 'check re-runs per mutant on the most promising trials', integerArgument(0), 3)
    .option('--search <n>', "hill-climb runs on each theorem's own bound", integerArgument(0), 40)
    .option(
      '--mutant-search <n>',
      'hill-climb runs on each surviving mutant that comes within --mutant-search-from of failing',
      integerArgument(0),
      16,
    )
    .option(
      '--mutant-search-from <ratio>',
      'best ratio from which a survivor gets a hill-climb',
      numberArgument(0),
      0.5,
    )
    .option('--seed <n>', 'seed (default: the profile seed, see FWA_PROFILE / FWA_SEED)', seedArgument)
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
        seed?: number;
        shape: boolean;
        writeLedger?: boolean;
        json?: string;
        catalog?: string;
      }) => {
        // Loaded here, not at the top: the guard's search, mutants and the registry are not what
        // `fwa-theorems --help` should pay for.
        const [{ formatReport }, { runGuard }, { getTheorem }, { LEDGER_PATH }] = await Promise.all([
          import('../guard/format'),
          import('../guard/run'),
          import('../catalog/registry'),
          import('../guard/ledger'),
        ]);
        // The guard computes synchronously for minutes and holds nothing a signal must finish (its
        // files are replaced atomically): SIGINT/SIGTERM end it at once (see restoreDefaultSignals).
        restoreDefaultSignals();
        try {
          const env = o.seed !== undefined ? { ...process.env, FWA_SEED: String(o.seed) } : process.env;
          const profile = currentProfile(env);
          const catalog = o.catalog ? await loadCatalog(o.catalog) : undefined;
          if (catalog) requireTheoremIds(catalog, o.theorem);
          else for (const id of o.theorem) getTheorem(id);
          console.log(
            `[guard] profile ${profile.name}, seed ${profile.seed} (replay: FWA_SEED=${profile.seed}); ${o.samples} samples, ${o.search} climb runs per theorem; ledger ${o.writeLedger ? 'written' : 'read only (--write-ledger to update it)'}`,
          );
          const ledgerPath =
            catalog && o.catalog ? o.catalog.replace(/\.[cm]?[jt]s$/, '') + '.ledger.json' : LEDGER_PATH;
          // One writer per ledger: a second guard that would write it is refused (exit 2, naming the holder).
          const lock =
            o.writeLedger === true
              ? acquireLock(dirname(ledgerPath), basename(ledgerPath), `guard (${process.argv.slice(1).join(' ')})`)
              : undefined;
          let report: ReturnType<typeof runGuard>;
          try {
            report = runGuard({
              profile,
              ...(catalog ? { catalog, ledgerPath } : {}),
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
          } finally {
            lock?.release();
          }
          console.log(formatReport(report));
          if (o.json)
            writeFileAtomic(
              o.json,
              `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`,
            );
          const violated = report.theorems.filter((t) => t.baselineViolations > 0 && t.status !== 'paper-reading');
          // Errors of a check (it threw, returned NaN) are counted apart: exit 2, unless a violation (exit 1) stands.
          const broken = report.theorems.filter((t) => t.errors > 0);
          for (const t of broken) {
            console.error(
              `[guard] ERROR in the check of ${t.theorem}: ${t.errors} sampled trial(s) failed; first: ${t.firstError!.message}`,
            );
            console.error(`    replay: ${trialReplayCommand(t.firstError!.trial, o.catalog)}`);
          }
          if (violated.length) {
            console.error(`[guard] VIOLATED [S]/[D] theorems: ${violated.map((t) => t.theorem).join(', ')}`);
            process.exitCode = 1;
          } else if (broken.length) process.exitCode = 2;
        } catch (e) {
          if (
            e instanceof InvalidParameterError ||
            e instanceof CorruptFileError ||
            e instanceof OutputWriteError ||
            e instanceof RunLockedError
          ) {
            console.error(`fwa-theorems guard: ${e.message}`);
            process.exitCode = 2;
            return;
          }
          throw e;
        }
      },
    );
}
