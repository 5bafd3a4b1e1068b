#!/usr/bin/env bash
# npm run test:pack (CI: .ci/run): the package as a user installs it. Packs the checkout (npm pack runs
# the build), installs the tarball into a fresh empty project in a temporary directory, offline (the
# tarball and the local npm cache only: npm ci filled it), writes a catalog there, a .ts file in a
# CommonJS package (npm init's default), and runs `npx fwa-theorems check`, `audit` and `guard` on it.
# Each must exit 0 and say so; a deliberately wrong constant must exit 1 (the installed check has power).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fwa-pack.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "test:pack: $*" >&2; exit 1; }

cd "$work"
tarball=$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -1)
echo "test:pack: packed $tarball ($(du -k "$work/$tarball" | cut -f1) kB)"
# package.json says "license": "MIT"; the tarball carries the text that grants it.
tar -xzOf "$work/$tarball" package/LICENSE 2>/dev/null | grep -q '^MIT License$' ||
  fail "the tarball has no package/LICENSE with the MIT text"
mkdir project && cd project
npm init -y >/dev/null
# Offline: npm ci left the dependencies' tarballs in the npm cache, but not the registry metadata an
# `npm install` resolves versions with. So the project gets a lockfile: the checkout's own, with the
# tarball as its one dependency and the checkout's runtime packages (its dev ones dropped) beside it;
# `npm ci --offline` then installs exactly those versions from the cache.
node - "$repo/package-lock.json" "../$tarball" <<'JS'
const fs = require('node:fs');
const [lockFile, tarball] = process.argv.slice(2);
const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
const own = lock.packages[''];
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
pkg.dependencies = { 'fwa-theorems': `file:${tarball}` };
fs.writeFileSync('package.json', JSON.stringify(pkg, null, 2));
const packages = { '': { name: pkg.name, version: pkg.version, license: pkg.license, dependencies: pkg.dependencies } };
packages['node_modules/fwa-theorems'] = {
  version: own.version, resolved: `file:${tarball}`, license: own.license,
  dependencies: own.dependencies, bin: own.bin, engines: own.engines,
};
for (const [path, entry] of Object.entries(lock.packages))
  if (path.startsWith('node_modules/') && !entry.dev && !entry.link) packages[path] = entry;
fs.writeFileSync('package-lock.json', JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2));
JS
npm ci --offline --no-audit --no-fund >/dev/null || fail "npm ci --offline of the tarball failed (is the npm cache filled by npm ci in the checkout?)"

# A catalog written against the public API only: the README's classical example, and its halved constant.
cp "$repo/examples/subgradient-averaging.ts" theorem.ts
sed -e "s#from './subgradient-averaging'#from './theorem'#" "$repo/examples/subgradient-averaging-wrong.ts" > wrong.ts

npx fwa-theorems check theorem.ts > check.log || fail "check exited $?: $(cat check.log)"
grep -q 'HOLDS .*bubeck15-averaged-subgradient' check.log || fail "check did not report HOLDS: $(cat check.log)"
set +e
npx fwa-theorems check wrong.ts > wrong.log
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "the halved constant: expected exit 1, got $rc: $(cat wrong.log)"
grep -q 'replay: npx fwa-theorems check wrong.ts' wrong.log || fail "no replay command: $(cat wrong.log)"

npx fwa-theorems audit --catalog theorem.ts --out run --threads 2 > audit.log 2>&1 || fail "audit exited $?: $(tail -20 audit.log)"
[ -s run/index.html ] && [ -s run/audit.json ] || fail "audit wrote no report"
grep -q '0 violated \[S\]/\[D\]' audit.log || fail "audit summary: $(tail -5 audit.log)"

npx fwa-theorems guard --catalog theorem.ts --samples 4 --search 4 --mutant-search 0 > guard.log 2>&1 || fail "guard exited $?: $(tail -20 guard.log)"
grep -q 'KILL RATES' guard.log || fail "guard printed no kill rates: $(tail -5 guard.log)"
echo "test:pack: the installed package checks, audits and guards a catalog of its user's ($work removed)"
