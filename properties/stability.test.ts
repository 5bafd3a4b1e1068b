/**
 * Executable stability and generalization theorems (docs/theory/stability.md): one property per
 * registry entry with a check in src/measure/stability/checks.ts, through the shared wrapper (./harness),
 * which draws trials within the hypotheses, runs the coupled engine and compares with the registry's
 * bound. No formula is restated here.
 *
 * Paper readings ([P]) are not asserted to hold: a reading that fails is a finding. The convex
 * printed form (2αL²/n)(T − k/2) fails on the bound-attaining linear instance, which the property
 * draws, so it is checked where its failure is the assertion (stability-power.test.ts). The
 * non-convex integral reading is asserted by its property below: it survives every draw because the
 * HRS-type bounds are loose there (measured/bound ≲ 0.3), although it is below the derived bound
 * (proofs/stability-algebra.test.ts).
 */
import { stabilityTheorems } from '../src/catalog/stability';
import { theoremProperty } from './harness';

/** [P] readings whose failure on the attaining instance is asserted elsewhere (not hidden). */
const READINGS_SHOWN_TO_FAIL = new Set(['fwa-stability-convex-constant-step-paper-reading']);

for (const theorem of stabilityTheorems) {
  if (!READINGS_SHOWN_TO_FAIL.has(theorem.id)) theoremProperty(theorem);
}
