import { numericAlgebra, type GramForm } from './algebra';
import { choleskySucceeds, column, gramFactor } from './factor';
import type { GramProblem } from './gram-problem';
import { pepInstance, pepLayout, type PepLayout, type PepSpec } from './problem';
import { pepGramProblem, type GramSolution, type PepSolution, type SdpSolverName } from './solve';
import { pointSpec, type GridPoint } from './grid';

/**
 * A PEP certificate: the primal solution as an explicit Gram factor (a counterexample: a lower bound on
 * the worst case) and the dual multipliers (a proof: an upper bound), for one problem. Verified by
 * `verifyCertificate` without any solver.
 */
const CERTIFICATE_FORMAT = 'fwa-theorems/pep-certificate';
const CERTIFICATE_VERSION = 1;

export interface PepCertificate {
  format: typeof CERTIFICATE_FORMAT;
  version: typeof CERTIFICATE_VERSION;
  name: string;
  /** The grid point solved, when the certificate is one of the committed grid's. */
  point?: GridPoint;
  spec: PepSpec;
  /** What the method was when solved: α_0..α_T and λ_0..λ_T. A change in the engine makes the certificate stale. */
  method: { steps: number[]; weights: number[] };
  solver: {
    name: SdpSolverName;
    /** Its relative tolerance (absent in files solved before it was recorded: CSDP's default 1e-8). */
    tolerance?: number;
    code: number;
    status: string;
    primalObjective: number;
    dualObjective: number;
    rounds: number;
    generated: number;
    total: number;
    seconds: number;
    /**
     * Each round of constraint generation: m inequalities, solver and other wall seconds (absent in older
     * files); `interior` marks the rounds of a split solve's interior-iterate PEP (split.ts).
     */
    roundLog?: { m: number; solverSeconds: number; otherSeconds: number; interior?: true }[];
  };
  /** Gram factor V (r × n, row-major): column i is basis vector i in R^r. f: the scalars. value: the measure. */
  primal: { r: number; n: number; V: number[]; f: number[]; value: number };
  /** Multipliers of the inequalities by key (all others 0); `eta` the PSD shift budget; `value` the certified upper bound. */
  dual: { multipliers: [string, number][]; eta: number; value: number };
}

/** Every inequality of a primal certificate holds to this (absolute, in the problem's units). */
export const PRIMAL_TOL = 1e-8;
/** Lower and upper bounds agree to this relative gap on every committed certificate. */
export const AGREEMENT_RTOL = 1e-6;
const UNIT_ROUNDOFF = 2 ** -53;

export class CertificateError extends Error {
  constructor(
    readonly certificate: string,
    readonly reason: string,
  ) {
    super(`PEP certificate ${certificate}: ${reason}`);
    this.name = 'CertificateError';
  }
}

export interface CertifiedBounds {
  lower: number;
  upper: number;
  /** Largest inequality value of the primal (≤ PRIMAL_TOL). */
  maxViolation: number;
}

interface DualCheck {
  S: Float64Array;
  /** Residual of the scalar block: Σ y_i lin_i − lin_obj (≥ 0 for dual feasibility). */
  r: Float64Array;
  value: number;
}

/** S = Σ y_i Q_i − Q_obj and the rest of the dual, from the multipliers and the current problem. */
function dualResidual(problem: GramProblem, multipliers: readonly [string, number][], name: string): DualCheck {
  const { n, nf, inequalities, objective } = problem;
  const byKey = new Map(inequalities.map((q) => [q.key, q]));
  const S = new Float64Array(n * n);
  const r = new Float64Array(nf);
  const add = (form: GramForm, y: number): void => {
    for (const [key, v] of form.Q) {
      const i = Math.floor(key / n);
      const j = key % n;
      S[i * n + j] += y * v;
      if (i !== j) S[j * n + i] += y * v;
    }
    for (let j = 0; j < nf; j++) r[j] += y * form.lin[j];
  };
  add(objective, -1);
  let value = objective.c;
  for (const [key, y] of multipliers) {
    if (!(y >= 0)) throw new CertificateError(name, `dual multiplier of ${key} is ${y}, not ≥ 0`);
    const q = byKey.get(key);
    if (!q) throw new CertificateError(name, `stale: the problem has no inequality ${key} (method or class changed)`);
    const form = q.value();
    add(form, y);
    value -= y * form.c;
  }
  return { S, r, value };
}

/**
 * The certified upper bound of multipliers y and a PSD shift budget η: with S + diag(η/B_k + δ) ⪰ 0
 * (Cholesky), every feasible (P, f) has objective ≤ value + Σ_k (η/B_k + δ)·B_k + Σ_j max(0, −r_j)·F,
 * where B_k ≥ P_kk and F ≥ f_j over the feasible set (aprioriBounds) and δ dominates Cholesky's rounding.
 * Without a priori bounds the shift must be 0 and r ≥ 0. Null when the Cholesky test fails.
 */
function upperBound(problem: GramProblem, d: DualCheck, eta: number): number | null {
  const { n, bounds } = problem;
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(d.S[i * n + i]));
  const delta = (n * (n + 1) * UNIT_ROUNDOFF * (maxDiag + eta)) / (1 - (n + 1) * UNIT_ROUNDOFF);
  const shifted = d.S.slice();
  if (bounds === null) {
    if (eta !== 0 || d.r.some((v) => v < 0)) return null;
    for (let i = 0; i < n; i++) shifted[i * n + i] -= delta;
    return choleskySucceeds(shifted, n, 0) ? d.value : null;
  }
  for (let i = 0; i < n; i++) shifted[i * n + i] += eta / bounds.gramDiagonal[i];
  if (!choleskySucceeds(shifted, n, 0)) return null;
  let upper = d.value + eta * n;
  for (let i = 0; i < n; i++) upper += delta * bounds.gramDiagonal[i];
  for (const v of d.r) if (v < 0) upper += -v * bounds.scalar;
  return upper;
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What every kind of certificate stores about itself, for the checks its verifier shares. */
interface StoredCertificate {
  name?: string;
  format: string;
  version: number;
  spec: unknown;
  method: { steps: number[]; weights: number[] };
}

/** The certificate is of the format and version `format` v`version` (deterministic or stochastic). */
export function checkFormat(cert: StoredCertificate, format: string, version: number): void {
  if (cert.format !== format || cert.version !== version)
    throw new CertificateError(
      cert.name ?? '(unnamed)',
      `format ${cert.format} v${cert.version}; expected ${format} v${version}`,
    );
}

/** The certificate's grid point (when it has one, `pointSpec`) still means the spec stored. */
export function checkPoint(cert: StoredCertificate, pointSpec: unknown): void {
  if (pointSpec !== null && JSON.stringify(pointSpec) !== JSON.stringify(cert.spec))
    throw new CertificateError(
      cert.name ?? '(unnamed)',
      'stale: its grid point now means another problem (schedule or class changed)',
    );
}

/** The method's steps and weights are the ones solved; `resolve` is the command that re-solves it. */
export function checkMethod(
  cert: StoredCertificate,
  method: { steps: ArrayLike<number>; weights: ArrayLike<number> },
  resolve: string,
): void {
  const name = cert.name ?? '(unnamed)';
  if (!sameArray(method.steps, cert.method.steps))
    throw new CertificateError(name, `stale: the step sizes of this schedule changed since it was solved (${resolve})`);
  if (!sameArray(method.weights, cert.method.weights))
    throw new CertificateError(name, `stale: the averager weights changed since it was solved (${resolve})`);
}

/**
 * The dual half of a certificate from a solver's multipliers: the positive ones, and the smallest PSD
 * shift budget η (0, else 10^-16 … 1 by quarter decades) that certifies an upper bound (Infinity when none does).
 */
export function certifyDual(
  problem: GramProblem,
  solverMultipliers: ReadonlyMap<string, number>,
  name: string,
): { multipliers: [string, number][]; eta: number; value: number } {
  const multipliers: [string, number][] = [...solverMultipliers.entries()]
    .filter(([, y]) => y > 0)
    .map(([k, y]) => [k, y]);
  const d = dualResidual(problem, multipliers, name);
  let eta = 0;
  let upper = upperBound(problem, d, 0);
  for (let e = -16; upper === null && e <= 0; e += 0.25) {
    eta = 10 ** e;
    upper = upperBound(problem, d, eta);
  }
  return { multipliers, eta, value: upper ?? Infinity };
}

/**
 * The certified upper bound of stored multipliers and shift budget η on a problem, or CertificateError
 * when a multiplier is negative or names no inequality, or the shifted dual slack is not PSD.
 */
export function verifiedUpperBound(
  problem: GramProblem,
  multipliers: readonly [string, number][],
  eta: number,
  name: string,
): number {
  const upper = upperBound(problem, dualResidual(problem, multipliers, name), eta);
  if (upper === null) throw new CertificateError(name, `dual slack matrix is not PSD with shift budget η = ${eta}`);
  return upper;
}

/** Lower and upper bounds agree to AGREEMENT_RTOL and equal the stored values (1e-12): else CertificateError. */
export function checkAgreement(
  name: string,
  lower: number,
  upper: number,
  stored: { primal: number; dual: number },
): void {
  const scale = Math.max(Math.abs(upper), Math.abs(lower), 1e-300);
  if (!(upper - lower <= AGREEMENT_RTOL * scale && lower - upper <= AGREEMENT_RTOL * scale))
    throw new CertificateError(
      name,
      `lower ${lower} and upper ${upper} differ by more than ${AGREEMENT_RTOL} relative`,
    );
  if (!(Math.abs(lower - stored.primal) <= 1e-12 * scale && Math.abs(upper - stored.dual) <= 1e-12 * scale))
    throw new CertificateError(
      name,
      `stale: recomputed bounds [${lower}, ${upper}] differ from the stored [${stored.primal}, ${stored.dual}]`,
    );
}

/** What a certificate keeps of the solve that found it (both kinds of certificate: the stochastic one too). */
export function solverRecord(sol: GramSolution): PepCertificate['solver'] {
  return {
    name: sol.solver,
    tolerance: sol.tolerance,
    code: sol.code,
    status: sol.status,
    primalObjective: sol.primalObjective,
    dualObjective: sol.dualObjective,
    rounds: sol.rounds,
    generated: sol.generated,
    total: sol.total,
    seconds: Math.round(sol.seconds * 1000) / 1000,
    roundLog: sol.roundLog.map((r) => ({
      m: r.m,
      solverSeconds: Math.round(r.solverSeconds * 1000) / 1000,
      otherSeconds: Math.round(r.otherSeconds * 1000) / 1000,
      ...(r.interior ? { interior: true as const } : {}),
    })),
  };
}

/** Builds the certificate of a solution: factor the Gram matrix, find the smallest PSD shift that certifies the dual. */
export function buildCertificate(name: string, sol: PepSolution, point?: GridPoint): PepCertificate {
  const layout = sol.layout;
  const { V, r } = gramFactor(sol.P, layout.n);
  const cert: PepCertificate = {
    format: CERTIFICATE_FORMAT,
    version: CERTIFICATE_VERSION,
    name,
    ...(point ? { point } : {}),
    spec: layout.spec,
    method: { steps: Array.from(layout.steps), weights: Array.from(layout.weights) },
    solver: solverRecord(sol),
    primal: { r, n: layout.n, V: Array.from(V), f: Array.from(sol.f), value: NaN },
    dual: certifyDual(pepGramProblem(layout), sol.multipliers, name),
  };
  cert.primal.value = primalValue(cert, layout).lower;
  return cert;
}

function primalValue(cert: PepCertificate, layout: PepLayout): { lower: number; maxViolation: number } {
  const { r, n } = cert.primal;
  const V = Float64Array.from(cert.primal.V);
  if (n !== layout.n || V.length !== r * n || cert.primal.f.length !== layout.nf)
    throw new CertificateError(
      cert.name,
      `stale: primal has n = ${n}, ${cert.primal.f.length} scalars; the problem has n = ${layout.n}, ${layout.nf}`,
    );
  const basis = Array.from({ length: n }, (_, i) => column(V, r, n, i));
  // The method runs on the explicit vectors: x_t = x_{t−1} − α_t(g_{t−1} + h_t), w̄ = Σ λ_t x_t, so every
  // method equation holds by construction and every inequality is checked on these points.
  const inst = pepInstance(numericAlgebra(r), layout, basis, cert.primal.f);
  return checkedPrimal(cert.name, inst, cert.primal.f);
}

/**
 * The lower bound a primal certifies: its objective, once every scalar is ≥ 0 and every inequality
 * holds to PRIMAL_TOL on the explicit vectors (any method whose instance lists its inequalities: the
 * deterministic PEP here, SGD's scenario tree in stochastic/certificate.ts).
 */
export function checkedPrimal(
  name: string,
  inst: { inequalities: readonly { key: string; value: () => number }[]; objective: number },
  scalars: readonly number[],
): { lower: number; maxViolation: number } {
  let maxViolation = -Infinity;
  let worst = '';
  for (const q of inst.inequalities) {
    const v = q.value();
    if (!(v <= maxViolation)) {
      maxViolation = v;
      worst = q.key;
    }
  }
  for (const [j, v] of scalars.entries())
    if (!(v >= -PRIMAL_TOL)) throw new CertificateError(name, `primal scalar ${j} = ${v} is negative`);
  if (!(maxViolation <= PRIMAL_TOL))
    throw new CertificateError(name, `primal inequality ${worst} violated by ${maxViolation} > ${PRIMAL_TOL}`);
  return { lower: inst.objective, maxViolation };
}

/**
 * Verifies a certificate against the current code: the method (steps, weights) must be the one solved;
 * the primal must satisfy every inequality to PRIMAL_TOL (certified lower bound: its measure); the
 * multipliers must be ≥ 0 with a PSD dual slack (certified upper bound); the two must agree to
 * AGREEMENT_RTOL and match the values stored. Throws CertificateError naming what failed.
 */
export function verifyCertificate(cert: PepCertificate): CertifiedBounds {
  const name = cert.name ?? '(unnamed)';
  checkFormat(cert, CERTIFICATE_FORMAT, CERTIFICATE_VERSION);
  checkPoint(cert, cert.point ? pointSpec(cert.point) : null);
  const layout = pepLayout(cert.spec);
  checkMethod(cert, layout, 'npm run pep');
  const { lower, maxViolation } = primalValue(cert, layout);
  const upper = verifiedUpperBound(pepGramProblem(layout), cert.dual.multipliers, cert.dual.eta, name);
  checkAgreement(name, lower, upper, { primal: cert.primal.value, dual: cert.dual.value });
  return { lower, upper, maxViolation };
}
