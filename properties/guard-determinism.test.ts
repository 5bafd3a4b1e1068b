/**
 * The guard is a function of its seed and options: every budget counts check runs, and the
 * tightness search does not start from the ledger it merges into, so running it again on the ledger it
 * wrote reproduces that ledger byte for byte (the committed properties/ledger.json is such a fixed
 * point of a default `npm run guard`), and without --write-ledger the file is not touched.
 * Two cheap theorems (a pathwise bound with one replicate, a relation between bounds), small budgets.
 * Replay: FWA_SEED=<seed> npx vitest run properties/guard-determinism.test.ts
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGuard, type GuardOptions } from '../src/guard/run';
import { currentProfile } from '../src/profile';

const profile = currentProfile();
const tmp = mkdtempSync(join(tmpdir(), 'fwa-guard-det-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const options = (ledgerPath: string, writeLedger: boolean): GuardOptions => ({
  profile,
  theorems: ['fwa-coupling-pathwise-convex', 'fwa-stability-convex-constant-step-ratio'],
  samples: 6,
  replicates: 1,
  confirmations: 1,
  searchEvaluations: 24,
  mutantSearchEvaluations: 0,
  mutantSearchFrom: 2,
  shape: false,
  writeLedger,
  ledgerPath,
  log: () => {},
});

describe(`guard determinism (seed ${profile.seed})`, () => {
  it('a run on the ledger it wrote writes the same bytes; without --write-ledger nothing is written', () => {
    const path = join(tmp, 'ledger.json');
    runGuard(options(path, true));
    const first = readFileSync(path, 'utf8');
    expect(JSON.parse(first).entries.map((e: { theorem: string }) => e.theorem)).toEqual([
      'fwa-coupling-pathwise-convex',
      'fwa-stability-convex-constant-step-ratio',
    ]);
    runGuard(options(path, true));
    expect(readFileSync(path, 'utf8'), `replay: FWA_SEED=${profile.seed}`).toBe(first);
    const mtime = statSync(path).mtimeMs;
    const fresh = join(tmp, 'untouched.json');
    runGuard(options(fresh, false));
    expect(existsSync(fresh)).toBe(false);
    runGuard(options(path, false));
    expect(statSync(path).mtimeMs).toBe(mtime);
  });
});
