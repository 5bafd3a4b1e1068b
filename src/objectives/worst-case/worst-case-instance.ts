import { InvalidParameterError } from '../../errors';
import type { CertificateLookup } from '../../pep/cache';
import { worstCase as certifiedWorstCase, type WorstCase, type WorstCaseProblem } from '../../pep/worst-case';
import { worstCaseFromCertificate, type WorstCaseInstance } from './from-certificate';

/**
 * The public `worstCase`: the certified worst case of a problem (src/pep/worst-case.ts) together with
 * the instance the engine runs to its lower end, rebuilt from the primal of `lowerCertificate`
 * (docs/theory/worst-case-instances.md). Performance estimation sits below the objectives, so the
 * rebuild is attached here rather than in src/pep.
 */
export interface WorstCaseWithInstance extends WorstCase {
  /**
   * The explicit function, domain and oracle on which the engine's run from x_0 = 0 measures `lower`
   * (the round trip in properties/worst-case-round-trip.test.ts); null where no rebuild exists yet.
   */
  instance: WorstCaseInstance | null;
  /** Why `instance` is null: the class or measure the rebuild does not cover, in the builder's words. */
  instanceUnavailable?: string;
}

export async function worstCase(
  problem: WorstCaseProblem,
  options: Omit<CertificateLookup, 'name' | 'point'> = {},
): Promise<WorstCaseWithInstance> {
  const result = await certifiedWorstCase(problem, options);
  try {
    return { ...result, instance: worstCaseFromCertificate(result.lowerCertificate) };
  } catch (e) {
    // Classes and measures without a rebuild (smooth, strongly convex, best iterate) keep their
    // certified values; the reason is returned, never swallowed.
    if (!(e instanceof InvalidParameterError)) throw e;
    return { ...result, instance: null, instanceUnavailable: e.message };
  }
}
