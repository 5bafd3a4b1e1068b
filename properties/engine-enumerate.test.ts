/**
 * Exact expectations by enumeration (src/engine/enumerate.ts). The enumeration must visit every index
 * path once, each leaf must hold exactly the bits of the sampled run that draws that path, prefix sharing
 * must agree bit for bit with replaying each path from w_0, and the compensated mean must match closed
 * forms to 1e-12 and the sample mean of independent runs within a stated confidence interval.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runCoupled, type CoupledConfig } from '../src/engine/coupled';
import {
  enumerateCoupled,
  enumerateRuns,
  enumerationBudget,
  exactMean,
  pathCount,
  type EnumerationStrategy,
} from '../src/engine/enumerate';
import { averagerWeights } from '../src/engine/averaging';
import type { Averager, AveragerSpec, CustomAverager } from '../src/engine/averagers/averager';
import { drawIndices, runSgd, type SgdConfig } from '../src/engine/sgd';
import { deriveSeed, RandomStream } from '../src/engine/rng';
import { dist } from '../src/engine/vec';
import { EnumerationBudgetError } from '../src/errors';
import { averagerArb } from '../src/measure/arbitraries';
import { LinearObjective } from '../src/objectives/linear';
import { currentProfile } from '../src/profile';
import { relativeError } from '../src/stats/tolerance';
import { propParams, replaceExample, sameBits, type LeastSquares } from './support/engine-fixtures';
import { configOf, runParams, type RunParams } from './support/engine-runs';

const profile = currentProfile();

/** Small runs: n ≤ 3, batch ≤ 2, n^(b·T) ≤ 2^12 paths; every averager kind the engine has. */
const smallRun = runParams({ maxT: 12 })
  .map((p): RunParams => {
    const n = 1 + (p.n % 3);
    const maxT = Math.max(1, Math.floor(12 / (Math.log2(Math.max(n, 2)) * p.batch)));
    return { ...p, n, batch: 1 + (p.batch % 2), T: 1 + (p.T % maxT) };
  })
  .filter((p) => Math.pow(p.n, p.batch * p.T) <= 2 ** 12)
  .chain((p) => fc.tuple(fc.constant(p), fc.array(averagerArb(p.T), { minLength: 1, maxLength: 3 })))
  // And the first one's weights written out (the explicit kind, whose weights depend on T).
  .map(([p, averagers]): [RunParams, AveragerSpec[]] => [
    p,
    [...averagers, { kind: 'explicit', weights: Array.from(averagerWeights(averagers[0], p.T)) }],
  ]);

/** The path a seeded stream draws, in the enumeration's layout (step t's b indices at (t − 1)·b). */
function drawnPath(seed: number, n: number, T: number, b: number): Int32Array {
  const rng = RandomStream.fromSeed(seed);
  const buf = new Int32Array(b);
  const out = new Int32Array(T * b);
  for (let t = 0; t < T; t++) {
    const idx = drawIndices(rng, n, buf);
    if (typeof idx === 'number') out[t] = idx;
    else out.set(idx, t * b);
  }
  return out;
}

const key = (path: Int32Array) => path.join(',');

/** The run of `p` coupled with its data set whose example i* = nbSeed mod n is redrawn from nbSeed. */
function coupledOf(p: RunParams, averagers: AveragerSpec[], nbSeed: number): CoupledConfig {
  const cfg = configOf(p, averagers);
  const star = nbSeed % p.n;
  return { ...cfg, neighbour: replaceExample(cfg.objective as LeastSquares, star, nbSeed), differing: star };
}

describe(`exact expectations by enumeration (profile ${profile.name}, seed ${profile.seed})`, () => {
  test.prop([smallRun], propParams(30))(
    'every path is visited once; each leaf holds the bits of runSgd on a stream drawing that path',
    ([p, averagers]) => {
      const cfg = configOf(p, averagers);
      const leaves = new Map<string, Float64Array[]>();
      const s = enumerateRuns(cfg, (r, path) => {
        leaves.set(key(path), [r.w.slice(), ...r.averagers.map((a) => a.read().slice())]);
      });
      expect(s.paths).toBe(Math.pow(p.n, p.batch * p.T));
      expect(leaves.size).toBe(s.paths);
      for (let k = 0; k < 4; k++) {
        const seed = p.runSeed + k;
        const run = runSgd(cfg, { seed });
        const leaf = leaves.get(key(drawnPath(seed, p.n, p.T, p.batch))) as Float64Array[];
        expect(sameBits(leaf[0], run.w)).toBe(true);
        run.averages.forEach((a, i) => expect(sameBits(leaf[i + 1], a)).toBe(true));
      }
    },
  );

  const strategies: EnumerationStrategy[] = ['prefix', 'recompute'];
  test.prop([smallRun, fc.nat()], propParams(30))(
    'prefix sharing and recomputation from w_0 give the same bits at every leaf, coupled runs included',
    ([p, averagers], nbSeed) => {
      const coupled = coupledOf(p, averagers, nbSeed);
      const seen = strategies.map((strategy) => {
        const out: Float64Array[] = [];
        enumerateCoupled(
          coupled,
          (a, b) => out.push(a.w.slice(), b.w.slice(), ...a.averagers.map((x) => x.read().slice())),
          { strategy },
        );
        return out;
      });
      expect(seen[0].length).toBe(seen[1].length);
      seen[0].forEach((x, i) => expect(sameBits(x, seen[1][i])).toBe(true));
    },
  );

  /**
   * The prefix walk copies only the state a later step or read can observe, and settles cached sums at
   * inner nodes (src/engine/averagers/checkpoint.ts): at every leaf, whichever of w, w′, g and the
   * averagers the visitor reads (chosen per leaf from `readSeed`, none of them at some leaves), it must
   * read the bits of the replay from w_0. `leafReads` records each leaf's reads for comparison.
   */
  function leafReads(cfg: CoupledConfig, strategy: EnumerationStrategy, readSeed: number): Float64Array[] {
    const out: Float64Array[] = [];
    const pick = RandomStream.fromSeed(readSeed);
    enumerateCoupled(
      cfg,
      (a, b) => {
        if (pick.uniform(0, 1) < 0.5) out.push(a.w.slice(), b.w.slice(), a.g.slice());
        for (let k = 0; k < a.averagers.length; k++)
          if (pick.uniform(0, 1) < 0.5) out.push(a.averagers[k].read().slice(), b.averagers[k].read().slice());
        out.push(Float64Array.of(out.length));
      },
      { strategy },
    );
    return out;
  }

  /** The first record where two lists differ in a bit, or −1. */
  const firstDifference = (x: Float64Array[], y: Float64Array[]): number =>
    x.length !== y.length ? Math.min(x.length, y.length) : x.findIndex((v, i) => !sameBits(v, y[i]));

  /** smallRun with a short window first (FWA or sliding LAWA, k = 2..4): several blocks within T. */
  const windowRun = smallRun.chain(([p, averagers]) =>
    fc
      .record({ k: fc.integer({ min: 2, max: 4 }), nu: fc.integer({ min: 1, max: Math.min(2, p.T) }) })
      .map(({ k, nu }): [RunParams, AveragerSpec[]] => [
        p,
        [nu === 1 ? { kind: 'fwa', k } : { kind: 'lawa', k, nu }, ...averagers],
      ]),
  );

  test.prop([windowRun, fc.nat(), fc.nat()], propParams(40))(
    'whatever the visitor reads at each leaf, the prefix walk reads the bits of the replay from w_0',
    ([p, averagers], nbSeed, readSeed) => {
      const coupled = coupledOf(p, averagers, nbSeed);
      const at = firstDifference(leafReads(coupled, 'prefix', readSeed), leafReads(coupled, 'recompute', readSeed));
      expect(at, `record ${at} differs`).toBe(-1);
    },
  );

  it('the leaf comparison catches a step size one ulp larger in the replay', () => {
    const Z = new Float64Array([0.6, -0.8, 0.3, 0.1, -0.5, 0.9]);
    const cfg: CoupledConfig = {
      objective: new LinearObjective(2, 3, Z),
      neighbour: new LinearObjective(
        2,
        3,
        Z.map((z, j) => (j < 2 ? -z : z)),
      ),
      differing: 0,
      T: 4,
      schedule: { kind: 'constant', alpha: 0.1 },
      averagers: [{ kind: 'fwa', k: 2 }],
    };
    const nudged = { ...cfg, schedule: { kind: 'constant' as const, alpha: 0.1 * (1 + Number.EPSILON) } };
    expect(firstDifference(leafReads(cfg, 'prefix', 1), leafReads(cfg, 'recompute', 1))).toBe(-1);
    expect(firstDifference(leafReads(cfg, 'prefix', 1), leafReads(nudged, 'recompute', 1))).toBeGreaterThanOrEqual(0);
  });

  test.prop([smallRun, fc.nat()], propParams(20))(
    'each coupled leaf holds the bits of runCoupled on a stream drawing that path',
    ([p, averagers], nbSeed) => {
      const coupled = coupledOf(p, averagers, nbSeed);
      const leaves = new Map<string, number>();
      enumerateCoupled(coupled, (a, b, path) =>
        leaves.set(key(path), dist(a.averagers[0].read(), b.averagers[0].read())),
      );
      const r = runCoupled(coupled, { seed: p.runSeed });
      expect(leaves.get(key(drawnPath(p.runSeed, p.n, p.T, p.batch)))).toBe(dist(r.a.averages[0], r.b.averages[0]));
    },
  );

  /**
   * Linear loss without projection: w_T = w_0 − Σ_t α_t ḡ_t with ḡ_t the batch mean of z_i, so
   * E‖w_T‖² = ‖Σα_t z̄‖² + Σ_t α_t² (E‖z‖² − ‖z̄‖²)/b in closed form (w_0 = 0).
   */
  it('matches the closed form of E‖w_T‖² to 1e-12 relative on 2^16 paths (the npm test budget)', () => {
    const [n, d, T, b] = [4, 3, 4, 2];
    expect(pathCount(n, T, b, enumerationBudget(profile))).toBe(2 ** 16);
    const rng = RandomStream.fromSeed(profile.seed);
    const Z = Float64Array.from({ length: n * d }, () => rng.normal());
    const cfg: SgdConfig = {
      objective: new LinearObjective(d, n, Z),
      T,
      schedule: { kind: 'inv-sqrt-t', c: 0.7 },
      batch: b,
    };
    const e = exactMean(1, (add) => {
      const v = new Float64Array(1);
      return enumerateRuns(cfg, (r) => {
        v[0] = r.w[0] * r.w[0] + r.w[1] * r.w[1] + r.w[2] * r.w[2];
        add(v);
      });
    });
    let zbar2 = 0;
    let z2 = 0;
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        m += Z[i * d + j] / n;
        z2 += (Z[i * d + j] * Z[i * d + j]) / n;
      }
      zbar2 += m * m;
    }
    let sa = 0;
    let sa2 = 0;
    for (let t = 1; t <= T; t++) {
      sa += 0.7 / Math.sqrt(t);
      sa2 += 0.49 / t;
    }
    const closed = sa * sa * zbar2 + (sa2 * (z2 - zbar2)) / b;
    expect(relativeError(e.mean[0], closed)).toBeLessThan(1e-12);
  });

  /**
   * Cross-check against sampling: R independent runs' sample mean of ‖w̄‖ must lie within Hoeffding's
   * two-sided interval around the exact mean, the range being the exact min and max over all paths
   * (a certified range: the statistic takes no other value). Level 1 − 1e-6 per run.
   */
  test.prop([smallRun], propParams(15))(
    'the sample mean of 400 seeded runs lies in the Hoeffding interval (δ = 1e-6) around the exact mean',
    ([p, averagers]) => {
      const cfg = configOf(p, averagers);
      let lo = Infinity;
      let hi = -Infinity;
      const e = exactMean(1, (add) => {
        const v = new Float64Array(1);
        return enumerateRuns(cfg, (r) => {
          v[0] = Math.hypot(...r.averagers[0].read());
          lo = Math.min(lo, v[0]);
          hi = Math.max(hi, v[0]);
          add(v);
        });
      });
      const R = 400;
      let sum = 0;
      for (let r = 0; r < R; r++) sum += Math.hypot(...runSgd(cfg, { seed: deriveSeed(p.runSeed, r) }).averages[0]);
      const half = (hi - lo) * Math.sqrt(Math.log(2 / 1e-6) / (2 * R));
      expect(Math.abs(sum / R - e.mean[0])).toBeLessThanOrEqual(half + 1e-12 * hi);
    },
  );

  it("a user's averager without copyFrom is enumerated by replaying each path, with the same leaves as runSgd", () => {
    const mean: CustomAverager = {
      name: 'plain mean of w_1..w_T',
      make(d: number): Averager {
        const s = new Float64Array(d);
        const out = new Float64Array(d);
        let m = 0;
        return {
          init: () => {
            s.fill(0);
            m = 0;
          },
          update: (_t, w) => {
            for (let j = 0; j < d; j++) s[j] += w[j];
            m++;
          },
          read: () => out.map((_, j) => (m > 0 ? s[j] / m : 0)),
          weights: (T) => Float64Array.from({ length: T + 1 }, (_, t) => (t === 0 ? 0 : 1 / T)),
        };
      },
    };
    const cfg: SgdConfig = {
      objective: new LinearObjective(2, 3, new Float64Array([1, 0, 0, 1, -1, 1])),
      T: 4,
      schedule: { kind: 'inv-t', c: 0.5 },
      averagers: [mean],
    };
    const leaves = new Map<string, Float64Array>();
    expect(enumerateRuns(cfg, (r, path) => leaves.set(key(path), r.averagers[0].read().slice())).paths).toBe(81);
    const run = runSgd(cfg, { seed: profile.seed });
    expect(sameBits(leaves.get(key(drawnPath(profile.seed, 3, 4, 1))) as Float64Array, run.averages[0])).toBe(true);
    expect(() => enumerateRuns(cfg, () => {}, { strategy: 'prefix' })).toThrow(/copyFrom/);
  });

  it('refuses more paths than the budget, naming n, T, b and the budget', () => {
    const cfg: SgdConfig = {
      objective: new LinearObjective(1, 3, new Float64Array([1, -1, 0.5])),
      T: 11,
      schedule: { kind: 'constant', alpha: 0.1 },
    };
    expect(() => enumerateRuns(cfg, () => {}, { budget: 2 ** 16 })).toThrow(EnumerationBudgetError);
    expect(() => enumerateRuns(cfg, () => {}, { budget: 2 ** 16 })).toThrow(
      /n\^\(b·T\) = 3\^\(1·11\) = 177147 index paths \(n = 3, T = 11, batch b = 1\): the budget is 65536/,
    );
    expect(enumerateRuns({ ...cfg, T: 9 }, () => {}, { budget: 3 ** 9 }).paths).toBe(3 ** 9);
  });
});
