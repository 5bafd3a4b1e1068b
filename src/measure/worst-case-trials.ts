import fc, { type Arbitrary } from 'fast-check';
import { averagerWeights } from '../engine/averaging';
import { stepSizes, type ScheduleSpec } from '../engine/schedule';
import { InvalidParameterError } from '../errors';
import type { Instance } from '../objectives/instance';
import { committedWorstCases } from '../objectives/worst-case/generator';
import type { Theorem } from '../theory/theorem';
import { largestWindow, seedArb } from './arbitraries';
import type { RunConfig, Trial } from './trial';

/**
 * Trials on the committed worst-case instances (src/objectives/worst-case/) whose run is exactly a gap
 * theorem's: the certificate's schedule equals the theorem's `schedule(c, horizon)` at the certificate's
 * c and horizon, and its window is one the hypotheses allow (k = 1 for a last-iterate theorem, `window`
 * false). Each is a deterministic run (n = 1) at the certificate's (T, k, c), where it attains the
 * certified worst case. Drawn with weight T², since the worst case approaches the bounds as T grows (the
 * best ratio is what the audit reports); null when no certificate matches.
 */
export function worstCaseGapTrials(
  theorem: Theorem,
  schedule: (c: number, horizon: number) => ScheduleSpec,
  window: boolean,
): Arbitrary<Trial> | null {
  const matches = committedWorstCases().filter((w) => {
    const { T, c } = w.point;
    if (JSON.stringify(schedule(c, theorem.horizonFor(T))) !== JSON.stringify(w.schedule)) return false;
    const kMax = window ? largestWindow(theorem, { T: theorem.horizonFor(T), c, D: 1, G: 1 }) : 1;
    return w.k <= Math.min(kMax, T);
  });
  if (matches.length === 0) return null;
  return fc.oneof(
    ...matches.map((w) => ({
      arbitrary: seedArb.map((seed): Trial => ({
        theorem: theorem.id,
        instance: w.spec,
        params: { T: w.point.T, k: w.k, c: w.point.c, fullBatch: 0 },
        seed,
        replicates: 1,
      })),
      weight: w.point.T * w.point.T,
    })),
  );
}

/**
 * Refuses a trial that would run an instance built for one run (a worst case: `intendedRun`) with
 * other steps or other output weights; the last iterate and FWA(1) are the same run.
 */
export function requireIntendedRun(inst: Instance, trial: Trial, run: RunConfig): void {
  const intended = inst.intendedRun;
  if (!intended) return;
  const same = (x: Float64Array, y: Float64Array): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  if (
    intended.T === run.T &&
    same(stepSizes(intended.schedule, intended.T), stepSizes(run.schedule, run.T)) &&
    same(averagerWeights(intended.averager, intended.T), averagerWeights(run.averager, run.T))
  )
    return;
  const { T, k, c } = trial.params;
  throw new InvalidParameterError(
    'trial (T, k, c)',
    `(${T}, ${k}, ${c}): ${JSON.stringify(run.schedule)}, ${JSON.stringify(run.averager)}`,
    `the run ${trial.instance.generator} is built for, ${intended.label}: T = ${intended.T}, ${JSON.stringify(intended.schedule)}, ${JSON.stringify(intended.averager)}`,
  );
}
