/**
 * Catalogs from anywhere (npm run test:hostile): a .ts, .mts, .js or .mjs catalog in a folder without
 * package.json, in a CommonJS package and in an ESM package, each importing `fwa-theorems` from its own
 * node_modules (a link to this checkout, as `npm install` would place it), loads through the one loader
 * (src/audit/catalog.ts). A catalog whose folder cannot resolve the package is refused naming the
 * package and the fix, not as a broken definition. The packed-tarball install runs in npm run test:pack.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load';
import { BIN, cliEnv, ROOT, runCli } from './cli-process';

const CATALOG = `import { defineTheorem, integerAtLeastHyp, positiveHyp } from 'fwa-theorems';
export const catalog = {
  theorems: [
    defineTheorem({
      id: 'placed', title: 'a catalog placed anywhere', source: 'test', reference: 'test', status: 'classical',
      family: 'convergence', kind: 'upper', convention: 'sz', classes: ['convex-smooth'],
      hypotheses: [integerAtLeastHyp('T', 1), positiveHyp('R'), positiveHyp('L')],
      measure: { description: 'none', mode: 'pathwise' }, bound: 'R * L / sqrt(T)',
      symbols: { T: 'iterates', R: 'radius', L: 'Lipschitz constant' },
    }),
  ],
};
`;
const SCOPES: Record<string, string | null> = { 'no-package-json': null, commonjs: 'commonjs', esm: 'module' };
let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-catalog-places-'));
  for (const [scope, type] of Object.entries(SCOPES)) {
    const dir = join(tmp, scope);
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'fwa-theorems'));
    if (type) writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `c-${scope}`, type }));
    for (const ext of ['ts', 'mts', 'js', 'mjs']) writeFileSync(join(dir, `catalog.${ext}`), CATALOG);
  }
  mkdirSync(join(tmp, 'stray'));
  writeFileSync(join(tmp, 'stray', 'catalog.ts'), CATALOG);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a catalog loads from any folder', () => {
  for (const scope of Object.keys(SCOPES))
    for (const ext of ['ts', 'mts', 'js', 'mjs'])
      it(`${scope}/catalog.${ext}`, async () => {
        const { theorems } = await loadCatalog(join(tmp, scope, `catalog.${ext}`));
        expect(theorems.map((t) => t.id)).toEqual(['placed']);
        expect(theorems[0].evaluate({ T: 4, R: 1, L: 2 })).toBe(1);
      });

  it('a folder that cannot resolve fwa-theorems: the error names the package and the fix (the CLI, exit 2)', () => {
    // Through the binary, from the catalog's folder: in this checkout, tsx would resolve the package
    // through the checkout's tsconfig paths (and vitest through its alias).
    const r = spawnSync(process.execPath, [BIN, 'check', 'catalog.ts'], {
      cwd: join(tmp, 'stray'),
      env: cliEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/imports the package fwa-theorems, which Node cannot find from .*stray/);
    expect(r.stderr).toMatch(/Fix: install it where the catalog can resolve it: npm install fwa-theorems/);
  });

  it('through the CLI from another working directory: check exits 2 only because the theorem has no check', () => {
    const r = runCli(['check', join(tmp, 'no-package-json', 'catalog.ts')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/no theorem has a check/);
    expect(r.stderr).not.toMatch(/Cannot require\(\)|cycle/);
  });
});
