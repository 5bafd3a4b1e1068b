/**
 * A deliberately wrong constant: the theorem of examples/strongly-convex-weighted-averaging.ts with its
 * bound halved, G²/(μ(k + 1)). The worst case of the deterministic method over μ-strongly convex functions
 * with subgradients bounded by G — certified from below by an instance the library builds from the
 * committed PEP certificate — is above it from k = 3 on, so `fwa-theorems check` exits 1 naming the
 * theorem; no instance is written by hand.
 */
import { defineTheorem, type Catalog } from 'fwa-theorems';
import { ljsbTheorem } from './strongly-convex-weighted-averaging';

export const catalog: Catalog = {
  theorems: [
    defineTheorem({
      ...ljsbTheorem,
      id: 'ljsb12-weighted-average-halved',
      title: 'WRONG on purpose: the weighted-average bound with half the constant',
      bound: 'G^2 / (mu * (T + 1))',
    }),
  ],
};
