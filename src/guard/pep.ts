import { InvalidParameterError } from '../errors';
import { committedCertificates, type CommittedCertificates } from '../pep/committed';
import { boundChecks, JUDGED_THEOREMS, refutes, certificateReplayCommand } from '../pep-judge/judge';
import { catalogReplayCommand, committedWorstCase, worstCaseOptionsOf } from '../measure/worst-case-check';
import { compileBound } from '../theory/expr';
import type { Theorem } from '../theory/theorem';
import type { MutantResult } from './killMatrix';

/**
 * Convergence mutants judged by the committed PEP certificates (exact worst cases of the deterministic
 * method, docs/theory/pep.md). A mutant below a certified lower bound at some grid point is caught, with
 * that certificate as its counterexample; one at or above the certified upper bound at every grid point
 * it covers cannot be refuted by any deterministic instance there: 'valid-deterministic', counted
 * outside the refutable mutants rather than as a survivor. A catalog theorem whose check is a
 * `worstCaseCheck` is judged the same way by the certificates committed beside its catalog.
 */
export function judgeByCertificates(
  theorem: Theorem,
  results: MutantResult[],
  certificates: CommittedCertificates = committedCertificates(),
): void {
  const catalogChecks = catalogBoundChecks(theorem);
  if (catalogChecks === null && (!JUDGED_THEOREMS.includes(theorem.id) || certificates.verified.length === 0)) return;
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
    const checks: (CatalogBoundCheck & { bound: number })[] = (
      catalogChecks === null
        ? boundChecks(certificates.verified, [theorem.id], mutantAt).map((c) => ({
            ...c,
            replay: certificateReplayCommand(theorem.id, c.point),
          }))
        : catalogChecks.map((c) => ({ ...c, bound: mutantAt(theorem.id, c.scope) }))
    ).filter((c) => Number.isFinite(c.bound));
    if (checks.length === 0) continue;
    const refuting = checks.filter((c) => refutes(c)).sort((a, b) => a.bound / a.lower - b.bound / b.lower)[0];
    if (refuting) {
      if (r.status !== 'caught') {
        r.status = 'caught';
        r.caughtBy = 'pep';
      }
      r.note = `${r.note ? `${r.note}; ` : ''}certificate ${refuting.certificate}: mutant ${refuting.bound.toPrecision(6)} < certified worst case ${refuting.lower.toPrecision(6)} (${refuting.replay})`;
    } else if (r.status !== 'caught' && checks.every((c) => c.bound >= c.upper)) {
      r.status = 'valid-deterministic';
      r.note = `${r.note ? `${r.note}; ` : ''}≥ the certified worst case at all ${checks.length} grid points it covers`;
    }
  }
}

/** One committed worst case of a catalog theorem (worstCaseCheck), in the shape `boundChecks` gives. */
interface CatalogBoundCheck {
  certificate: string;
  scope: Record<string, number>;
  lower: number;
  upper: number;
  replay: string;
}

/**
 * The committed worst cases of a catalog theorem whose check is a `worstCaseCheck`, one per committed
 * point (points whose certificates are missing are skipped: the check itself reports them as errors); null for
 * any other theorem.
 */
function catalogBoundChecks(theorem: Theorem): CatalogBoundCheck[] | null {
  const options = worstCaseOptionsOf(theorem);
  if (options === null) return null;
  const out: CatalogBoundCheck[] = [];
  for (const at of options.points) {
    try {
      const w = committedWorstCase(theorem, options, at);
      out.push({
        certificate: w.certificates.join(' + '),
        scope: w.scope,
        lower: w.lower,
        upper: w.upper,
        replay: catalogReplayCommand(theorem.id, at),
      });
    } catch (err) {
      if (!(err instanceof InvalidParameterError)) throw err;
    }
  }
  return out;
}
