import { open, readFile, readdir, rename, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PepCertificate } from './certificate';

/** Where the committed certificates live (one JSON file per grid point). */
export const CERTIFICATE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'certificates', 'pep');

export function certificatePath(name: string, dir = CERTIFICATE_DIR): string {
  return join(dir, `${name}.json`);
}

/** Reads a certificate; null when the file does not exist. */
export async function readCertificate(path: string): Promise<PepCertificate | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PepCertificate;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
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

/**
 * Writes a certificate so that an interruption never leaves a partial file: a temporary file in the same
 * directory, fsync, then rename over the target (atomic on POSIX file systems).
 */
export async function writeCertificate(cert: PepCertificate, dir = CERTIFICATE_DIR): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = certificatePath(cert.name, dir);
  const tmp = `${path}.${process.pid}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(cert) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  return path;
}
