import { averagerName } from '../engine/averaging';
import { getTheorem } from '../catalog/registry';
import { buildCertificate, CertificateError, verifyCertificate, type PepCertificate } from '../pep/certificate';
import { pointName, pointSpec, THEOREM_SCHEDULE, type GridPoint } from '../pep/grid';
import { theoremScope } from './judge';
import { certificatePath, readCertificate } from '../pep/store';
import { solvePep } from '../pep/solve';

/** What `fwa-theorems pep` reports for one point. */
export interface PepPointResult {
  theorem: string;
  point: GridPoint;
  averagerName: string;
  /** The theorem's bound at the point (its own convention), or null when it does not cover the point. */
  bound: number | null;
  boundNote?: string;
  lower: number;
  upper: number;
  ratioLower: number | null;
  ratioUpper: number | null;
  /** Where the certificate came from: the committed grid, or a fresh CSDP solve. */
  source: string;
  solverStatus: string;
}

/** The certified worst case at a point: the committed certificate when it verifies, else a fresh solve. */
export async function certifiedPoint(point: GridPoint): Promise<{ cert: PepCertificate; source: string }> {
  const name = pointName(point);
  const committed = await readCertificate(certificatePath(name));
  if (committed !== null && JSON.stringify(committed.spec) === JSON.stringify(pointSpec(point))) {
    try {
      verifyCertificate(committed);
      return { cert: committed, source: `committed certificate certificates/pep/${name}.json` };
    } catch (err) {
      if (!(err instanceof CertificateError)) throw err;
    }
  }
  return { cert: buildCertificate(name, await solvePep(pointSpec(point)), point), source: 'solved now with CSDP' };
}

export async function pepPoint(theorem: string, at: Omit<GridPoint, 'schedule'>): Promise<PepPointResult> {
  const point: GridPoint = { schedule: THEOREM_SCHEDULE[theorem], ...at };
  const { cert, source } = await certifiedPoint(point);
  const { lower, upper } = verifyCertificate(cert);
  const scope = theoremScope(theorem, point);
  const bound = scope === null ? null : getTheorem(theorem).evaluate(scope);
  return {
    theorem,
    point,
    averagerName: averagerName(point.averager),
    bound,
    ...(scope === null
      ? {
          boundNote: `${theorem} does not cover ${averagerName(point.averager)} at T = ${point.T} (window or hypotheses)`,
        }
      : {}),
    lower,
    upper,
    ratioLower: bound === null ? null : lower / bound,
    ratioUpper: bound === null ? null : upper / bound,
    source,
    solverStatus: cert.solver.status,
  };
}
