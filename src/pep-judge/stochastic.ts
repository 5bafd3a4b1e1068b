import type { Scope } from '../theory/scope';
import type { CertifiedBounds } from '../pep/certificate';
import { boundChecks, JUDGED_THEOREMS, type BoundCheck } from './judge';
import type { StochasticCertificate } from '../pep/stochastic/certificate';
import { deterministicPoint } from '../pep/stochastic/grid';

/**
 * Convergence bounds against the certified stochastic worst cases. The theorems bound E[F(w̄) − F*] for SGD
 * with E‖ĝ‖² ≤ G², so a stochastic certificate under either hypothesis (the Lipschitz class is inside the
 * second-moment one) is an instance they cover: an [S]/[D] bound below its lower bound is a bug. A theorem
 * speaks at the scope of the deterministic point of the same method: the pairs are judge.ts's boundChecks
 * of those points.
 */
export function stochasticBoundChecks(
  verified: readonly { cert: StochasticCertificate; bounds: CertifiedBounds }[],
  theorems: readonly string[] = JUDGED_THEOREMS,
  bound?: (theorem: string, scope: Scope) => number,
): BoundCheck[] {
  const asDeterministic = verified.flatMap(({ cert, bounds }) =>
    cert.point ? [{ cert: { name: cert.name, point: deterministicPoint(cert.point) }, bounds }] : [],
  );
  return boundChecks(asDeterministic, theorems, bound);
}
