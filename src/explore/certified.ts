import { committedCertificates } from '../pep/committed';
import { boundChecks, JUDGED_THEOREMS } from '../pep-judge/judge';
import type { CertifiedPoint } from './protocol';

/**
 * The committed PEP certificates that verify, as the points each registry theorem speaks about (T
 * engine steps, FWA window k, step scale c, D = G = 1): read and verified once when the page is built,
 * so the page shows only verified worst cases and carries a few kilobytes, not the 3 MB of Gram factors.
 */
export function certifiedPoints(): Record<string, CertifiedPoint[]> {
  const out: Record<string, CertifiedPoint[]> = {};
  for (const c of boundChecks(committedCertificates().verified, JUDGED_THEOREMS)) {
    const a = c.point.averager;
    const k = a.kind === 'fwa' ? a.k : 1;
    (out[c.theorem] ??= []).push({
      T: c.point.T,
      k,
      c: c.point.c,
      lower: c.lower,
      upper: c.upper,
      certificate: c.certificate,
    });
  }
  return out;
}
