import {
  certifyDual,
  CertificateError,
  checkAgreement,
  checkedPrimal,
  checkFormat,
  checkMethod,
  checkPoint,
  solverRecord,
  verifiedUpperBound,
  type CertifiedBounds,
  type PepCertificate,
} from '../certificate';
import { gramFactor } from '../factor';
import type { GramSolution } from '../solve';
import { stochasticPointSpec, type StochasticGridPoint } from './grid';
import { InvalidParameterError } from '../../errors';
import {
  explicitInstance,
  stochasticGramProblem,
  stochasticLayout,
  type StochasticLayout,
  type StochasticPepSpec,
} from './problem';

/**
 * A certificate of the stochastic PEP (problem.ts), in the shape of the deterministic ones: the primal as
 * an explicit Gram factor (n component functions and a set through their points: a lower bound on the worst
 * expected gap) and the dual multipliers (a proof: an upper bound). Verified without a solver.
 */
const STOCHASTIC_CERTIFICATE_FORMAT = 'fwa-theorems/pep-stochastic-certificate';
const STOCHASTIC_CERTIFICATE_VERSION = 1;

export interface StochasticCertificate {
  format: typeof STOCHASTIC_CERTIFICATE_FORMAT;
  version: typeof STOCHASTIC_CERTIFICATE_VERSION;
  name: string;
  point?: StochasticGridPoint;
  spec: StochasticPepSpec;
  /** α_0..α_T and λ_0..λ_T when solved: a change in the engine makes the certificate stale. */
  method: { steps: number[]; weights: number[] };
  solver: PepCertificate['solver'];
  /** Gram factor V (r × n, row-major), the scalars f, and the certified expected gap of this instance. */
  primal: { r: number; n: number; V: number[]; f: number[]; value: number };
  dual: { multipliers: [string, number][]; eta: number; value: number };
}

/** The certificate's problem, or CertificateError naming what in its spec is invalid (a damaged file). */
function layoutOf(cert: StochasticCertificate): StochasticLayout {
  try {
    return stochasticLayout(cert.spec);
  } catch (err) {
    if (err instanceof InvalidParameterError || err instanceof TypeError)
      throw new CertificateError(cert.name, `invalid spec: ${err.message}`);
    throw err;
  }
}

/** The primal's expected gap, after checking every inequality to PRIMAL_TOL on the explicit vectors. */
function primalValue(cert: StochasticCertificate): { lower: number; maxViolation: number } {
  const L = layoutOf(cert);
  const { r, n } = cert.primal;
  if (n !== L.n || cert.primal.V.length !== r * n || cert.primal.f.length !== L.nf)
    throw new CertificateError(
      cert.name,
      `stale: primal has n = ${n}, ${cert.primal.f.length} scalars; the problem has n = ${L.n}, ${L.nf}`,
    );
  // SGD runs over the whole tree on these vectors, so every method equation holds by construction.
  const inst = explicitInstance(L, Float64Array.from(cert.primal.V), r, cert.primal.f);
  return checkedPrimal(cert.name, inst, cert.primal.f);
}

export function buildStochasticCertificate(
  name: string,
  spec: StochasticPepSpec,
  sol: GramSolution,
  point?: StochasticGridPoint,
): StochasticCertificate {
  const L = stochasticLayout(spec);
  const { V, r } = gramFactor(sol.P, L.n);
  const cert: StochasticCertificate = {
    format: STOCHASTIC_CERTIFICATE_FORMAT,
    version: STOCHASTIC_CERTIFICATE_VERSION,
    name,
    ...(point ? { point } : {}),
    spec,
    method: { steps: Array.from(L.steps), weights: Array.from(L.weights) },
    solver: solverRecord(sol),
    primal: { r, n: L.n, V: Array.from(V), f: Array.from(sol.f), value: NaN },
    dual: certifyDual(stochasticGramProblem(L), sol.multipliers, name),
  };
  cert.primal.value = primalValue(cert).lower;
  return cert;
}

/**
 * Verifies a stochastic certificate against the current code (method, primal to PRIMAL_TOL, dual PSD,
 * agreement to 1e-6): the same checks as the deterministic verifier, on the scenario-tree problem.
 */
export function verifyStochasticCertificate(cert: StochasticCertificate): CertifiedBounds {
  const name = cert.name ?? '(unnamed)';
  checkFormat(cert, STOCHASTIC_CERTIFICATE_FORMAT, STOCHASTIC_CERTIFICATE_VERSION);
  checkPoint(cert, cert.point ? stochasticPointSpec(cert.point) : null);
  const L = layoutOf(cert);
  checkMethod(cert, L, 'npm run pep:stochastic');
  const { lower, maxViolation } = primalValue(cert);
  const upper = verifiedUpperBound(stochasticGramProblem(L), cert.dual.multipliers, cert.dual.eta, name);
  checkAgreement(name, lower, upper, { primal: cert.primal.value, dual: cert.dual.value });
  return { lower, upper, maxViolation };
}
