import { existsSync } from 'node:fs';
import { readdir, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../io/atomic';
import { readJsonFile } from '../io/json-file';
import type { PepCertificate } from './certificate';

/** Where the committed certificates live (one JSON file per grid point). */
export const CERTIFICATE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'certificates', 'pep');

/** The large grid's certificates (grid.ts, largeGrid). */
export const LARGE_CERTIFICATE_DIR = join(CERTIFICATE_DIR, '..', 'pep-large');

export function certificatePath(name: string, dir = CERTIFICATE_DIR): string {
  return join(dir, `${name}.json`);
}

/** Reads a certificate; null when the file does not exist; CorruptFileError (file, line) when it is not JSON. */
export async function readCertificate<C = PepCertificate>(path: string): Promise<C | null> {
  return existsSync(path) ? readCertificateFile<C>(path) : null;
}

/** A certificate file parsed, or CorruptFileError naming the file and the line (verification is certificate.ts's). */
export function readCertificateFile<C = PepCertificate>(path: string): C {
  return readJsonFile<C>(path, 'certificate file', (v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'expected a certificate object',
  );
}

/** Every committed certificate file name, sorted. */
export async function listCertificates(dir = CERTIFICATE_DIR): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Writes a certificate (of any PEP: deterministic or stochastic) so that an interruption never leaves a partial file (src/io/atomic.ts). */
export async function writeCertificate(cert: { name: string }, dir = CERTIFICATE_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = certificatePath(cert.name, dir);
  writeFileAtomic(path, JSON.stringify(cert) + '\n');
  return path;
}
