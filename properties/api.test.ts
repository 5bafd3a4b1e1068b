/**
 * The public API (src/index.ts, imported as 'fwa-theorems' like a user does):
 *   - a user's averager (its own update rule and weights(T)) plugs into the engine: runSgd and
 *     runCoupled run it beside the built-in ones, its output equals Σ_t λ_t w_t with the weights it
 *     declares (computed from the observed iterates), and coupled runs each get their own instance;
 *   - the guard runs a user's catalog: the example's deliberately halved constant is violated by the
 *     guard's own baseline trials.
 */
import { describe, expect, it } from 'vitest';
import { buildInstance, fc, runCoupled, runSgd, type Catalog } from 'fwa-theorems';
// The example's own averager (λ_t ∝ t): the test checks the one a user reads in examples/.
import { linearlyWeighted as linearWeights } from '../examples/weighted-averaging-stability';
import { runGuard } from '../src/guard/run';
import { loadCatalog } from '../src/catalog/load';
import { currentProfile } from '../src/profile';
import { eqTol } from '../src/stats/tolerance';

describe("a user's averager in the engine", () => {
  it('runSgd runs it: its output is Σ λ_t w_t for the weights it declares (30 random runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat({ max: 1000 }), (T, seed) => {
        const inst = buildInstance({ generator: 'logistic', params: { d: 3, n: 8 }, seed });
        const iterates: Float64Array[] = [];
        const res = runSgd(
          {
            objective: inst.objective,
            T,
            schedule: { kind: 'inv-sqrt-t', c: 0.5 },
            radius: inst.constants.R,
            averagers: [{ kind: 'last' }, linearWeights],
          },
          { seed, observe: (_t, r) => void iterates.push(r.w.slice()) },
        );
        const lambda = linearWeights.make(3).weights(T);
        for (let j = 0; j < 3; j++) {
          let expected = 0;
          for (let t = 1; t <= T; t++) expected += lambda[t] * iterates[t - 1][j];
          expect(eqTol(res.averages[1][j], expected), `T=${T} j=${j}`).toBe(true);
        }
        expect(res.averages[0]).toEqual(iterates[T - 1]);
      }),
      { seed: 7, numRuns: 30 },
    );
  });

  it('coupled runs make one instance per side (no shared state)', () => {
    const inst = buildInstance({ generator: 'linear', params: { d: 2, n: 4, R: 8, L: 1 }, seed: 3 });
    const r = runCoupled(
      {
        objective: inst.objective,
        neighbour: inst.neighbour!(0),
        differing: 0,
        T: 30,
        schedule: { kind: 'constant', alpha: 0.1 },
        radius: inst.constants.R,
        averagers: [linearWeights],
      },
      { seed: 5 },
    );
    expect(r.a.averages[0]).not.toBe(r.b.averages[0]);
    const alone = runSgd(
      {
        objective: inst.objective,
        T: 30,
        schedule: { kind: 'constant', alpha: 0.1 },
        radius: inst.constants.R,
        averagers: [linearWeights],
      },
      { seed: 5 },
    );
    expect(r.a.averages[0]).toEqual(alone.averages[0]);
  });
});

describe("the guard runs a user's catalog", () => {
  it('the halved constant of the example is violated by the guard baseline', async () => {
    const catalog: Catalog = await loadCatalog('examples/subgradient-averaging-wrong.ts');
    const report = runGuard({
      profile: { ...currentProfile(), name: 'ci', runsScale: 1 },
      catalog,
      samples: 6,
      replicates: 1,
      confirmations: 1,
      searchEvaluations: 4,
      mutantSearchEvaluations: 0,
      mutantSearchFrom: 0.5,
      shape: false,
      writeLedger: false,
      log: () => {},
    });
    expect(report.theorems.map((t) => t.theorem)).toEqual(['bubeck15-averaged-subgradient-halved']);
    expect(report.theorems[0].baselineViolations).toBeGreaterThan(0);
  });
});
