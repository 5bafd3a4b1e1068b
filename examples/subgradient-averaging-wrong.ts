/**
 * A deliberately wrong constant: Bubeck's Theorem 3.2 (examples/subgradient-averaging.ts) with the
 * bound halved, R·L/(2√t). On the linear loss f(w) = ⟨w, z⟩ the averaged gap of projected subgradient
 * descent is R·L/(2√t)·(1 + 1/√t + …) > R·L/(2√t) (the iterates walk straight to the boundary and stay),
 * so `fwa-theorems check` refutes it pathwise and exits 1, naming the theorem and the trial.
 */
import { defineTheorem, type Catalog } from 'fwa-theorems';
import { bubeckTheorem32 } from './subgradient-averaging';

export const catalog: Catalog = {
  theorems: [
    defineTheorem({
      ...bubeckTheorem32,
      id: 'bubeck15-averaged-subgradient-halved',
      title: 'WRONG on purpose: Theorem 3.2 with half the constant',
      bound: 'R * L / (2 * sqrt(T))',
    }),
  ],
};
