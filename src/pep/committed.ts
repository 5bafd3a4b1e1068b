import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateError, verifyCertificate, type CertifiedBounds, type PepCertificate } from './certificate';
import { CorruptFileError } from '../errors';
import { CERTIFICATE_DIR, readCertificateFile } from './store';

/** The committed certificates that verify, and the names of those that do not (with the reason). */
export interface CommittedCertificates {
  verified: { cert: PepCertificate; bounds: CertifiedBounds }[];
  rejected: { name: string; reason: string }[];
}

let cache: CommittedCertificates | undefined;

/**
 * Reads and verifies every committed certificate once per process (the audit report and the guard read
 * them synchronously; `npm test` verifies each file by name in properties/pep-certificates.test.ts).
 * A certificate that does not verify is never used, only listed.
 */
export function committedCertificates(dir = CERTIFICATE_DIR): CommittedCertificates {
  if (cache && dir === CERTIFICATE_DIR) return cache;
  const out: CommittedCertificates = { verified: [], rejected: [] };
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const f of files.sort()) {
    try {
      // A damaged file (CorruptFileError: file and line) is listed like one that does not verify.
      const cert = readCertificateFile(join(dir, f));
      out.verified.push({ cert, bounds: verifyCertificate(cert) });
    } catch (err) {
      if (!(err instanceof CertificateError || err instanceof CorruptFileError)) throw err;
      out.rejected.push({ name: f, reason: err.message });
    }
  }
  if (dir === CERTIFICATE_DIR) cache = out;
  return out;
}
