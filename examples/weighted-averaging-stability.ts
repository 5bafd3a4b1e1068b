/**
 * A user's averager, plugged into the engine and checked with the registry's own stability machinery.
 *
 * The averager: linearly increasing weights λ_t = 2t/(T(T+1)) on the iterates w_1..w_T, the weighted
 * average of S. Lacoste-Julien, M. Schmidt and F. Bach, "A simpler approach to obtaining an O(1/t)
 * convergence rate for the projected stochastic subgradient method", arXiv:1212.2002, 2012 (Section 3).
 * Its update rule is a running weighted mean; its weights(T) are what the theory reads.
 *
 * The bound (derived here, not in the registry): for convex, β-smooth, L-Lipschitz losses and a
 * constant step α ≤ 2/β, the uniform stability of the averaged output is at most (2L²/n) Σ_t Λ_t α
 * (the registry's unified bound fwa-stability-unified-convex, G6 in docs/theory/stability.md), with
 * the tail masses Λ_t = Σ_{i≥t} λ_i = 1 − (t − 1)t/(T(T + 1)). Summing, Σ_{t=1}^{T} Λ_t = T − (T − 1)/3
 * = (2T + 1)/3, so
 *
 *     sup_z E|f(w̄; z) − f(w̄′; z)| ≤ 2αL²(2T + 1)/(3n).
 *
 * The check is the registry's convexCheck (coupled runs on neighbouring data sets, one index stream,
 * L·E‖w̄ − w̄′‖ against the bound by the suite's one-sided test), with this averager as the only one
 * run. On the linear loss with z′ = −z the bound is attained in expectation (measured/bound near 1).
 */
import { convexCheck, defineTheorem, integerAtLeastHyp, onlyAverager, positiveHyp } from 'fwa-theorems';
import type { Averager, Catalog, CustomAverager } from 'fwa-theorems';

/** λ_t ∝ t on w_1..w_T: w̄_t = w̄_{t−1} + (t / Σ_{s≤t} s)(w_t − w̄_{t−1}). */
export const linearlyWeighted: CustomAverager = {
  name: 'linearly weighted average (λ_t ∝ t)',
  make(d: number): Averager {
    const avg = new Float64Array(d);
    let mass = 0;
    return {
      init(w0: Float64Array) {
        avg.set(w0);
        mass = 0;
      },
      update(t: number, w: Float64Array) {
        mass += t;
        for (let j = 0; j < d; j++) avg[j] += (t / mass) * (w[j] - avg[j]);
      },
      read: () => avg,
      weights(T: number) {
        const lambda = new Float64Array(T + 1);
        for (let t = 1; t <= T; t++) lambda[t] = (2 * t) / (T * (T + 1));
        return lambda;
      },
    };
  },
};

export const catalog: Catalog = {
  theorems: [
    defineTheorem({
      id: 'linearly-weighted-stability-convex-constant-step',
      title: 'Stability of SGD with the linearly weighted average (λ_t ∝ t), constant step',
      source:
        'derived: the unified convex stability bound (G6) at λ_t = 2t/(T(T+1)), Lacoste-Julien et al. 2012 averaging',
      reference: 'examples/weighted-averaging-stability.ts (derivation in the header)',
      status: 'derived',
      family: 'stability',
      kind: 'upper',
      convention: 'engine',
      classes: ['convex-smooth', 'linear'],
      hypotheses: [
        integerAtLeastHyp('T', 1),
        integerAtLeastHyp('n', 1),
        positiveHyp('L'),
        positiveHyp('a'),
        {
          id: 'a <= 2/beta',
          check: (s) => (!('beta' in s) || s.a <= 2 / s.beta ? null : `a = ${s.a} > 2/β = ${2 / s.beta}`),
        },
      ],
      measure: {
        description: 'sup_z E|f(w̄; z) − f(w̄′; z)| over coupled runs on neighbouring S, S′ (checked as L·E‖w̄ − w̄′‖)',
        mode: 'expectation',
      },
      bound: '2 * a * L^2 * (2 * T + 1) / (3 * n)',
      symbols: {
        T: 'number of SGD updates (w_0 initial)',
        n: 'sample size',
        L: 'Lipschitz constant of every f(·; z)',
        a: 'constant step α',
      },
      check: convexCheck('constant', onlyAverager(linearlyWeighted)),
    }),
  ],
};
