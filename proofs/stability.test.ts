/**
 * Proof steps of the stability bounds on random instances, in the order the proofs use them
 * (docs/theory/stability.md#g1-convex-general-steps). Pathwise steps are exact up to the suite's one
 * float tolerance (src/stats/tolerance.ts); the conditional t₀ bound is an expectation, checked with
 * the shared one-sided test (src/stats/verdict.ts). Fixed seed in ci; fast-check prints seed and path.
 *
 *   1. Expansiveness (HRS Lemmas 3.3, 3.6): G(w) = w − α∇f(w; z) is 1-expansive for convex β-smooth f
 *      and α ≤ 2/β, (1 + αβ)-expansive for β-smooth f, αL-bounded for L-Lipschitz f.
 *   2. One-step growth recursion (HRS Lemma 2.5) on every step of coupled runs (projection included):
 *      same example δ_t ≤ η_t δ_{t−1}; differing example δ_t ≤ δ_{t−1} + 2α_t L.
 *   3. Unrolled recursion, pathwise: δ_t ≤ u_t with u_t = η_t u_{t−1} (no draw of i*) or u_{t−1} + 2α_t L,
 *      and the average: ‖w̄ − w̄′‖ ≤ Σ_t λ_t δ_t ≤ Σ_t λ_t u_t (convex: = 2L Σ_t Λ_t α_t 1[i_t = i*]).
 *   4. Conditional t₀ bound (G5): E[‖w̄ − w̄′‖ | δ_{t₀} = 0] ≤ (2L/(β(n−1)))·A_k·t₀^{−q}, q = βc, for several
 *      t₀ and k (and E[δ_T | δ_{t₀} = 0] ≤ (2L/(β(n−1)))(T/t₀)^q at k = 1).
 * The A_k sandwich, the harmonic identity and the t₀ minimiser are in stability-algebra.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagerWeights } from '../src/engine/averaging';
import { coupledRunners } from '../src/engine/coupled';
import { deriveSeed, RandomStream } from '../src/engine/rng';
import { runCoupled } from '../src/engine/coupled';
import { dist } from '../src/engine/vec';
import { instanceOf } from '../src/measure/instances';
import { nonconvexSpecArb, smoothConvexSpecArb } from '../src/measure/stability/trials';
import { polynomialSchedule } from '../src/measure/stability/schedules';
import { currentProfile } from '../src/profile';
import { claimDelta } from '../src/stats/budget';
import { leqTol } from '../src/stats/tolerance';
import { expectationOutcome } from '../src/measure/outcome';
import { windowPowerMean } from '../src/theory/expr';
import type { Instance } from '../src/objectives/instance';
import { propParams } from '../properties/support/engine-fixtures';

const profile = currentProfile();

/** A random point of the ball W of the instance (where its L and β are certified). */
function pointIn(inst: Instance, rng: RandomStream): Float64Array {
  const { d, R } = inst.constants;
  const w = new Float64Array(d);
  const r = (Number.isFinite(R) ? R : 1) * Math.sqrt(rng.float());
  let n2 = 0;
  for (let j = 0; j < d; j++) {
    w[j] = rng.normal();
    n2 += w[j] * w[j];
  }
  const s = n2 > 0 ? r / Math.sqrt(n2) : 0;
  for (let j = 0; j < d; j++) w[j] *= s;
  return w;
}

/** The gradient step G(w) = w − α∇f(w; z_i) (no projection: the lemmas are about G itself). */
function gradientStep(inst: Instance, w: Float64Array, i: number, alpha: number): Float64Array {
  const g = new Float64Array(w.length);
  inst.objective.grad(w, i, g);
  return w.map((x, j) => x - alpha * g[j]);
}

describe('1. expansiveness lemmas (HRS 3.3, 3.6) on random instances and points', () => {
  const cases = fc.tuple(fc.oneof(smoothConvexSpecArb(), nonconvexSpecArb()), fc.integer({ min: 0, max: 8 }), fc.nat());

  it('convex β-smooth, α ≤ 2/β: 1-expansive; β-smooth: (1 + αβ)-expansive; L-Lipschitz: αL-bounded', () => {
    fc.assert(
      fc.property(cases, ([spec, e, seed]) => {
        const inst = instanceOf(spec);
        const { L, beta, convex } = inst.constants;
        // α up to the convex step rule 2/β (non-convex losses: the same scale, the lemma holds for any α)
        const alpha = (beta > 0 ? 2 / beta : 1) * 2 ** (-e / 2);
        const rng = RandomStream.fromSeed(seed);
        for (let rep = 0; rep < 20; rep++) {
          const u = pointIn(inst, rng);
          const v = pointIn(inst, rng);
          const i = rng.index(inst.constants.n);
          const Gu = gradientStep(inst, u, i, alpha);
          const Gv = gradientStep(inst, v, i, alpha);
          const eta = convex ? 1 : 1 + alpha * beta;
          expect(
            leqTol(dist(Gu, Gv), eta * dist(u, v), dist(u, v)),
            `${spec.generator}: ${eta}-expansive at α = ${alpha}`,
          ).toBe(true);
          expect(leqTol(dist(u, Gu), alpha * L), `${spec.generator}: αL-bounded`).toBe(true);
        }
      }),
      propParams(60),
    );
  });
});

/** Coupled-run cases: an instance, a horizon, a schedule within the convex step rule, i*, a seed. */
const coupledCases = fc.record({
  spec: fc.oneof(smoothConvexSpecArb(), nonconvexSpecArb()),
  T: fc.integer({ min: 1, max: 80 }),
  e: fc.integer({ min: 0, max: 6 }),
  p: fc.constantFrom(0, 0.5, 1),
  k: fc.integer({ min: 1, max: 80 }),
  seed: fc.nat(),
});

describe('2–3. growth recursion and its unrolling, pathwise on every step of coupled runs', () => {
  it('δ_t ≤ η_t δ_{t−1} (same example), δ_t ≤ δ_{t−1} + 2α_t L (i* drawn); δ_t ≤ u_t; ‖w̄ − w̄′‖ ≤ Σ λ_t δ_t ≤ Σ λ_t u_t', () => {
    fc.assert(
      fc.property(coupledCases, ({ spec, T, e, p, k, seed }) => {
        const inst = instanceOf(spec);
        const { L, beta, convex, n } = inst.constants;
        const c = (beta > 0 ? 2 / beta : 1) * 2 ** (-e / 2);
        const schedule = polynomialSchedule(c, p);
        const averager = { kind: 'fwa' as const, k: Math.min(k, T) };
        const star = seed % n;
        let prev = 0;
        let u = 0;
        let bound = 0;
        let viaDeltas = 0;
        const lambda = averagerWeights(averager, T);
        const r = runCoupled(
          {
            objective: inst.objective,
            neighbour: inst.neighbour!(star),
            differing: star,
            T,
            schedule,
            radius: inst.constants.R,
            averagers: [averager],
          },
          {
            seed,
            observe: (t, a, b, hits) => {
              const alpha = a.alpha[t];
              const delta = dist(a.w, b.w);
              const eta = convex ? 1 : 1 + alpha * beta;
              const step = hits > 0 ? prev + 2 * alpha * L : eta * prev;
              expect(
                leqTol(delta, step, prev + alpha * L),
                `step ${t} (${hits > 0 ? 'i* drawn' : 'same example'}) of ${spec.generator}`,
              ).toBe(true);
              u = hits > 0 ? u + 2 * alpha * L : eta * u;
              expect(leqTol(delta, u), `unrolled bound at step ${t}`).toBe(true);
              viaDeltas += lambda[t] * delta;
              bound += lambda[t] * u;
              prev = delta;
            },
          },
        );
        const avgDist = dist(r.a.averages[0], r.b.averages[0]);
        expect(leqTol(avgDist, viaDeltas), 'triangle inequality over the window').toBe(true);
        expect(leqTol(viaDeltas, bound), 'window mean of the unrolled bound').toBe(true);
      }),
      propParams(80),
    );
  });
});

describe('4. the conditional t₀ bound of G5 (expectation, shared one-sided test)', () => {
  /**
   * Replicates conditioned on δ_{t₀} = 0: the first t₀ indices are drawn uniformly from the n − 1
   * examples other than i* (exactly the conditional law of the index stream), the rest uniformly.
   */
  function conditionalDistances(
    inst: Instance,
    star: number,
    T: number,
    c: number,
    k: number,
    t0: number,
    seed: number,
    reps: number,
  ): Float64Array {
    const out = new Float64Array(reps);
    const n = inst.constants.n;
    for (let r = 0; r < reps; r++) {
      const [a, b] = coupledRunners({
        objective: inst.objective,
        neighbour: inst.neighbour!(star),
        differing: star,
        T,
        schedule: polynomialSchedule(c, 1),
        radius: inst.constants.R,
        averagers: [{ kind: 'fwa', k }],
      });
      const rng = RandomStream.fromSeed(deriveSeed(seed, r));
      for (let t = 1; t <= T; t++) {
        let i = t <= t0 ? rng.index(n - 1) : rng.index(n);
        if (t <= t0 && i >= star) i++;
        a.step(i);
        b.step(i);
      }
      out[r] = dist(a.averagers[0].read(), b.averagers[0].read());
    }
    return out;
  }

  it('E[‖w̄ − w̄′‖ | δ_{t₀} = 0] ≤ (2L/(β(n−1)))·A_k·t₀^{−q} for t₀ ∈ {1, T/4, T/2} and k ∈ {1, T/2}', () => {
    fc.assert(
      fc.property(
        nonconvexSpecArb(),
        fc.integer({ min: 8, max: 40 }),
        fc.integer({ min: -8, max: 2 }),
        fc.nat(),
        (spec, T, e, seed) => {
          const inst = instanceOf(spec);
          const { L, beta, n, R } = inst.constants;
          const q = 2 ** (e / 2);
          const c = q / beta;
          const star = seed % n;
          for (const t0 of [1, Math.floor(T / 4), Math.floor(T / 2)]) {
            for (const k of [1, Math.floor(T / 2)]) {
              const samples = conditionalDistances(inst, star, T, c, k, t0, deriveSeed(seed, t0, k), 200);
              const bound = ((2 * L) / (beta * (n - 1))) * windowPowerMean(T, k, q) * t0 ** -q;
              const o = expectationOutcome(
                samples,
                bound,
                { T, k, t0, q, n, L, beta },
                { range: [0, 2 * R], delta: claimDelta(profile) },
              );
              expect(
                o.verdict,
                `t₀ = ${t0}, k = ${k}: mean ${o.measured}, lcb ${o.ci?.lower} > bound ${bound} (${spec.generator})`,
              ).not.toBe('violated');
            }
          }
        },
      ),
      propParams(6),
    );
  });
});
