import type { TheoremCheck } from './trial';

/** How each convergence theorem is measured (see src/theory/convergence.ts). */
export const convergenceChecks: TheoremCheck[] = [];
