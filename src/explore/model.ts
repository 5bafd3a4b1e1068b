import fc from 'fast-check';
import { HypothesisError, InvalidParameterError } from '../errors';
import { varyTrial } from '../measure/trial';
import { type Trial, type TrialOutcome } from '../theory/check';
import type { InstanceSpec } from '../objectives/instance';
import { CI_SEED } from '../profile';
import type { Scope } from '../theory/scope';
import type { Theorem } from '../theory/theorem';
import type { CertifiedPoint, CertifiedValue, CurvePoint, SymbolInput, TheoremInfo } from './protocol';

/**
 * What the explorer computes, independent of the page: a theorem's description, its first trial,
 * and, for a trial the user edited, its bound and its engine outcome. The Web Worker (worker.ts)
 * calls these; so do the tests, which compare them with `fwa-theorems audit --trial`.
 */

/** The seed of the trials the page starts from: the ci profile's, so a page and `npm test` agree. */
export const EXPLORE_SEED = CI_SEED;

/** Trials drawn to find the generators a theorem's check uses (the instance menu). */
const INSTANCE_DRAWS = 60;

/** Why a trial cannot be run, for the page: the hypothesis (or parameter) it breaks and the sentence. */
export interface Invalid {
  hypothesis: string;
  message: string;
}

/** The first trial the theorem's own check draws at the explorer seed (the ci profile, scale 1). */
export function firstTrial(theorem: Theorem): Trial | null {
  const check = theorem.check;
  if (!check) return null;
  const [trial] = fc.sample(check.trials({ name: 'ci', seed: EXPLORE_SEED, runsScale: 1 }), {
    seed: EXPLORE_SEED,
    numRuns: 1,
  });
  return trial ?? null;
}

/** One instance per generator among the trials the check draws (first seen first). */
function drawnInstances(theorem: Theorem): InstanceSpec[] {
  const check = theorem.check;
  if (!check) return [];
  const seen = new Map<string, InstanceSpec>();
  for (const t of fc.sample(check.trials({ name: 'ci', seed: EXPLORE_SEED, runsScale: 1 }), {
    seed: EXPLORE_SEED,
    numRuns: INSTANCE_DRAWS,
  }))
    if (!seen.has(t.instance.generator)) seen.set(t.instance.generator, t.instance);
  return [...seen.values()];
}

/** The numbers of a trial a user may change: its params, then its instance's numeric parameters. */
export function inputsOf(theorem: Theorem, trial: Trial): SymbolInput[] {
  const out: SymbolInput[] = [];
  for (const name of Object.keys(trial.params))
    out.push({ name, where: 'params', meaning: theorem.symbols[name] ?? name });
  for (const [name, value] of Object.entries(trial.instance.params))
    if (typeof value === 'number' && !(name in trial.params))
      out.push({ name, where: 'instance', meaning: `parameter ${name} of the ${trial.instance.generator} instance` });
  return out;
}

export function theoremInfo(theorem: Theorem, certified: readonly CertifiedPoint[] = []): TheoremInfo {
  const trial = firstTrial(theorem);
  return {
    id: theorem.id,
    title: theorem.title,
    source: theorem.source,
    status: theorem.status,
    family: theorem.family,
    measure: theorem.measure.description,
    tex: theorem.tex(),
    hypotheses: theorem.hypotheses.map((h) => h.id),
    trial,
    inputs: trial ? inputsOf(theorem, trial) : [],
    instances: drawnInstances(theorem),
    certified: [...certified],
  };
}

/**
 * The trial's hypotheses and parameters, checked without running anything (by the check's configure):
 * null when it can run. A check without configure (a user's may have none) says so when it runs:
 * outcomeOf then returns the same Invalid.
 */
export function invalidity(theorem: Theorem, trial: Trial): Invalid | null {
  try {
    theorem.check?.configure?.(trial);
    return null;
  } catch (e) {
    return asInvalid(e);
  }
}

/** A trial the theorem does not admit, in its own words; any other exception is rethrown (an error of the check). */
function asInvalid(e: unknown): Invalid {
  if (e instanceof HypothesisError) return { hypothesis: e.hypothesis, message: e.message };
  if (e instanceof InvalidParameterError) return { hypothesis: e.parameter, message: e.message };
  throw e;
}

/** The bound at the trial's scope, before the run (null when it reads quantities only the run produces). */
export function boundBeforeRun(theorem: Theorem, trial: Trial): { bound: number; scope: Scope } | null {
  const setup = theorem.check?.configure?.(trial);
  if (!setup) return null;
  const missing = theorem.compiled.symbols.some((s) => !(s in setup.scope));
  return missing ? null : { bound: theorem.evaluate(setup.scope), scope: setup.scope };
}

/**
 * The engine's outcome of the trial: the very call `fwa-theorems audit --trial` makes (runCell →
 * check.run), or the hypothesis the trial breaks.
 */
export function outcomeOf(theorem: Theorem, trial: Trial): TrialOutcome | Invalid {
  const check = theorem.check;
  if (!check) throw new InvalidParameterError('theorem', theorem.id, 'a theorem with a check');
  try {
    return check.run(trial);
  } catch (e) {
    return asInvalid(e);
  }
}

export function isInvalid(r: TrialOutcome | Invalid): r is Invalid {
  return 'hypothesis' in r;
}

/** Sweep values of one axis around the trial's value, within the trial's own limits (at most 7). */
export function axisValues(trial: Trial, axis: 'T' | 'k'): number[] {
  const T = trial.params.T;
  if (typeof T !== 'number') return [];
  if (axis === 'T') {
    const vs = [T / 8, T / 4, T / 2, T, 2 * T, 4 * T].map((v) => Math.max(1, Math.round(v)));
    return [...new Set(vs)].sort((a, b) => a - b);
  }
  if (typeof trial.params.k !== 'number') return [];
  const vs = [1, T / 8, T / 4, T / 2, (3 * T) / 4, T, trial.params.k].map((v) => Math.max(1, Math.round(v)));
  return [...new Set(vs)].filter((v) => v <= T).sort((a, b) => a - b);
}

/**
 * One curve point: the trial with `axis` set to x (varyTrial, as the audit's sweeps vary trials), its
 * bound and, when `run`, its outcome. A point outside the hypotheses is returned with its reason.
 */
export function curvePoint(
  theorem: Theorem,
  certified: readonly CertifiedPoint[],
  trial: Trial,
  axis: 'T' | 'k',
  x: number,
  run: boolean,
): CurvePoint {
  const changes: Record<string, number> = { [axis]: x };
  // Moving T below the window shrinks the window with it, as the audit's T-sweeps do.
  if (axis === 'T' && typeof trial.params.k === 'number' && trial.params.k > x) changes.k = x;
  const t = varyTrial(trial, changes);
  const bad = invalidity(theorem, t);
  if (bad) return { x, bound: null, outcome: null, certified: null, error: bad.message };
  const before = boundBeforeRun(theorem, t);
  const cert = before ? certifiedAt(certified, t, before.scope) : null;
  if (!run) return { x, bound: before?.bound ?? null, outcome: null, certified: cert };
  const outcome = outcomeOf(theorem, t);
  if (isInvalid(outcome)) return { x, bound: null, outcome: null, certified: null, error: outcome.message };
  return { x, bound: outcome.bound, outcome, certified: cert ?? certifiedAt(certified, t, outcome.scope) };
}

/**
 * The certified worst case at a trial, where a verified certificate covers it: the trial's T engine
 * steps and window k, at step scale c·G/D, scaled by D·G (the worst case is homogeneous: D·G times the
 * one at D = G = 1 with c·G/D; docs/theory/pep.md). Null off the certified grid: nothing is interpolated.
 */
export function certifiedAt(points: readonly CertifiedPoint[], trial: Trial, scope: Scope): CertifiedValue | null {
  const { T, k, c } = trial.params;
  const { D, G } = scope;
  if (![T, c, D, G].every((v) => typeof v === 'number' && Number.isFinite(v)) || D <= 0 || G <= 0) return null;
  const window = typeof k === 'number' ? k : 1;
  const scaled = (c * G) / D;
  const p = points.find((q) => q.T === T && q.k === window && Math.abs(q.c - scaled) <= 1e-12 * scaled);
  return p ? { lower: D * G * p.lower, upper: D * G * p.upper, certificate: p.certificate } : null;
}
