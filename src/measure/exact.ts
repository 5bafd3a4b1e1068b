import { CompensatedSum } from '../engine/compensated';
import type { CoupledConfig } from '../engine/coupled';
import {
  enumerateCoupled,
  enumerateRuns,
  exactMean,
  enumerationBudget,
  MAX_ENUMERATION_PATHS,
  pathCount,
  type ExactExpectation,
} from '../engine/enumerate';
import { empiricalRisk } from '../engine/objective';
import type { SgdConfig, SgdRunner } from '../engine/sgd';
import { dist } from '../engine/vec';
import fc, { type Arbitrary } from 'fast-check';
import { InvalidParameterError } from '../errors';
import type { Instance } from '../objectives/instance';
import type { Profile } from '../profile';
import type { Trial } from '../theory/check';

/**
 * Exact cells (docs/theory/statistics.md): the expectations the stability, generalization and
 * convergence-in-expectation theorems bound, computed as finite sums over every index path
 * (src/engine/enumerate.ts) and, on a data distribution with finitely many atoms, every data set. The
 * value has no sampling error: it is judged like a pathwise one (src/stats/verdict.ts, exactOutcome).
 */

/** What an exact cell's verdict rests on, for its outcome's basis. */
export function exactDetail(paths: number, dataSets = 1): string {
  const sets = dataSets > 1 ? ` × ${dataSets} data sets` : '';
  return `expectation over all ${paths} index paths${sets}, compensated sum`;
}

/**
 * E over the index paths of a coupled pair on S and S^(i*) (its first averager read on both): component 0
 * is ‖w̄ − w̄′‖; components 1..n the loss differences |f(w̄; z_j) − f(w̄′; z_j)| at z_1..z_n of S, and
 * component n + 1 the one at z′_{i*} of S′ (the test points of the sampled stability checks).
 */
export function exactCoupled(cfg: CoupledConfig): ExactExpectation {
  const obj = cfg.objective;
  const n = obj.n;
  const v = new Float64Array(n + 2);
  return exactMean(n + 2, (add) =>
    enumerateCoupled(cfg, (a, b) => {
      const u = a.averagers[0].read();
      const w = b.averagers[0].read();
      v[0] = dist(u, w);
      for (let j = 0; j < n; j++) v[j + 1] = Math.abs(obj.loss(u, j) - obj.loss(w, j));
      v[n + 1] = Math.abs(cfg.neighbour.loss(u, cfg.differing) - cfg.neighbour.loss(w, cfg.differing));
      add(v);
    }),
  );
}

/** E over the index paths of one run of `f(runner)` (a scalar read at the end of the run). */
export function exactRun(
  cfg: SgdConfig,
  f: (runner: SgdRunner) => number,
  budget = MAX_ENUMERATION_PATHS,
): ExactExpectation {
  const v = new Float64Array(1);
  return exactMean(1, (add) =>
    enumerateRuns(
      cfg,
      (r) => {
        v[0] = f(r);
        add(v);
      },
      { budget },
    ),
  );
}

export interface ExactGeneralization {
  /** E_S E_paths [F(w̄) − F_S(w̄)]. */
  gap: number;
  paths: number;
  dataSets: number;
}

/**
 * E over the data set S (every assignment of the finitely many atoms to the n examples, weighted by its
 * probability) and over the index paths of F(w̄) − F_S(w̄), w̄ the run's first averager. Data sets ×
 * paths are at most MAX_ENUMERATION_PATHS.
 */
export function exactGeneralization(base: Instance, run: (inst: Instance) => SgdConfig): ExactGeneralization {
  const budget = MAX_ENUMERATION_PATHS;
  const support = base.finiteSupport;
  if (!support || !base.populationRisk)
    throw new InvalidParameterError(
      'instance',
      base.spec.generator,
      'a generator with finitely many atoms and a population risk (e.g. linear-atoms)',
    );
  const n = base.constants.n;
  const first = run(base);
  const dataSets = pathCount(support.atoms, n, 1, budget);
  const paths = pathCount(n, first.T, first.batch ?? 1, Math.floor(budget / dataSets));
  const acc = new CompensatedSum(1);
  const term = new Float64Array(1);
  const assignment = new Int32Array(n);
  for (let s = 0; s < dataSets; s++) {
    let x = s;
    let p = 1;
    for (let i = n - 1; i >= 0; i--) {
      assignment[i] = x % support.atoms;
      x = Math.floor(x / support.atoms);
      p *= support.probability(assignment[i]);
    }
    const inst = support.dataSet(assignment);
    const risk = inst.populationRisk as (w: Float64Array) => number;
    const e = exactRun(
      run(inst),
      (r) => {
        const w = r.averagers[0].read();
        return risk(w) - empiricalRisk(inst.objective, w);
      },
      paths,
    );
    term[0] = p * e.mean[0];
    acc.add(term);
  }
  return { gap: acc.sum[0] + acc.comp[0], paths, dataSets };
}

/**
 * Exact cells beside the sampled ones: half the drawn trials, on instances with at
 * most EXACT_CELL_PATHS(profile) index paths (times data sets for generalization), each judged with
 * certainty. On the bound-attaining linear instance they are *attained* to the float tolerance, which is
 * what makes a bound shrunk by 1 % fail the plain properties.
 */
export function withExact(sampled: Arbitrary<Trial>, exact: Arbitrary<Trial>): Arbitrary<Trial> {
  return fc.oneof(
    sampled,
    exact.map((t): Trial => ({ ...t, exact: true })),
  );
}

/** Paths of an exact cell drawn under the profile: 2^12 in ci (a few ms each), 2^18 in the audit. */
function exactCellPaths(profile: Profile): number {
  return enumerationBudget(profile) / 16;
}

/** Horizons 1..T_max with n^T_max (× data sets) within the profile's exact-cell paths, T_max ≤ 40. */
export function exactHorizons(profile: Profile, dataSets: (inst: Instance) => number = () => 1) {
  return (inst: Instance): Arbitrary<number> => {
    const n = inst.constants.n;
    const paths = exactCellPaths(profile) / dataSets(inst);
    const tMax = n === 1 ? 40 : Math.min(40, Math.floor(Math.log(paths) / Math.log(n) + 1e-9));
    return fc.integer({ min: 1, max: Math.max(1, tMax) });
  };
}
