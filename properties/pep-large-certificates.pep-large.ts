import { describe, expect, it } from 'vitest';
import { verifyCertificate, type CertifiedBounds, type PepCertificate } from '../src/pep/certificate';
import { largeGrid, pointName } from '../src/pep/grid';
import { boundChecks, refutes, certificateReplayCommand } from '../src/pep-judge/judge';
import { LARGE_CERTIFICATE_DIR, certificatePath, listCertificates, readCertificateFile } from '../src/pep/store';

/**
 * The large PEP grid (k ∈ {1, T/4, T/2, T} at T = 15..40, both schedules, c ∈ {1/2, 1, 2}), verified
 * without a solver like the committed grid (properties/pep-certificates.test.ts), but outside `npm test`:
 * a T = 40 certificate takes 0.1–0.4 s to verify. Every file must be a point of the large grid (a stray or
 * renamed file fails); points not yet solved are listed, not failed (`npm run pep -- --large` solves them).
 */
const files = await listCertificates(LARGE_CERTIFICATE_DIR);
const names = new Set(largeGrid().map((p) => `${pointName(p)}.json`));
const verified: { cert: PepCertificate; bounds: CertifiedBounds }[] = [];

describe('large PEP grid certificates (npm run test:pep-large)', () => {
  it('every file is a point of the large grid', () => {
    expect(files.filter((f) => !names.has(f))).toEqual([]);
    const missing = [...names].filter((n) => !files.includes(n));
    if (missing.length > 0)
      console.info(`large grid: ${missing.length} points not solved yet (npm run pep -- --large)`);
  });

  it.each(files)('%s: primal and dual verify and agree to 1e-6', (file) => {
    const cert = readCertificateFile(certificatePath(file.replace(/\.json$/, ''), LARGE_CERTIFICATE_DIR));
    const bounds = verifyCertificate(cert);
    expect(bounds.upper).toBeGreaterThanOrEqual(bounds.lower);
    verified.push({ cert, bounds });
  });

  it('every [S]/[D] convergence bound is ≥ the certified worst case at every point it covers', () => {
    const bugs = boundChecks(verified).filter((c) => c.status !== 'paper-reading' && refutes(c));
    expect(
      bugs.map(
        (b) =>
          `${b.theorem} bound ${b.bound} < certified worst case ${b.lower} at ${b.certificate}; replay: ${certificateReplayCommand(b.theorem, b.point)}`,
      ),
    ).toEqual([]);
  });
});
