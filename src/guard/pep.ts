import { committedCertificates, type CommittedCertificates } from '../pep/committed';
import { boundChecks, JUDGED_THEOREMS, refutes, certificateReplayCommand } from '../pep-judge/judge';
import { compileBound } from '../theory/expr';
import type { Theorem } from '../theory/theorem';
import type { MutantResult } from './killMatrix';

/**
 * Convergence mutants judged by the committed PEP certificates (exact worst cases of the deterministic
 * method, docs/theory/pep.md). A mutant below a certified lower bound at some grid point is caught, with
 * that certificate as its counterexample; one at or above the certified upper bound at every grid point
 * it covers cannot be refuted by any deterministic instance there: 'valid-deterministic', counted
 * outside the refutable mutants rather than as a survivor.
 */
export function judgeByCertificates(
  theorem: Theorem,
  results: MutantResult[],
  certificates: CommittedCertificates = committedCertificates(),
): void {
  if (!JUDGED_THEOREMS.includes(theorem.id) || certificates.verified.length === 0) return;
  for (const r of results) {
    if (r.status === 'not-evaluable') continue;
    const compiled = compileBound(r.expression);
    const mutantAt = (_t: string, scope: Record<string, number>): number => {
      try {
        return compiled.evaluate(scope);
      } catch {
        return NaN;
      }
    };
    const checks = boundChecks(certificates.verified, [theorem.id], mutantAt).filter((c) => Number.isFinite(c.bound));
    if (checks.length === 0) continue;
    const refuting = checks.filter(refutes).sort((a, b) => a.bound / a.lower - b.bound / b.lower)[0];
    if (refuting) {
      if (r.status !== 'caught') {
        r.status = 'caught';
        r.caughtBy = 'pep';
      }
      r.note = `${r.note ? `${r.note}; ` : ''}certificate ${refuting.certificate}: mutant ${refuting.bound.toPrecision(6)} < certified worst case ${refuting.lower.toPrecision(6)} (${certificateReplayCommand(theorem.id, refuting.point)})`;
    } else if (r.status !== 'caught' && checks.every((c) => c.bound >= c.upper)) {
      r.status = 'valid-deterministic';
      r.note = `${r.note ? `${r.note}; ` : ''}≥ the certified worst case at all ${checks.length} grid points it covers`;
    }
  }
}
