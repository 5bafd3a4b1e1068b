import { averagerName } from '../engine/averaging';
import { getTheorem } from '../catalog/registry';
import { certificateFor, type CertificateFound, type CertificateLookup } from '../pep/cache';
import { pointName, pointSpec, THEOREM_SCHEDULE, type GridPoint } from '../pep/grid';
import { theoremScope } from './judge';
import { CERTIFICATE_DIR } from '../pep/store';

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

/** Where a point's certificate may come from: the cache and progress messages (the committed grid always). */
export type PointLookup = Pick<CertificateLookup, 'cacheDir' | 'onProgress'>;

/** The certified worst case at a point: the committed certificate or a cached one when it verifies, else a fresh solve. */
export function certifiedPoint(point: GridPoint, lookup: PointLookup = {}): Promise<CertificateFound> {
  return certificateFor(pointSpec(point), {
    ...lookup,
    committedDirs: [CERTIFICATE_DIR],
    name: pointName(point),
    point,
  });
}

export async function pepPoint(
  theorem: string,
  at: Omit<GridPoint, 'schedule'>,
  lookup: PointLookup = {},
): Promise<PepPointResult> {
  const point: GridPoint = { schedule: THEOREM_SCHEDULE[theorem], ...at };
  const { cert, bounds, source } = await certifiedPoint(point, lookup);
  const { lower, upper } = bounds;
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
