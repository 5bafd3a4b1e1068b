import type { Theorem } from './theorem';

/** Uniform-stability and generalization bounds (fwa-theory.md §3.3–§3.4). */
export const stabilityTheorems: Theorem[] = [];
