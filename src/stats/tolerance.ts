/**
 * THE floating-point tolerance of the suite (docs/theorems.md#how-a-verdict-is-reached): pathwise bounds
 * are checked exactly, up to a stated floating-point tolerance from one place. Every pathwise comparison, identity and
 * ordering check goes through here, so a reader can see in one file how much slack any exact
 * claim is given.
 *
 * Why 1e-9 relative: a run of T ≤ 1e5 Float64 updates accumulates rounding of order T·2^-53 ≈ 1e-11
 * relative in any sum it forms; 1e-9 sits two orders above that and seven below the smallest
 * constant change the guard plants (10 %), so it can neither flag rounding nor hide a wrong constant.
 * The absolute floor covers quantities that are exactly 0 in exact arithmetic (f* = 0 on Harvey's
 * instance, an empty window sum).
 */
export const FLOAT_RTOL = 1e-9;
export const FLOAT_ATOL = 1e-12;

/**
 * Tolerance for reproducing the independently evaluated vectors of
 * properties/fixtures/bound-vectors.json (to 1e-12 relative). Bounds are closed forms, so
 * they are held to this stricter standard than measured quantities.
 */
export const BOUND_VECTOR_RTOL = 1e-12;

/** The slack allowed on `a ≤ b` for numbers of magnitude `scale` (default: the larger of |a|, |b|). */
export function slack(a: number, b: number, scale = 0): number {
  return FLOAT_RTOL * Math.max(Math.abs(a), Math.abs(b), Math.abs(scale)) + FLOAT_ATOL;
}

/** True when `a ≤ b` holds up to the suite's tolerance. NaN never holds. */
export function leqTol(a: number, b: number, scale = 0): boolean {
  return a - b <= slack(a, b, scale);
}

/** True when `a = b` up to the suite's tolerance. NaN never holds. */
export function eqTol(a: number, b: number, scale = 0): boolean {
  return Math.abs(a - b) <= slack(a, b, scale);
}

/** |a − b| / max(|a|, |b|) (0 when both are 0): the measure BOUND_VECTOR_RTOL applies to. */
export function relativeError(a: number, b: number): number {
  const m = Math.max(Math.abs(a), Math.abs(b));
  return m === 0 ? 0 : Math.abs(a - b) / m;
}
