import type { Command } from 'commander';
import { CatalogError, HypothesisError, InvalidParameterError } from '../errors';
import type { PropertyRun } from '../check/stoppable';
import type { Trial } from '../theory/check';
import { currentProfile } from '../profile';
import { describeBasis } from '../stats/verdict';
import { INTERRUPTED_EXIT, stopOnSignal } from './interrupt';
import { integerArgument, seedArgument } from './options';
import { trialReplayCommand } from '../audit/replay';

/**
 * `fwa-theorems check <file>`: a user's catalog run like `npm test` runs the registry. Every theorem
 * with a check gets its property (the trials its check draws, at the profile's seed), on a worker
 * thread with a time limit per trial. Exit codes:
 *   0  no [S]/[D] theorem violated and no error (a violated [P] paper reading is a finding, exit 0);
 *   1  an [S] classical or [D] derived theorem violated (shrunk trial and replay command printed);
 *   2  bad input, or an ERROR of a check: a trial that threw, returned NaN or a complex bound, ran
 *      past --cell-timeout, ran out of heap or called process.exit. Errors are bugs of the check,
 *      never evidence against its theorem. When a run has both, 1 wins: a violation is a replayable
 *      counterexample that stands whatever else failed, and a CI reading 2 as "fix the set-up" must
 *      not miss it; the errors are printed and counted all the same;
 *   130  stopped by SIGINT/SIGTERM (the running trial's thread is terminated at once).
 * The catalog's worst-instance database (<file>.worst/, written by `fwa-theorems search --catalog
 * <file> --write`) is replayed first, against the catalog's current bounds, as npm test replays the
 * registry's.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("run the properties of a catalog module (a user's own theorems) like npm test")
    .argument('<file>', 'a .ts, .mts, .js or .mjs module exporting `catalog` = { theorems } (docs/your-own-theorem.md)')
    .option('--theorem <id>', 'check only this theorem (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--seed <n>', 'seed (default: FWA_SEED, or the profile seed)', seedArgument)
    .option('--path <path>', 'replay one fast-check path (printed with a failure)')
    .option(
      '--cell-timeout <seconds>',
      'longest one trial may run (default: the profile’s, 120 s for ci)',
      integerArgument(1),
    )
    .action(async (file: string, o: CheckOptions) => {
      try {
        process.exitCode = await runCheck(file, o);
      } catch (e) {
        if (!(e instanceof InvalidParameterError || e instanceof HypothesisError)) throw e;
        console.error(`fwa-theorems check: ${e.message}`);
        process.exitCode = 2;
      }
    });
}

interface CheckOptions {
  theorem: string[];
  seed?: number;
  path?: string;
  cellTimeout?: number;
}

async function runCheck(file: string, o: CheckOptions): Promise<number> {
  const [
    { loadCatalog, requireTheoremIds },
    { runPropertyInWorker },
    { CELL_TIMEOUT_SECONDS, workerHeapMb },
    { catalogWorstCases },
    replay,
  ] = await Promise.all([
    import('../catalog/load'),
    import('../check/stoppable'),
    import('../limits'),
    import('../worst-cases/database'),
    import('../worst-cases/replay'),
  ]);
  const worstCases = catalogWorstCases(file);
  const profile = currentProfile(o.seed !== undefined ? { ...process.env, FWA_SEED: String(o.seed) } : process.env);
  const limitS = o.cellTimeout ?? CELL_TIMEOUT_SECONDS[profile.name];
  const heapMb = workerHeapMb();
  // Loaded here too (the worker loads it again): a bad module is bad input, reported before any thread starts.
  const catalog = await loadCatalog(file);
  const ids = requireTheoremIds(catalog, o.theorem);
  const theorems = catalog.theorems.filter((t) => ids.includes(t.id));
  if (!theorems.some((t) => t.check))
    throw new CatalogError(
      file,
      'no theorem has a check',
      'give a theorem check: … (a check builder of fwa-theorems, or your own)',
    );
  console.log(
    `fwa-theorems check ${file}: ${theorems.length} theorem(s), profile ${profile.name}, seed ${profile.seed}`,
  );
  const stop = stopOnSignal((sig) => console.log(`${sig}: stopping the running check`));
  let violated = 0;
  let errors = 0;
  try {
    for (const t of theorems) {
      const tag = `${t.id} [${t.status}]`;
      if (!t.check) {
        console.log(`  NO CHECK     ${tag}: a statement only (give it check: … to test it)`);
        continue;
      }
      // Stored worst cases are small exact trials the search found on this catalog: replayed here,
      // before the property's own draws.
      const stored = replay.replayTheorem(t, t.check, worstCases);
      if (stored.length > 0) {
        const problems = replay.replayProblems(t, stored, `${worstCases}/${t.id}.json`);
        const best = Math.max(...stored.map((x) => x.outcome?.ratio ?? -Infinity));
        console.log(
          `  WORST CASES  ${tag}: ${stored.length} stored instance(s), best measured/bound ${best.toPrecision(4)}`,
        );
        for (const line of problems) console.log(`    ${line}`);
        if (t.status !== 'paper-reading' && stored.some((x) => x.outcome?.verdict === 'violated')) {
          violated++;
          console.log(`  VIOLATED     ${tag}: by a stored worst case (above)`);
          continue;
        }
      }
      const started = performance.now();
      const run = await runPropertyInWorker(
        { catalog: file, theorem: t.id, profile, ...(o.path ? { path: o.path } : {}) },
        { trialLimitMs: limitS * 1000, heapMb, stop: stop.signal },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const replayCheck = (seed: number, path?: string): string =>
        `npx fwa-theorems check ${file} --theorem ${t.id} --seed ${seed}${path ? ` --path ${path}` : ''}`;
      if (run.kind === 'interrupted') {
        console.log(`  INTERRUPTED  ${tag} (${seconds} s)`);
        printTrial(run.trial, file);
        console.log(`    replay: ${replayCheck(profile.seed)}`);
        console.log(`check: stopped; exit ${INTERRUPTED_EXIT}`);
        return INTERRUPTED_EXIT;
      }
      if (run.kind !== 'finished') {
        errors++;
        console.log(`  ERROR        ${tag}: ${describeStop(run)} (${seconds} s)`);
        printTrial(run.trial, file);
        console.log(`    replay: ${replayCheck(profile.seed)}`);
        continue;
      }
      const r = run.result;
      const rejected = r.rejected ? `, ${r.rejected} draws outside the hypotheses rejected` : '';
      // Only a sampled mean's ratio is a point estimate; an exact or certified value is what it is.
      const estimate = r.worst?.outcome.basis.kind === 'sampled' ? 'point estimate' : r.worst?.outcome.basis.kind;
      const worst = r.worst ? `, worst measured/bound ${r.worst.ratio.toPrecision(4)} (${estimate})` : '';
      // Sampled cells whose budget ran out with the bound inside their confidence interval: no verdict.
      const open = r.verdicts.undecided ? `, ${r.verdicts.undecided} undecided` : '';
      const attained = r.verdicts.attained ? `, ${r.verdicts.attained} attained` : '';
      const f = r.failure;
      if (!f) {
        const word = r.verdicts.attained ? 'ATTAINED    ' : 'HOLDS       ';
        console.log(`  ${word} ${tag}: ${r.runs} trials${attained}${open}${rejected}${worst} (${seconds} s)`);
        continue;
      }
      if (f.kind === 'error') {
        errors++;
        console.log(
          `  ERROR        ${tag}: the check failed, not the theorem (${r.runs} trials${rejected}, ${seconds} s)`,
        );
        console.log(`    ${f.error}`);
      } else {
        const reading = t.status === 'paper-reading';
        if (!reading) violated++;
        console.log(
          `  ${reading ? 'FINDING     ' : 'VIOLATED    '} ${tag}: ${r.runs} trials${rejected} (${seconds} s)`,
        );
      }
      if (f.outcome) {
        const o2 = f.outcome;
        console.log(`    measured ${o2.measured} > bound ${o2.bound} (ratio ${o2.ratio}, ${t.measure.mode})`);
        if (o2.ci)
          console.log(`    confidence interval of the mean [${o2.ci.lower}, ${o2.ci.upper}] at level ${o2.ci.level}`);
        console.log(`    verdict ${o2.verdict}, resting on ${describeBasis(o2.basis)}`);
        console.log(`    scope ${JSON.stringify(o2.scope)}`);
      }
      if (f.trial) console.log(`    trial ${JSON.stringify(f.trial)}`);
      console.log(`    replay: ${replayCheck(f.seed, f.path)}`);
    }
  } finally {
    stop.dispose();
  }
  const errorText = errors ? `; ${errors} theorem(s) with an ERROR in their check` : '';
  console.log(
    violated > 0
      ? `check: ${violated} [S]/[D] theorem(s) VIOLATED${errorText}`
      : `check: no [S]/[D] theorem violated (${theorems.length} checked)${errorText}`,
  );
  return violated > 0 ? 1 : errors > 0 ? 2 : 0;
}

function describeStop(run: Exclude<PropertyRun, { kind: 'finished' | 'interrupted' }>): string {
  switch (run.kind) {
    case 'timeout':
      return `a trial ran past the time limit of ${run.limitMs / 1000} s and was stopped (--cell-timeout raises it)`;
    case 'exited':
      return `the check ended its thread (process.exit(${run.code}) inside the check?) before it finished`;
    case 'crashed':
      return `the check's thread failed: ${run.error}`;
  }
}

/** The trial that was running, and the one command that runs exactly it (with the audit's time limit). */
function printTrial(trial: Trial | undefined, file: string): void {
  if (!trial) return;
  console.log(`    trial ${JSON.stringify(trial)}`);
  console.log(`    run this trial alone: ${trialReplayCommand(trial, file)}`);
}
