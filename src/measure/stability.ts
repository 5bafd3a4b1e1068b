import type { TheoremCheck } from './trial';

/** How each stability theorem is measured (see src/theory/stability.ts). */
export const stabilityChecks: TheoremCheck[] = [];
