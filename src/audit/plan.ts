import fc from 'fast-check';
import { deriveSeed, hashString } from '../engine/rng';
import { assertTrialShape } from '../measure/check-output';
import { varyTrial } from '../measure/trial';
import { type Trial } from '../theory/check';
import type { Profile, ProfileName } from '../profile';
import { findCheck, type Catalog } from '../catalog/load';
import { cellKey, type Cell, type SweepAxis } from './cell';

/** How large a sweep each profile runs. */
export interface SweepSizes {
  /** Trials drawn from each theorem's own arbitrary. */
  samples: number;
  /** T of the T-sweep, as multiples of the base trial's T. */
  tFactors: number[];
  /** Fixed windows k of the T-sweep (one curve each). */
  tSweepK: number[];
  /** Largest k of the k-sweep, as a fraction of T (k runs over powers of two up to it). */
  kMaxFraction: number;
  /** n of the n-sweep, as multiples of the base instance's n (stability theorems). */
  nFactors: number[];
}

export const SWEEP_SIZES: Record<ProfileName, SweepSizes> = {
  ci: {
    samples: 48,
    tFactors: [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1],
    tSweepK: [1, 4, 16],
    kMaxFraction: 1,
    nFactors: [1 / 4, 1 / 2, 1, 2],
  },
  explore: {
    samples: 48,
    tFactors: [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1],
    tSweepK: [1, 4, 16],
    kMaxFraction: 1,
    nFactors: [1 / 4, 1 / 2, 1, 2],
  },
  audit: {
    samples: 160,
    tFactors: [1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1, 2, 4],
    tSweepK: [1, 2, 8, 32],
    kMaxFraction: 1,
    nFactors: [1 / 8, 1 / 4, 1 / 2, 1, 2, 4],
  },
};

/**
 * The cells of an audit, deterministic in (catalog, theorem ids, profile, seed): each theorem draws
 * its trials with fc.sample under a seed derived from the audit seed and the theorem id, then the
 * drawn trial with the largest T is varied along T (for several k), k and, for stability theorems, n.
 * A trial reached twice (a sweep point equal to a sample) is one cell with both axes.
 */
export function planAudit(
  catalog: Catalog,
  theoremIds: readonly string[],
  profile: Profile,
  sizes = SWEEP_SIZES[profile.name],
): Cell[] {
  const cells = new Map<string, Cell>();
  const add = (trial: Trial, axis: SweepAxis): void => {
    const key = cellKey(trial);
    const existing = cells.get(key);
    if (existing) {
      if (!existing.axes.includes(axis)) existing.axes.push(axis);
      return;
    }
    cells.set(key, { key, index: cells.size, theorem: trial.theorem, trial, axes: [axis] });
  };
  for (const id of theoremIds) {
    const check = findCheck(catalog, id);
    if (!check) continue;
    const seed = deriveSeed(profile.seed, hashString(id)) | 0;
    const samples = fc.sample(check.trials(profile), { seed, numRuns: sizes.samples });
    // A user's arbitrary can draw anything (`instance: null`): refused here, naming the field and the fix.
    for (const t of samples) assertTrialShape(id, t);
    for (const t of samples) add({ ...t, theorem: id }, 'sample');
    const theorem = catalog.theorems.find((t) => t.id === id);
    if (samples.length > 0) {
      for (const [trial, axis] of sweepTrials(
        { ...sweepBase(samples), theorem: id },
        sizes,
        theorem?.family === 'stability',
      ))
        add(trial, axis);
    }
  }
  return [...cells.values()];
}

/**
 * The drawn trial the sweeps start from: an informative one, i.e. a stochastic trial (replicated
 * seeds) where the theorem draws any, since a deterministic full-batch run can sit exactly at the
 * optimum (measured 0: nothing to draw on a log axis); among those, the largest T, so every T-sweep
 * point costs at most the base and the curves span the widest range the theorem's arbitrary allows.
 */
export function sweepBase(samples: readonly Trial[]): Trial {
  const rank = (t: Trial): [number, number] => [t.replicates > 1 ? 1 : 0, t.params.T ?? -Infinity];
  return samples.reduce((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return rb[0] > ra[0] || (rb[0] === ra[0] && rb[1] > ra[1]) ? b : a;
  });
}

/**
 * The sweep points of a base trial. Every point is varyTrial(base, …): a symbol changes everywhere the
 * trial names it, and each check derives its run (window, schedule, horizon) and its bound's scope from
 * the trial in one function, so a point runs exactly the parameters its bound is evaluated at.
 */
function sweepTrials(base: Trial, sizes: SweepSizes, withN: boolean): Array<[Trial, SweepAxis]> {
  const out: Array<[Trial, SweepAxis]> = [];
  const T0 = base.params.T;
  const k0 = base.params.k;
  if (isCount(T0)) {
    const Ts = unique(sizes.tFactors.map((f) => Math.max(2, Math.round(T0 * f))));
    const ks = isCount(k0) ? sizes.tSweepK : [undefined];
    for (const k of ks)
      for (const T of Ts)
        if (k === undefined || k <= T) out.push([varyTrial(base, k === undefined ? { T } : { T, k }), 'T']);
    if (isCount(k0)) {
      const kMax = Math.max(1, Math.floor(T0 * sizes.kMaxFraction));
      const ks2 = [];
      for (let k = 1; k <= kMax; k *= 2) ks2.push(k);
      if (ks2[ks2.length - 1] !== kMax) ks2.push(kMax);
      for (const k of ks2) out.push([varyTrial(base, { k }), 'k']);
    }
  }
  const n0 = base.instance.params.n;
  if (withN && isCount(n0)) {
    for (const n of unique(sizes.nFactors.map((f) => Math.max(2, Math.round(n0 * f))))) {
      out.push([varyTrial(base, { n }), 'n']);
    }
  }
  return out;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function unique(xs: number[]): number[] {
  return [...new Set(xs)];
}
