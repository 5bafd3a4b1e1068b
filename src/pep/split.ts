import { numericAlgebra } from './algebra';
import { AGREEMENT_RTOL, PRIMAL_TOL } from './certificate';
import { column, gramFactor } from './factor';
import { pepInstance, pepLayout, type PepLayout, type PepSpec } from './problem';
import { inequalityValues, pepGramProblem, solveGram, solvePep, type PepSolution, type SolveOptions } from './solve';

/**
 * The split solve: the two bounds of a certificate from two SDPs, each far smaller than the one constraint
 * generation ends with (about 1.3 T² inequalities, solved at CSDP's m³ cost).
 *
 *   - Lower bound: the PEP with interior iterates (no projection acts, h_t = 0; `pepLayout(spec, true)`),
 *     a restriction of the full PEP with half the Gram basis and no normal-cone inequalities between
 *     iterates. Its primal, lifted to the full basis, is a feasible point of the full PEP (checked against
 *     every inequality here, and again by the certificate).
 *   - Upper bound: the full PEP restricted to the inequalities of the classical proof (`proofSet`, about
 *     6 T); the multipliers of any restriction, extended by zeros, are dual feasible for the whole problem.
 *
 * On the constant step c/√T with the full average (k = T; c = 1/2 and 1, T = 20 to 100 measured) both are
 * exact: the worst case keeps every iterate interior and the proof set carries all the dual weight. Where
 * they do not meet (projections active in the worst case, or a dual that needs pairs of iterates: 1/√t,
 * c = 2, k < T), generation goes on from the proof set with the usual first set added, to a primal of its
 * own that satisfies every inequality, as `solvePep`'s does.
 */

/** The bounds must meet to this relative gap: a tenth of a certificate's, leaving room for its PSD shift. */
const MEET_RTOL = AGREEMENT_RTOL / 10;

const iterateIndex = (name: string): number => (/^x\d+$/.test(name) ? Number(name.slice(1)) : -1);

/**
 * The inequalities of the classical proof of the averaged-iterate bound: every pair with x* or w̄
 * (diameters only with x_0), f_0 ≥ f_j + ⟨g_j, x_0 − x_j⟩ and the normal cones of the iterates at x_0,
 * and the norms. Measured at T = 40 (constant step, c = 1, k = T): every multiplier above 1e-4 of the
 * largest is one of these, and the SDP on them alone has the same value to 8 digits.
 */
export function proofSet(key: string): boolean {
  const m = /^([a-z]+):([^|]+)\|([^|]+)$/.exec(key);
  if (!m) return true;
  const a = iterateIndex(m[2]);
  const b = iterateIndex(m[3]);
  if (a < 0 || b < 0) return m[1] !== 'diam' || a === 0 || b === 0;
  if (m[1] === 'lip') return a === 0;
  if (m[1] === 'set') return b === 0;
  return false;
}

/**
 * The Gram matrix, in the full layout's basis, of a primal of the interior-iterate layout: x_t rebuilt by
 * the method on the explicit vectors, g*, g_t and g_w̄ copied.
 */
export function liftInterior(inner: PepLayout, full: PepLayout, P: Float64Array, f: Float64Array): Float64Array {
  const { V, r } = gramFactor(P, inner.n);
  const basis = Array.from({ length: inner.n }, (_, i) => column(V, r, inner.n, i));
  const xs = pepInstance(numericAlgebra(r), inner, basis, Array.from(f)).iterates;
  const cols: Float64Array[] = new Array<Float64Array>(full.n);
  xs.forEach((x, t) => (cols[full.ix + t] = x));
  cols[full.igs] = basis[inner.igs];
  for (let t = 0; t <= full.spec.T; t++) cols[full.ig + t] = basis[inner.ig + t];
  if (full.igw >= 0) cols[full.igw] = basis[inner.igw];
  const alg = numericAlgebra(r);
  const out = new Float64Array(full.n * full.n);
  for (let i = 0; i < full.n; i++)
    for (let j = i; j < full.n; j++) out[i * full.n + j] = out[j * full.n + i] = alg.dot(cols[i], cols[j]);
  return out;
}

/** Solves the PEP of a spec by the split solve where it applies and meets, else as `solvePep`. */
export async function solvePepSplit(spec: PepSpec, options: SolveOptions = {}): Promise<PepSolution> {
  if (spec.domain.kind !== 'set') return solvePep(spec, options);
  const started = performance.now();
  const layout = pepLayout(spec);
  const inner = pepLayout(spec, true);
  const low = await solveGram(pepGramProblem(inner), options);
  const P = low.code === 0 && low.roundLog.at(-1)!.violated === 0 ? liftInterior(inner, layout, low.P, low.f) : null;
  let maxViolation = Infinity;
  if (P) {
    maxViolation = -Infinity;
    for (const v of inequalityValues(layout, P, low.f).values()) maxViolation = Math.max(maxViolation, v);
  }
  // The bound a certificate will accept (inequalities of the solved set hold to the solver's tolerance only).
  const lower = maxViolation <= PRIMAL_TOL ? low.primalObjective : null;
  const up = await solveGram(pepGramProblem(layout), options, {
    first: proofSet,
    upperTarget: lower === null ? -Infinity : lower + MEET_RTOL * Math.abs(lower),
  });
  const roundLog = [...low.roundLog.map((r) => ({ ...r, interior: true as const })), ...up.roundLog];
  const seconds = (performance.now() - started) / 1000;
  const met = lower !== null && up.code === 0 && up.roundLog.at(-1)!.violated > 0;
  if (!met) return { layout, ...up, rounds: low.rounds + up.rounds, roundLog, seconds };
  return {
    layout,
    ...up,
    status: `${low.status}: lower bound from the interior-iterate PEP, upper bound from ${up.generated} inequalities`,
    primalObjective: low.primalObjective,
    P: P!,
    f: low.f,
    maxViolation,
    rounds: low.rounds + up.rounds,
    roundLog,
    seconds,
  };
}
