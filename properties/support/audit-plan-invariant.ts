/**
 * The audit-plan invariant (every cell runs what its bound is evaluated at), shared by
 * properties/audit-plan.test.ts (the default seed, in npm test) and properties/audit-seeds.seeds.ts
 * (many seeds, `npm run test:seeds`): for every cell an audit plans, the configuration its check runs (horizon, window, EMA rate, sample size, differing example,
 * step sizes, the horizon the instance is built for) agrees with the scope its bound is evaluated at.
 * Expected values are computed here from the scope alone (the engine's averager weights and step sizes
 * are the run's side), independently of how a check derives its run.
 */
import { planAudit } from '../../src/audit/plan';
import { catalog } from '../../src/catalog/registry-catalog';
import type { Cell } from '../../src/audit/cell';
import { averagerWeights, tailMass } from '../../src/engine/averaging';
import { szHorizonForEngineSteps } from '../../src/engine/convention';
import { stepSizes } from '../../src/engine/schedule';
import { HypothesisError, InvalidParameterError } from '../../src/errors';
import type { TrialSetup } from '../../src/theory/check';
import type { Profile } from '../../src/profile';
import type { Theorem } from '../../src/theory/theorem';

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** α_t (t = 1..T of the run) that the scope's step symbols name, or undefined when it names none. */
function stepsNamed(th: Theorem, scope: Record<string, number>, params: Record<string, number>, T: number) {
  const at = (f: (t: number) => number) => Array.from({ length: T }, (_, i) => f(i + 1));
  if ('a' in scope) return at(() => scope.a);
  if ('c' in scope && 'p' in scope) return at((t) => scope.c * t ** -scope.p);
  if ('schedule' in params) {
    // fwa-jensen: the schedule index names inv-sqrt-t, inv-sqrt-T, inv-t, constant
    const c = scope.c;
    return at((t) => [c / Math.sqrt(t), c / Math.sqrt(T), c / t, c][params.schedule]);
  }
  if (th.family === 'convergence' && 'c' in scope)
    // Shamir–Zhang: η_t = c/√t, or the constant c/√T at their horizon T (the constant-step theorem)
    return at((t) => (th.id.includes('constant-step') ? scope.c / Math.sqrt(scope.T) : scope.c / Math.sqrt(t)));
  return undefined;
}

/** Every way the run of `setup` disagrees with the scope its bound reads (empty: they agree). */
function disagreements(th: Theorem, cell: Cell, { run, scope }: TrialSetup): string[] {
  const out: string[] = [];
  const say = (what: string, ran: unknown, bound: unknown) =>
    out.push(`${what}: the run uses ${JSON.stringify(ran)}, the bound reads ${JSON.stringify(bound)}`);
  const horizon = th.convention === 'sz' ? szHorizonForEngineSteps(run.T) : run.T;
  if ('T' in scope && scope.T !== horizon) say(`T (${th.convention} convention)`, horizon, scope.T);
  const instT = cell.trial.instance.params.T;
  if (typeof instT === 'number' && instT !== run.T) say('horizon the instance is built for', instT, run.T);
  const w = averagerWeights(run.averager, run.T);
  if ('k' in scope) {
    // the window: uniform weight 1/k on the last k of the iterates w_0..w_T, nothing before
    const k = scope.k;
    const ok = Array.from(w).every((x, j) => close(x, j > run.T - k ? 1 / k : 0));
    if (!ok) say('averaging window k', run.averager, k);
  }
  if ('g' in scope && !('kind' in run.averager && run.averager.kind === 'ema' && run.averager.gamma === scope.g))
    say('EMA rate g', run.averager, scope.g);
  if ('n' in scope && run.n !== scope.n) say('sample size n', run.n, scope.n);
  if ('i' in scope && run.differing !== scope.i) say('differing example i*', run.differing, scope.i);
  if ('i' in scope && !(scope.i >= 0 && scope.i < run.n)) say('i* inside the sample', run.n, scope.i);
  const steps = stepsNamed(th, scope, cell.trial.params, run.T);
  const alpha = stepSizes(run.schedule, run.T);
  if (steps && !steps.every((a, j) => close(a, alpha[j + 1])))
    say('step sizes α_1..α_T', run.schedule, { a: scope.a, c: scope.c, p: scope.p });
  if ('Lam' in scope) {
    const lam = tailMass(w);
    let s = 0;
    for (let t = 1; t <= run.T; t++) s += lam[t] * alpha[t];
    if (!close(s, scope.Lam)) say('Σ Λ_t α_t of the averager run', s, scope.Lam);
  }
  return out;
}

/** Problems of one planned audit: cells whose run and bound disagree, drawn trials a check refuses. */
export function planProblems(profile: Profile): string[] {
  const p = profile;
  const cells = planAudit(
    catalog,
    catalog.theorems.map((t) => t.id),
    p,
  );
  const problems: string[] = [];
  for (const cell of cells) {
    const th = catalog.theorems.find((t) => t.id === cell.theorem)!;
    const check = th.check;
    if (!check) {
      problems.push(`${th.id}: a planned cell of a theorem without a check`);
      continue;
    }
    if (!check.configure) {
      // only relations between bounds run no engine; a measured theorem must say what it runs
      if (th.kind === 'upper') problems.push(`${th.id}: an upper bound whose check has no configure()`);
      continue;
    }
    let setup: TrialSetup;
    try {
      setup = check.configure(cell.trial);
    } catch (e) {
      const outOfScope = e instanceof HypothesisError || e instanceof InvalidParameterError;
      // a sweep point may leave the hypotheses (it is 'skipped'); a drawn trial may not
      if (!outOfScope || cell.axes.includes('sample'))
        problems.push(`${th.id} cell ${cell.key} (${cell.axes}): refused: ${(e as Error).message}`);
      continue;
    }
    for (const d of disagreements(th, cell, setup))
      problems.push(`${th.id} cell ${cell.key} (${cell.axes.join('+')}) ${JSON.stringify(cell.trial)}: ${d}`);
  }
  return problems;
}
