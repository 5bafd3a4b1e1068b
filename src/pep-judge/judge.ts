import { szHorizonForEngineSteps } from '../engine/convention';
import { getTheorem } from '../catalog/registry';
import type { Scope } from '../theory/scope';
import type { TheoremStatus } from '../theory/theorem';
import type { CertifiedBounds, PepCertificate } from '../pep/certificate';
import { THEOREM_SCHEDULE, type GridPoint } from '../pep/grid';

/**
 * Convergence bounds against certified worst cases. A certificate's lower bound is the gap of an
 * explicit deterministic instance, so any bound on E[F(w̄) − F*] over the class must be ≥ it: an
 * [S]/[D] bound below is a bug (in the bound or in the PEP), a [P] reading below is a finding.
 */

/** The convergence theorems the certificates can judge (their schedule is in the grid). */
export const JUDGED_THEOREMS: readonly string[] = Object.keys(THEOREM_SCHEDULE);

/**
 * The scope, in the theorem's own (Shamir–Zhang) convention, at which a theorem speaks about a grid
 * point: the same schedule, an FWA window (or the last iterate, k = 1), horizon T + 1 for T engine
 * steps, D = G = 1; null when the theorem does not cover the point or its hypotheses fail there.
 */
export function theoremScope(theorem: string, point: GridPoint): Scope | null {
  if (THEOREM_SCHEDULE[theorem] !== point.schedule) return null;
  const a = point.averager;
  const k = a.kind === 'fwa' ? a.k : a.kind === 'last' ? 1 : null;
  if (k === null || k > point.T) return null;
  if (theorem === 'sz13-last-iterate' && k !== 1) return null;
  const scope: Scope = { T: szHorizonForEngineSteps(point.T), k, c: point.c, D: 1, G: 1 };
  return getTheorem(theorem).hypotheses.every((h) => h.check(scope) === null) ? scope : null;
}

export interface BoundCheck {
  certificate: string;
  theorem: string;
  status: TheoremStatus;
  point: GridPoint;
  scope: Scope;
  bound: number;
  lower: number;
  upper: number;
}

/** The command that re-solves a point and prints bound, lower and upper. */
export function certificateReplayCommand(theorem: string, point: GridPoint): string {
  const k = point.averager.kind === 'fwa' ? point.averager.k : 1;
  return `npx fwa-theorems pep --theorem ${theorem} --T ${point.T} --k ${k} --c ${point.c}`;
}

/**
 * Every (theorem, certificate) pair where the theorem speaks, with its bound (by default the registry's;
 * the guard passes a mutant's) beside the certified worst case.
 */
export function boundChecks(
  verified: readonly { cert: Pick<PepCertificate, 'name' | 'point'>; bounds: CertifiedBounds }[],
  theorems: readonly string[] = JUDGED_THEOREMS,
  bound: (theorem: string, scope: Scope) => number = (t, s) => getTheorem(t).evaluate(s),
): BoundCheck[] {
  const out: BoundCheck[] = [];
  for (const theorem of theorems)
    for (const { cert, bounds } of verified) {
      if (!cert.point) continue;
      const scope = theoremScope(theorem, cert.point);
      if (scope === null) continue;
      out.push({
        certificate: cert.name,
        theorem,
        status: getTheorem(theorem).status,
        point: cert.point,
        scope,
        bound: bound(theorem, scope),
        lower: bounds.lower,
        upper: bounds.upper,
      });
    }
  return out;
}

/** A bound below the certified lower bound (relative slack 1e-12 for the bound's own rounding). */
export function refutes(c: Pick<BoundCheck, 'bound' | 'lower'>): boolean {
  return c.bound < c.lower * (1 - 1e-12);
}
