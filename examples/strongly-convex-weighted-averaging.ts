/**
 * A strongly convex theorem from the literature, checked against certified worst cases.
 *
 * S. Lacoste-Julien, M. Schmidt and F. Bach, "A simpler approach to obtaining an O(1/t) convergence
 * rate for the projected stochastic subgradient method", arXiv:1212.2002, 2012: let f be μ-strongly
 * convex on a closed convex set W, with (stochastic) subgradients bounded by G, E‖g_t‖² ≤ G². Projected
 * subgradient descent x_{t+1} = Π_W(x_t − γ_t g_t) with γ_t = 2/(μ(t + 1)), t = 0, 1, …, and the
 * weighted average x̄_k = Σ_{t=0}^{k} 2(t + 1)/((k + 1)(k + 2)) · x_t satisfy
 *
 *     E f(x̄_k) − f(x*) ≤ 2G² / (μ(k + 1)).
 *
 * Convention: the engine's x_0 is theirs and its step t = 1..T uses α_t = γ_{t−1} = 2/(μt) (the
 * schedule inv-t with c = 2/μ); after T engine steps x̄ weighs x_0..x_T, so k = T ('engine').
 *
 * The check: a deterministic oracle is a special case, so the bound must be at least the worst case of
 * the deterministic method over the class — computed by performance estimation (src/pep): a lower bound
 * from an instance the library builds from the solution (f(x) = max_i f_i + ⟨g_i, x − x_i⟩ + (μ/2)‖x − x_i‖²,
 * μ-strongly convex with subgradients bounded by G on the hull of the iterates) and an upper bound from
 * the dual. The diameter is D = 2G/μ, the largest a set can have when such a function exists on it
 * (‖g(x) − g(y)‖ ≥ μ‖x − y‖ and ≤ 2G). The certificates are committed beside this file and verified when
 * the check runs; `npx fwa-theorems pep --catalog examples/strongly-convex-weighted-averaging.ts
 * --write-certificates` re-solves them (CSDP). The bound holds with the worst case at ≈ 0.45–0.74 of it;
 * half of it is refuted (strongly-convex-weighted-averaging-wrong.ts).
 */
import { fileURLToPath } from 'node:url';
import {
  defineTheorem,
  integerAtLeastHyp,
  positiveHyp,
  worstCaseCheck,
  type Catalog,
  type TheoremDefinition,
  type WorstCaseProblem,
} from 'fwa-theorems';

/** λ_t = 2(t + 1)/((T + 1)(T + 2)) on x_0..x_T: the weighted average of the theorem. */
export function ljsbWeights(T: number): number[] {
  return Array.from({ length: T + 1 }, (_, t) => (2 * (t + 1)) / ((T + 1) * (T + 2)));
}

/** The theorem's deterministic special case after T engine steps, as a worst-case problem. */
export function ljsbProblem(T: number, mu: number, G: number): WorstCaseProblem {
  return {
    T,
    steps: { kind: 'inv-t', c: 2 / mu },
    averager: ljsbWeights(T),
    measure: 'average',
    fclass: { kind: 'strongly-convex-bounded-subgradient', mu, G },
    domain: { kind: 'set', D: (2 * G) / mu },
  };
}

export const ljsbTheorem: TheoremDefinition = {
  id: 'ljsb12-weighted-average',
  title: 'Projected subgradient descent, steps 2/(μ(t+1)), average with weights ∝ t + 1 (strongly convex)',
  source: 'Lacoste-Julien, Schmidt & Bach 2012, arXiv:1212.2002 (weighted averaging, O(1/t))',
  reference: 'examples/strongly-convex-weighted-averaging.ts (statement in the header)',
  status: 'classical',
  family: 'convergence',
  kind: 'upper',
  convention: 'engine',
  classes: ['strongly-convex'],
  hypotheses: [integerAtLeastHyp('T', 1), positiveHyp('mu'), positiveHyp('G')],
  measure: {
    description: 'f(Σ_t λ_t x_t) − f*, λ_t ∝ t + 1, worst case of the deterministic method (PEP certificate)',
    mode: 'pathwise',
  },
  bound: '2 * G^2 / (mu * (T + 1))',
  symbols: {
    T: 'engine steps k (iterates x_0..x_k)',
    mu: 'strong convexity modulus μ',
    G: 'bound on the subgradients, ‖g‖ ≤ G on W',
  },
  check: worstCaseCheck({
    problem: ({ T, mu, G }) => ({ problem: ljsbProblem(T, mu, G), scope: { T, mu, G } }),
    // Constants varied too, so a wrong power of μ or G shows (the worst case scales as G²/μ).
    points: [
      { T: 2, mu: 1, G: 1 },
      { T: 4, mu: 0.5, G: 2 },
      { T: 8, mu: 1, G: 1 },
      { T: 8, mu: 4, G: 0.5 },
      { T: 12, mu: 1, G: 3 },
    ],
    certificates: fileURLToPath(new URL('./strongly-convex-weighted-averaging.certificates', import.meta.url)),
  }),
};

export const catalog: Catalog = { theorems: [defineTheorem(ljsbTheorem)] };
