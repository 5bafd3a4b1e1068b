import type { ConvexDomain } from '../engine/domain';
import type { Objective } from '../engine/objective';
import { runSgd, type RunOptions, type SgdConfig, type SgdResult } from '../engine/sgd';
import type { RunConfig, Trial } from '../theory/check';
/**
 * The trial with symbols set to new values everywhere the trial names them: in its params (what the
 * bound reads and, through the check's configure, what it runs) and in its instance's parameters (an
 * instance built for a horizon T, the sample size n). The differing example i* stays inside a smaller
 * sample. The audit's sweeps and the guard's search vary trials only through this function.
 */
export function varyTrial(trial: Trial, changes: Readonly<Record<string, number>>): Trial {
  const params = { ...trial.params };
  const inst = { ...trial.instance.params };
  for (const [name, value] of Object.entries(changes)) {
    if (name in params) params[name] = value;
    if (name in inst) inst[name] = value;
  }
  const n = inst.n;
  if ('i' in params && typeof n === 'number' && params.i > n - 1) params.i = n - 1;
  return { ...trial, params, instance: { ...trial.instance, params: inst } };
}

/**
 * The engine configuration of exactly a trial's RunConfig (its T, schedule and averager) on `objective`,
 * in the ball of `radius`, or on `domain` when the instance has one (then the ball is not W).
 */
export function sgdConfigOf(run: RunConfig, objective: Objective, radius: number, domain?: ConvexDomain): SgdConfig {
  const where = domain ? { domain } : { radius };
  return { objective, T: run.T, schedule: run.schedule, ...where, averagers: [run.averager] };
}

/** One engine run of exactly a trial's RunConfig on `objective`, in the ball of `radius` (sgdConfigOf). */
export function runConfigured(run: RunConfig, objective: Objective, radius: number, opts: RunOptions): SgdResult {
  return runSgd(sgdConfigOf(run, objective, radius), opts);
}
