import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findTheorem, loadCatalog, REGISTRY_CATALOG } from '../catalog/load';
import { cellKey } from '../audit/cell';
import { decodeJson, encodeJson } from '../audit/codec';
import { formatShard, parseShard } from '../audit/shard';
import { verdictWord, type AuditSummary } from '../audit/summary';
import {
  CorruptFileError,
  HypothesisError,
  InvalidParameterError,
  MalformedTrialError,
  OutputWriteError,
  RunLockedError,
} from '../errors';
import type { Trial } from '../theory/check';
import { currentProfile, type ProfileName } from '../profile';
import { INTERRUPTED_EXIT, stopOnSignal } from './interrupt';
import { integerArgument, seedArgument } from './options';
import { trialReplayCommand } from '../audit/replay';

/** Default time budget of the ci and explore profiles: the whole `npm run audit` stays under 5 minutes. */
export const DEFAULT_BUDGET_SECONDS = 270;

interface AuditCliOptions {
  profile?: ProfileName;
  seed?: number;
  theorem: string[];
  out?: string;
  shard?: string;
  resume?: boolean;
  threads?: number;
  budget?: number;
  trial?: string;
  catalog: string;
  maxCells?: number;
  cellTimeout?: number;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Bad input (exit 2) is one of these; anything else is a bug and keeps its stack. */
function isInputError(e: unknown): e is Error {
  return (
    e instanceof InvalidParameterError ||
    e instanceof CorruptFileError ||
    e instanceof HypothesisError ||
    e instanceof MalformedTrialError ||
    e instanceof OutputWriteError ||
    e instanceof RunLockedError
  );
}

async function guarded(command: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!isInputError(e)) throw e;
    console.error(`fwa-theorems ${command}: ${e.message}`);
    process.exitCode = 2;
  }
}

async function printSummary(s: AuditSummary, out: string): Promise<void> {
  const { formatDuration } = await import('../format/duration');
  for (const t of s.theorems) {
    const verdict = verdictWord(t.verdict, t.status);
    const attained = t.attained ? `; best attained cell ${t.attained.ratio.toPrecision(12)}, ${t.attained.basis}` : '';
    console.log(
      `  ${verdict.padEnd(12)} ${t.id.padEnd(40)} [${t.status}] cells ${t.cells}/${t.planned}, worst measured/bound ${t.worstRatio.toPrecision(4)}${attained}`,
    );
  }
  const proved = s.theorems.filter((t) => t.status !== 'paper-reading');
  const count = (v: string) => proved.filter((t) => t.verdict === v).length;
  console.log(
    `[S]/[D] theorems: ${count('attained')} attained, ${count('holds')} hold, ${count('undecided')} undecided, ${count('violated')} violated`,
  );
  const { violations, findings, errors } = s.totals;
  console.log(
    `audit: ${s.totals.cells} cells in ${formatDuration(s.run.wallMs)}; ${violations} violated [S]/[D], ${findings} [P] finding(s), ${errors} with errors` +
      (s.run.unfinished ? `; ${s.run.unfinished} cells not run (continue with --resume)` : ''),
  );
  console.log(`report: ${pathToFileURL(resolve(out, 'index.html')).href}`);
  process.exitCode = s.exitCode;
}

/**
 * The error cells of a run, each with its message and the command that replays it: an error is a bug
 * of the check (it threw, returned NaN, ran past its time limit), shown apart from the verdicts.
 */
async function printErrorCells(out: string, catalog: string): Promise<void> {
  const [{ readResults, RESULTS_FILE }, { join }] = await Promise.all([import('../audit/store'), import('node:path')]);
  const errors = readResults(join(out, RESULTS_FILE)).results.filter((r) => r.verdict === 'error');
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  for (const r of shown) {
    console.log(`  ERROR cell ${r.key} of ${r.theorem}: ${r.error?.name}: ${r.error?.message}`);
    console.log(`    replay: ${trialReplayCommand(r.trial, catalog === REGISTRY_CATALOG ? undefined : catalog)}`);
  }
  if (errors.length > shown.length)
    console.log(`  … ${errors.length - shown.length} more error cells in ${join(out, RESULTS_FILE)}`);
}

/** Error cells printed in full after an audit (the rest are in results.jsonl and the report). */
const MAX_ERRORS_SHOWN = 5;

async function replayTrial(catalogSpec: string, json: string, timeoutS: number | undefined): Promise<void> {
  let trial: Trial;
  try {
    trial = decodeJson(json) as Trial;
    if (typeof trial?.theorem !== 'string' || typeof trial.instance !== 'object' || typeof trial.params !== 'object')
      throw new Error('missing fields');
  } catch (e) {
    throw new InvalidParameterError(
      '--trial',
      json,
      `a trial as JSON {theorem, instance, params, seed, replicates} (${(e as Error).message})`,
    );
  }
  const catalog = await loadCatalog(catalogSpec);
  const theorem = findTheorem(catalog, trial.theorem);
  const check = theorem?.check;
  if (!theorem || !check) {
    throw new InvalidParameterError(
      '--trial theorem',
      trial.theorem,
      `a theorem with a check: ${catalog.theorems
        .filter((t) => t.check)
        .map((t) => t.id)
        .join(', ')}`,
    );
  }
  // On a worker thread with the cell limits: a trial that loops is stopped here too.
  const [{ workerRunner }, { CELL_TIMEOUT_SECONDS, workerHeapMb }] = await Promise.all([
    import('../audit/pool'),
    import('../limits'),
  ]);
  const runner = workerRunner(catalogSpec, 1, {
    timeoutMs: (timeoutS ?? CELL_TIMEOUT_SECONDS[currentProfile().name]) * 1000,
    heapMb: workerHeapMb(),
  });
  const stop = stopOnSignal((sig) => console.error(`${sig}: stopping the trial`));
  let r: Awaited<ReturnType<typeof runner.run>>;
  try {
    r = await runner.run(
      { key: cellKey(trial), index: 0, theorem: trial.theorem, trial, axes: ['sample'] },
      stop.signal,
    );
  } catch (e) {
    if (stop.signal.aborted) {
      process.exitCode = INTERRUPTED_EXIT;
      return;
    }
    throw e;
  } finally {
    stop.dispose();
    await runner.close();
  }
  // The trial is the user's input: parameters outside the theorem's hypotheses (k > T) or invalid
  // ones are a bad --trial, not a failed check (the cell records the error's name and message).
  if (r.error && (r.error.name === 'HypothesisError' || r.error.name === 'InvalidParameterError')) {
    throw new InvalidParameterError(
      '--trial params',
      trial.params,
      `parameters the theorem admits: ${r.error.message}`,
    );
  }
  console.log(encodeJson(r, 2));
  console.log(`${trial.theorem} [${theorem.status}]: ${r.verdict}`);
  // As for a whole run: 1 for a violated [S]/[D] theorem, 2 for an error of the check.
  process.exitCode = r.verdict === 'violated' && theorem.status !== 'paper-reading' ? 1 : r.verdict === 'error' ? 2 : 0;
}

/** `fwa-theorems audit` and `fwa-theorems merge` */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('run every theorem of the registry over a sweep and write an HTML report under reports/')
    .addOption(
      new Option('--profile <name>', 'sweep size (default: FWA_PROFILE or ci)').choices(['ci', 'explore', 'audit']),
    )
    .option('--seed <n>', 'audit seed (default: FWA_SEED, or the profile seed)', seedArgument)
    .option('--theorem <id>', 'audit only this theorem (repeatable)', collect, [])
    .option('--out <dir>', 'run directory (default: reports/<profile>-seed<seed>[-shard<i>of<N>])')
    .option('--shard <i/N>', 'run only shard i of N (combine the shards with `merge`)')
    .option('--resume', 'continue the run in --out: skip finished cells')
    .option('--threads <n>', 'worker threads (default: every core)', integerArgument(1))
    .option(
      '--budget <seconds>',
      `stop starting cells after this long (default ${DEFAULT_BUDGET_SECONDS} for ci/explore, none for audit; 0 = none)`,
      integerArgument(0),
    )
    .option(
      '--cell-timeout <seconds>',
      'stop a cell that runs longer and record it as an error (default: 120 for ci/explore, 1800 for audit)',
      integerArgument(1, 2_000_000),
    )
    .option('--trial <json>', 'replay exactly one trial (the command a report prints) and print its outcome')
    .option(
      '--catalog <module>',
      'a module of your own theorems exporting `catalog` (docs/your-own-theorem.md); default: the registry',
      REGISTRY_CATALOG,
    )
    .addOption(new Option('--max-cells <n>', 'stop after n new cells (tests)').argParser(integerArgument(0)).hideHelp())
    .action((o: AuditCliOptions) =>
      guarded('audit', async () => {
        if (o.trial !== undefined) return replayTrial(o.catalog, o.trial, o.cellTimeout);
        const env = {
          FWA_PROFILE: o.profile ?? process.env.FWA_PROFILE,
          FWA_SEED: o.seed?.toString() ?? process.env.FWA_SEED,
        };
        const profile = currentProfile(env);
        const shard = o.shard === undefined ? undefined : parseShard(o.shard);
        // Loaded here, not at the top: the worker pool, the progress bar and the report are what
        // make an audit, and `fwa-theorems --help` or `list` should not pay for them.
        const [{ defaultThreads }, { lineProgress, terminalProgress }, { runAudit, STOP_GRACE_MS }] = await Promise.all(
          [import('../audit/pool'), import('../audit/progress'), import('../audit/run')],
        );
        const threads = o.threads ?? defaultThreads();
        const budgetS = o.budget ?? (profile.name === 'audit' ? 0 : DEFAULT_BUDGET_SECONDS);
        const maxCells = o.maxCells;
        const out =
          o.out ?? `reports/${profile.name}-seed${profile.seed}${shard ? `-shard${shard.index}of${shard.count}` : ''}`;
        const log = (line: string): void => console.error(line);
        const { CELL_TIMEOUT_SECONDS, workerHeapMb } = await import('../limits');
        const cellTimeoutS = o.cellTimeout ?? CELL_TIMEOUT_SECONDS[profile.name];
        log(
          `audit: profile ${profile.name}, seed ${profile.seed}${shard ? `, shard ${formatShard(shard)}` : ''}, ${threads} thread(s), ` +
            `budget ${budgetS ? `${budgetS}s` : 'none'}, ${cellTimeoutS}s per cell, out ${out}`,
        );
        const stop = stopOnSignal((sig) =>
          log(
            `${sig}: stopping; running cells get ${STOP_GRACE_MS / 1000} s, then the report of what finished is written`,
          ),
        );
        const summary = await runAudit({
          catalog: o.catalog,
          theoremIds: o.theorem,
          profile,
          out,
          shard,
          resume: o.resume ?? false,
          threads,
          budgetMs: budgetS ? budgetS * 1000 : Infinity,
          maxCells,
          progress: process.stderr.isTTY ? terminalProgress() : lineProgress(log),
          log,
          stop: stop.signal,
          cellLimits: { timeoutMs: cellTimeoutS * 1000, heapMb: workerHeapMb() },
        }).finally(stop.dispose);
        await printSummary(summary, out);
        if (summary.totals.errorCells > 0) await printErrorCells(out, o.catalog);
        if (stop.signal.aborted) process.exitCode = INTERRUPTED_EXIT;
      }),
    );

  program
    .command('merge')
    .description('combine the results of audit shards (same profile and seed) into one report')
    .argument('<dirs...>', 'shard run directories')
    .option('--out <dir>', 'merged run directory', 'reports/merged')
    .addOption(
      new Option('--catalog <module>', 'module exporting the catalog (tests)').default(REGISTRY_CATALOG).hideHelp(),
    )
    .action((dirs: string[], o: { out: string; catalog: string }) =>
      guarded('merge', async () => {
        const { mergeShards } = await import('../audit/run');
        const summary = await mergeShards({ catalog: o.catalog, dirs, out: o.out, log: (l) => console.error(l) });
        await printSummary(summary, o.out);
      }),
    );
}
