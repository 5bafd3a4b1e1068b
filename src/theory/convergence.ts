import type { Theorem } from './theorem';

/** Convex convergence bounds (fwa-theory.md §3.2). */
export const convergenceTheorems: Theorem[] = [];
