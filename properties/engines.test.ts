/**
 * The Node versions package.json declares (`engines.node`) are the ones the locked packages accept:
 *   - every locked runtime package (not dev-only) accepts the lowest declared version, so on that
 *     Node a checkout (`npm ci`) and an install of the package (the same runtime versions: exact pins
 *     where a later release drops Node 20, never `overrides`, which npm ignores in a dependency; see
 *     docs/development.md) print no EBADENGINE and the CLI runs;
 *   - every locked package, dev tools included, accepts the Node running this test, which is what
 *     `npm ci` checks when it prints EBADENGINE.
 * A package of a newer major that drops a Node the project still declares (commander 15, required by
 * KaTeX from 0.18.5 on, wants Node ≥ 22.12) fails here, naming the package, its range and the fix.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
}

const root = new URL('..', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, LockedPackage>;
};

/** Locked packages (path, version, node range) that do not accept Node `version`. */
function refusing(version: string, include: (p: LockedPackage) => boolean): string[] {
  return Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && include(p) && p.engines?.node !== undefined)
    .filter(([, p]) => !semver.satisfies(version, p.engines!.node!))
    .map(([path, p]) => `${path}@${p.version} wants node ${p.engines!.node}`);
}

const FIX =
  'pin a major that supports it (npm install <pkg>@<major>); for a package pulled in by another, pin that ' +
  'one to its last release on a supporting major (npm install <parent>@<version> --save-exact); or raise engines.node';

describe(`engines: package.json declares node ${pkg.engines.node}`, () => {
  const lowest = semver.minVersion(pkg.engines.node)!.version;

  it(`every runtime package accepts the lowest declared Node (${lowest})`, () => {
    expect(
      refusing(lowest, (p) => p.dev !== true),
      FIX,
    ).toEqual([]);
  });

  it(`every locked package accepts the Node running the tests (${process.version}): npm ci prints no EBADENGINE`, () => {
    expect(
      refusing(process.version, () => true),
      FIX,
    ).toEqual([]);
  });

  it('a package that wants a newer Node is named (the check can fail)', () => {
    const saved = lock.packages['node_modules/commander'];
    lock.packages['node_modules/commander'] = { ...saved, engines: { node: '>=22.12.0' } };
    try {
      expect(refusing('20.0.0', (p) => p.dev !== true)).toEqual([
        `node_modules/commander@${saved.version} wants node >=22.12.0`,
      ]);
    } finally {
      lock.packages['node_modules/commander'] = saved;
    }
  });
});
