import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorruptFileError } from '../../errors';
import { CertificateError, type CertifiedBounds } from '../certificate';
import { certificatePath, readCertificateFile } from '../store';
import { verifyStochasticCertificate, type StochasticCertificate } from './certificate';

/** Where the committed stochastic certificates live (one JSON file per grid point). */
export const STOCHASTIC_CERTIFICATE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'certificates',
  'pep-stochastic',
);

/** The committed certificate of a point name, or null when there is no file. */
export function readStochasticCertificate(
  name: string,
  dir = STOCHASTIC_CERTIFICATE_DIR,
): StochasticCertificate | null {
  const path = certificatePath(name, dir);
  return existsSync(path) ? readCertificateFile<StochasticCertificate>(path) : null;
}

export interface CommittedStochastic {
  verified: { cert: StochasticCertificate; bounds: CertifiedBounds }[];
  rejected: { name: string; reason: string }[];
}

let cache: CommittedStochastic | undefined;

/** Reads and verifies every committed stochastic certificate once per process; one that fails is only listed. */
export function committedStochastic(dir = STOCHASTIC_CERTIFICATE_DIR): CommittedStochastic {
  if (cache && dir === STOCHASTIC_CERTIFICATE_DIR) return cache;
  const out: CommittedStochastic = { verified: [], rejected: [] };
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  for (const f of files.sort()) {
    try {
      const cert = readCertificateFile<StochasticCertificate>(join(dir, f));
      out.verified.push({ cert, bounds: verifyStochasticCertificate(cert) });
    } catch (err) {
      if (!(err instanceof CertificateError || err instanceof CorruptFileError)) throw err;
      out.rejected.push({ name: f, reason: err.message });
    }
  }
  if (dir === STOCHASTIC_CERTIFICATE_DIR) cache = out;
  return out;
}
