import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PepCertificate } from './certificate';
import { certificatePath, listCertificates, readCertificate, writeCertificate } from './store';

describe('certificate files', () => {
  it('are written whole (temporary file, fsync, rename) and read back identical; no temporary file remains', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fwa-pep-store-'));
    try {
      const cert = { name: 'x-T1', version: 1, primal: { value: 0.5 } } as unknown as PepCertificate;
      await writeCertificate(cert, dir);
      await writeCertificate({ ...cert, primal: { value: 0.25 } } as unknown as PepCertificate, dir);
      expect(await readdir(dir)).toEqual(['x-T1.json']);
      expect(await listCertificates(dir)).toEqual(['x-T1.json']);
      expect((await readCertificate(certificatePath('x-T1', dir)))?.primal.value).toBe(0.25);
      expect(await readCertificate(certificatePath('missing', dir))).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
