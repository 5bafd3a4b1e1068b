/**
 * The algebra behind the FWA convergence bounds (docs/theory/setting.md#l1-closed-form, L1–L3;
 * docs/theory/convergence.md), checked on engine runs and, where mathjs can, symbolically on the
 * registry's own expressions:
 *   L1 closed form  w̄_T = w_0 − Σ_t min{1, (T−t+1)/k} α_t g_t      (unprojected SGD, exact)
 *   L2 recursion    w̄_t = w̄_{t−1} − (1/k) Σ_{j=t−k+1}^{t} α_j g_j  for t ≥ k
 *   L3 weight sum   Σ_t min{1, (T−t+1)/k} = T − (k−1)/2, and the engine averager's tail masses
 *   symbolic        the paper reading at k = 1 is Shamir–Zhang; the step scale c* that minimises each
 *                   bound (d/dc = 0 at c*, d²/dc² > 0), via math.derivative.
 * Identities are compared with the suite's one float tolerance (src/stats/tolerance.ts).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { MathNode } from 'mathjs';
import { makeAverager } from '../src/engine/averaging';
import { runSgd } from '../src/engine/sgd';
import { buildInstance } from '../src/objectives/index';
import { instanceSpecArb } from '../src/objectives/arbitraries';
import { log2Grid, logInt } from '../src/objectives/arbitraries';
import { windowArb } from '../src/measure/arbitraries';
import { currentProfile, fastCheckParams } from '../src/profile';
import { eqTol } from '../src/stats/tolerance';
import { formulaEngine } from '../src/theory/expr';
import { getTheorem } from '../src/catalog/registry';

const math = formulaEngine();

const profile = currentProfile();
const params = (numRuns: number) => fastCheckParams(numRuns, profile);

/** c_t = min{1, (T − t + 1)/k}: the weight FWA(k) gives the step taken at t (docs/theory/setting.md#tail-masses). */
const tailWeight = (T: number, k: number, t: number): number => Math.min(1, (T - t + 1) / k);

const runArb = fc
  .record({
    spec: instanceSpecArb('convex-smooth', { maxD: 5, maxN: 16 }),
    T: logInt(1, 200),
    c: log2Grid(-12, 4, 4),
    seed: fc.nat({ max: 0x7fffffff }),
  })
  .chain((r) => windowArb(r.T).map((k) => ({ ...r, k })));

describe('FWA closed form, recursion and weight sum (unprojected SGD)', () => {
  test.prop([runArb], params(25))('L1 closed form and L2 recursion hold at every step', ({ spec, T, c, seed, k }) => {
    const inst = buildInstance(spec);
    const d = inst.objective.d;
    const steps: Float64Array[] = [new Float64Array(0)]; // steps[t] = α_t g_t
    const avg: Float64Array[] = [new Float64Array(d)]; // avg[t] = w̄_t (w̄_0 = w_0 = 0)
    const res = runSgd(
      { objective: inst.objective, T, schedule: { kind: 'inv-sqrt-t', c }, averagers: [{ kind: 'fwa', k }] },
      {
        seed,
        observe: (t, r) => {
          steps.push(r.g.map((g) => g * r.alpha[t]));
          avg.push(r.averagers[0].read().slice());
        },
      },
    );
    const label = `${JSON.stringify(spec)} T=${T} k=${k} c=${c}`;
    for (let j = 0; j < d; j++) {
      let closed = 0;
      let scale = 0;
      for (let t = 1; t <= T; t++) {
        closed -= tailWeight(T, k, t) * steps[t][j];
        scale += Math.abs(steps[t][j]);
      }
      expect(eqTol(res.averages[0][j], closed, scale), `${label} L1 coordinate ${j}`).toBe(true);
      for (let t = Math.max(k, 1) + 1; t <= T; t++) {
        let window = 0;
        let wscale = 0;
        for (let s = t - k + 1; s <= t; s++) {
          window += steps[s][j];
          wscale += Math.abs(steps[s][j]);
        }
        expect(
          eqTol(avg[t][j] - avg[t - 1][j], -window / k, scale + wscale),
          `${label} L2 t=${t} coordinate ${j}`,
        ).toBe(true);
      }
    }
  });

  test.prop([logInt(1, 100_000), fc.nat({ max: 1000 })], params(200))(
    'L3 weight sum Σ_t c_t = T − (k−1)/2, and the averager’s tail masses are c_t',
    (T, u) => {
      const k = 1 + Math.floor((u / 1000) * (T - 1));
      let sum = 0;
      for (let t = 1; t <= T; t++) sum += tailWeight(T, k, t);
      expect(eqTol(sum, T - (k - 1) / 2), `T=${T} k=${k}`).toBe(true);
      if (T <= 2000) {
        // Λ_t = Σ_{i ≥ t} λ_i of the engine's FWA(k) weights on w_0..w_T is exactly c_t.
        const lambda = makeAverager({ kind: 'fwa', k }, 1).weights(T);
        let tail = 0;
        for (let t = T; t >= 1; t--) {
          tail += lambda[t];
          expect(eqTol(tail, tailWeight(T, k, t)), `T=${T} k=${k} t=${t}`).toBe(true);
        }
      }
    },
  );
});

/** The registry expression with a symbol replaced by an expression. */
function substitute(node: MathNode, name: string, by: string): MathNode {
  return node.transform((n) =>
    (n as unknown as { isSymbolNode?: boolean; name?: string }).isSymbolNode &&
    (n as unknown as { name: string }).name === name
      ? math.parse(by)
      : n,
  );
}

describe('symbolic checks with mathjs on the registry expressions', () => {
  it('the paper reading at k = 1 simplifies to Shamir–Zhang exactly', () => {
    const paper = substitute(getTheorem('fwa-convergence-paper-reading').compiled.node, 'k', '1');
    const sz = getTheorem('sz13-last-iterate').compiled.node;
    expect(math.simplify(new math.OperatorNode('-', 'subtract', [paper, sz])).toString()).toBe('0');
  });

  // c* with d/dc = 0: D/G when the bound is (D²/c + cG²)·(…), D/(G√2) for (D²/(2c) + cG²)·(…), and
  // D/(G√A) with A = 1 + Hdiff(T−1, k−1) for the constant-step form D²/(2c) + (cG²/2)·A.
  const minimisers: [string, string][] = [
    ['sz13-last-iterate', 'D/G'],
    ['fwa-convergence-paper-reading', 'D/G'],
    ['fwa-convergence', 'D/(G*sqrt(2))'],
    ['fwa-convergence-constant-step', 'D/(G*sqrt(1 + Hdiff(T - 1, k - 1)))'],
  ];
  for (const [id, cstar] of minimisers) {
    const t = getTheorem(id);
    const d1 = math.derivative(t.compiled.node, 'c').compile();
    const d2 = math.derivative(math.derivative(t.compiled.node, 'c'), 'c').compile();
    const cOf = math.compile(cstar);
    test.prop([logInt(4, 10_000), fc.nat({ max: 1000 }), log2Grid(-24, 24, 4), log2Grid(-24, 24, 4)], params(30))(
      `${id}: c* = ${cstar} minimises the bound (math.derivative: d/dc = 0 at c*, d²/dc² > 0)`,
      (T, u, D, G) => {
        const k = 1 + Math.floor((u / 1000) * (Math.floor(T / 2) - 1));
        const c = cOf.evaluate({ D, G, T, k }) as number;
        const scope = { T, k, D, G, c };
        const slope = d1.evaluate(scope) as number;
        // Scale of d/dc: the bound divided by c (each of its two terms is of that size at c*).
        expect(eqTol(slope, 0, t.evaluate(scope) / c), `${id} T=${T} k=${k} D=${D} G=${G}: d/dc(c*) = ${slope}`).toBe(
          true,
        );
        expect(d2.evaluate(scope) as number).toBeGreaterThan(0);
        expect(t.evaluate({ ...scope, c: c * 1.01 })).toBeGreaterThan(t.evaluate(scope));
        expect(t.evaluate({ ...scope, c: c / 1.01 })).toBeGreaterThan(t.evaluate(scope));
      },
    );
  }

  it('d/dc at c* simplifies to 0 symbolically for the three product-form bounds', () => {
    for (const [id, cstar] of minimisers.slice(0, 3)) {
      const d1 = math.derivative(getTheorem(id).compiled.node, 'c');
      expect(math.simplify(substitute(d1, 'c', `(${cstar})`)).toString(), id).toBe('0');
    }
  });
});
