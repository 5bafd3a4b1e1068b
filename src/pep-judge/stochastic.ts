import { getTheorem } from '../catalog/registry';
import type { Scope } from '../theory/scope';
import type { CertifiedBounds } from '../pep/certificate';
import { JUDGED_THEOREMS, theoremScope, type BoundCheck } from './judge';
import type { StochasticCertificate } from '../pep/stochastic/certificate';
import { deterministicPoint } from '../pep/stochastic/grid';

/**
 * Convergence bounds against the certified stochastic worst cases. The theorems bound E[F(w̄) − F*] for SGD
 * with E‖ĝ‖² ≤ G², so a stochastic certificate under either hypothesis (the Lipschitz class is inside the
 * second-moment one) is an instance they cover: an [S]/[D] bound below its lower bound is a bug. A theorem
 * speaks at the scope of the deterministic point of the same method (judge.ts theoremScope).
 */
export function stochasticBoundChecks(
  verified: readonly { cert: StochasticCertificate; bounds: CertifiedBounds }[],
  theorems: readonly string[] = JUDGED_THEOREMS,
  bound: (theorem: string, scope: Scope) => number = (t, s) => getTheorem(t).evaluate(s),
): BoundCheck[] {
  const out: BoundCheck[] = [];
  for (const theorem of theorems)
    for (const { cert, bounds } of verified) {
      if (!cert.point) continue;
      const point = deterministicPoint(cert.point);
      const scope = theoremScope(theorem, point);
      if (scope === null) continue;
      out.push({
        certificate: cert.name,
        theorem,
        status: getTheorem(theorem).status,
        point,
        scope,
        bound: bound(theorem, scope),
        lower: bounds.lower,
        upper: bounds.upper,
      });
    }
  return out;
}
