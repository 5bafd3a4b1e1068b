import type { Command } from 'commander';
import { CatalogError, HypothesisError, InvalidParameterError } from '../errors';
import { currentProfile } from '../profile';
import { describeBasis } from '../stats/verdict';
import { seedArgument } from './options';

/**
 * `fwa-theorems check <file>`: a user's catalog run like `npm test` runs the registry. Every theorem
 * with a check gets its property (the trials its check draws, at the profile's seed); exit 1 when an
 * [S] classical or [D] derived theorem is violated, printing the shrunk trial and the command that
 * replays it; a violated [P] paper reading is a finding (reported, exit 0); bad input exits 2.
 * The catalog's worst-instance database (<file>.worst/, written by `fwa-theorems search --catalog
 * <file> --write`) is replayed first, against the catalog's current bounds, as npm test replays the
 * registry's.
 */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("run the properties of a catalog module (a user's own theorems) like npm test")
    .argument('<file>', 'a .ts or .js module exporting `catalog` = { theorems } (docs/your-own-theorem.md)')
    .option('--theorem <id>', 'check only this theorem (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--seed <n>', 'seed (default: FWA_SEED, or the profile seed)', seedArgument)
    .option('--path <path>', 'replay one fast-check path (printed with a failure)')
    .action(async (file: string, o: { theorem: string[]; seed?: number; path?: string }) => {
      try {
        process.exitCode = await runCheck(file, o);
      } catch (e) {
        if (!(e instanceof InvalidParameterError || e instanceof HypothesisError)) throw e;
        console.error(`fwa-theorems check: ${e.message}`);
        process.exitCode = 2;
      }
    });
}

async function runCheck(file: string, o: { theorem: string[]; seed?: number; path?: string }): Promise<number> {
  const [{ loadCatalog, requireTheoremIds }, { runProperty }, { catalogWorstCases }, replay] = await Promise.all([
    import('../catalog/load'),
    import('../measure/property'),
    import('../worst-cases/database'),
    import('../worst-cases/replay'),
  ]);
  const worstCases = catalogWorstCases(file);
  const profile = currentProfile(o.seed !== undefined ? { ...process.env, FWA_SEED: String(o.seed) } : process.env);
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
  let violated = 0;
  for (const t of theorems) {
    const tag = `${t.id} [${t.status}]`;
    if (!t.check) {
      console.log(`  NO CHECK     ${tag}: a statement only (give it check: … to test it)`);
      continue;
    }
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
    const r = runProperty(t, { profile, ...(o.path ? { path: o.path } : {}) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    // Only a sampled mean's ratio is a point estimate; an exact or certified value is what it is.
    const estimate = r.worst?.outcome.basis.kind === 'sampled' ? 'point estimate' : r.worst?.outcome.basis.kind;
    const worst = r.worst ? `, worst measured/bound ${r.worst.ratio.toPrecision(4)} (${estimate})` : '';
    // Sampled cells whose budget ran out with the bound inside their confidence interval: no verdict.
    const open = r.verdicts.undecided ? `, ${r.verdicts.undecided} undecided` : '';
    const attained = r.verdicts.attained ? `, ${r.verdicts.attained} attained` : '';
    if (!r.failure) {
      const word = r.verdicts.attained ? 'ATTAINED    ' : 'HOLDS       ';
      console.log(`  ${word} ${tag}: ${r.runs} trials${attained}${open}${worst} (${seconds} s)`);
      continue;
    }
    const reading = t.status === 'paper-reading';
    if (!reading) violated++;
    console.log(`  ${reading ? 'FINDING     ' : 'VIOLATED    '} ${tag}: ${r.runs} trials (${seconds} s)`);
    const f = r.failure;
    if (f.outcome) {
      const o2 = f.outcome;
      console.log(`    measured ${o2.measured} > bound ${o2.bound} (ratio ${o2.ratio}, ${t.measure.mode})`);
      if (o2.ci)
        console.log(`    confidence interval of the mean [${o2.ci.lower}, ${o2.ci.upper}] at level ${o2.ci.level}`);
      console.log(`    verdict ${o2.verdict}, resting on ${describeBasis(o2.basis)}`);
      console.log(`    scope ${JSON.stringify(o2.scope)}`);
    }
    if (f.error) console.log(`    the trial threw ${f.error}`);
    if (f.trial) console.log(`    trial ${JSON.stringify(f.trial)}`);
    console.log(
      `    replay: npx fwa-theorems check ${file} --theorem ${t.id} --seed ${f.seed}${f.path ? ` --path ${f.path}` : ''}`,
    );
  }
  console.log(
    violated > 0
      ? `check: ${violated} [S]/[D] theorem(s) VIOLATED`
      : `check: no [S]/[D] theorem violated (${theorems.length} checked)`,
  );
  return violated > 0 ? 1 : 0;
}
