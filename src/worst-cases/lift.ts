import type { RandomStream } from '../engine/rng';
import { instanceOf } from '../measure/instances';
import type { Trial } from '../theory/check';
import { coordinateName, EXPLICIT_MAX_D, EXPLICIT_MAX_N, labelName } from '../objectives/explicit-data';
import type { InstanceSpec } from '../objectives/instance';
import { MAX_STORED_PATHS } from './database';

/**
 * Starts for the search on data it can move: a trial on a seeded non-convex GLM (sigmoid, Tukey,
 * Cauchy) becomes the same trial on the explicit-data generator of the same link family (Cauchy goes
 * to Tukey, the other bounded regression link), with d ≤ 2, n ≤ 16, random data in [−1, 1] and the
 * replacement example opposite the replaced one (so that their gradients differ from the first
 * step). The step scale is rescaled so that q = βc (or βa) is the one the check drew: the non-convex
 * bounds depend on the step through q.
 */
const LIFTS: Readonly<Record<string, string>> = { sigmoid: 'sigmoid-data', tukey: 'tukey-data', cauchy: 'tukey-data' };

/** Whether an instance parameter is read: the explicit-data coordinates of examples beyond n or dimensions beyond d are not. */
export function usesParameter(spec: InstanceSpec, name: string): boolean {
  const m = /^[xy](\d+|r)(?:_(\d+))?$/.exec(name);
  if (!m || !(spec.generator in EXPLICIT_GENERATORS)) return true;
  const n = Number(spec.params.n);
  const d = Number(spec.params.d);
  return (m[1] === 'r' || Number(m[1]) < n) && (m[2] === undefined || Number(m[2]) < d);
}

const EXPLICIT_GENERATORS: Readonly<Record<string, true>> = { 'sigmoid-data': true, 'tukey-data': true };

/** The trial on explicit data (see the header), or [] when its instance is not a lifted family. */
export function liftToExplicitData(t: Trial, rng: RandomStream): Trial[] {
  const target = LIFTS[t.instance.generator];
  if (!target || typeof t.params.i !== 'number') return [];
  const old = instanceOf(t.instance).constants;
  const d = Math.min(old.d, EXPLICIT_MAX_D);
  const n = Math.min(old.n, EXPLICIT_MAX_N);
  const differing = Math.min(t.params.i, n - 1);
  const params: Record<string, number> = { d, n, R: old.R };
  const regression = target === 'tukey-data';
  if (regression) params.c = typeof t.instance.params.c === 'number' ? t.instance.params.c : 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) params[coordinateName(i, j)] = rng.uniform(-1, 1);
    if (regression) params[labelName(i)] = rng.uniform(-0.5, 0.5);
  }
  for (let j = 0; j < d; j++) params[coordinateName('r', j)] = -params[coordinateName(differing, j)];
  if (regression) params[labelName('r')] = -params[labelName(differing)];
  const instance: InstanceSpec = { generator: target, params, seed: 0 };
  let beta: number;
  try {
    beta = instanceOf(instance).constants.beta;
  } catch {
    return [];
  }
  const rescale = old.beta / beta;
  const next: Trial = { ...t, instance, params: { ...t.params, i: differing }, exact: true, replicates: 1 };
  for (const key of ['a', 'c']) if (typeof next.params[key] === 'number') next.params[key] *= rescale;
  // the exact cell enumerates n^T paths: keep T where the sampled trial had it, within what the database stores
  next.params.T = Math.max(1, Math.min(t.params.T, Math.floor(Math.log2(MAX_STORED_PATHS) / Math.log2(n))));
  if (typeof next.params.k === 'number') next.params.k = Math.min(next.params.k, next.params.T);
  return [next];
}
