/**
 * The worst-instance database (properties/worst/<id>.json, written only by
 * `npx fwa-theorems search --write`), replayed against the registry's CURRENT bounds:
 *   - every file names a registered theorem with a check, and every entry is a trial of it;
 *   - no [S]/[D] theorem is violated by a stored instance, and every exact cell reproduces the
 *     measurement it recorded (else the engine, a generator or a check changed);
 *   - what the database alone catches: a bound scaled by 0.9 (0.5) through the check's bound
 *     override, as the constants guard does, is violated by a stored instance of every theorem whose
 *     best known ratio exceeds 0.9 (0.5). The stored bound vectors and the ledger play no part here.
 * The property harness (properties/harness.ts) also replays these trials first, as fast-check examples.
 */
import { describe, expect, it } from 'vitest';
import { certifiedRatio } from '../src/guard/evaluate';
import type { BoundFn, TrialOutcome } from '../src/theory/check';
import { registry } from '../src/catalog/registry';
import { checkOf, type Theorem } from '../src/theory/theorem';
import { readWorstCases, REGISTRY_WORST_CASES, worstCaseTheorems } from '../src/worst-cases/database';
import { replayEntries, replayProblems, reproduces, type ReplayedEntry } from '../src/worst-cases/replay';

const stored = worstCaseTheorems(REGISTRY_WORST_CASES);
const byId = new Map(registry.map((t) => [t.id, t]));
const rescore = (t: Theorem): string => `npx fwa-theorems search --theorem ${t.id} --write`;

/** The best ratio among replayed entries (against the bound they were replayed with). */
const bestRatio = (rs: readonly ReplayedEntry[]): number =>
  Math.max(-Infinity, ...rs.filter((r) => r.outcome).map((r) => certifiedRatio(r.outcome as TrialOutcome)));

/** Each theorem's entries replayed once against its current bound (the mutants re-run only the best one). */
const replays = new Map<string, ReplayedEntry[]>();
function replayed(t: Theorem): ReplayedEntry[] {
  let r = replays.get(t.id);
  if (!r) replays.set(t.id, (r = replayEntries(checkOf(t), readWorstCases(REGISTRY_WORST_CASES, t.id))));
  return r;
}
/** The entry with the best ratio against the current bound. */
function bestEntry(t: Theorem): ReplayedEntry | undefined {
  return [...replayed(t)]
    .filter((r) => r.outcome)
    .sort((a, b) => certifiedRatio(b.outcome as TrialOutcome) - certifiedRatio(a.outcome as TrialOutcome))[0];
}

/** The theorem's bound × factor, behind its hypotheses (theorem.evaluate checks them). */
const scaled =
  (t: Theorem, factor: number): BoundFn =>
  (s) =>
    factor * t.evaluate(s);

/** The non-convex [S]/[D] upper bounds: the ones with no certificate, for which the database is the evidence. */
const nonconvexBounds = registry.filter(
  (t) =>
    t.kind === 'upper' && t.status !== 'paper-reading' && t.classes.includes('nonconvex-smooth-bounded') && t.check,
);

describe(`worst-instance database ${REGISTRY_WORST_CASES}`, () => {
  it('every file is a registered theorem with a check, holding trials of that theorem', () => {
    expect(stored.length).toBeGreaterThan(0);
    for (const id of stored) {
      expect(byId.has(id), `${id}.json names no registered theorem (renamed? remove the file)`).toBe(true);
      expect(byId.get(id)!.check, `${id} has no check to replay its entries with`).toBeDefined();
      for (const e of readWorstCases(REGISTRY_WORST_CASES, id)) expect(e.trial.theorem).toBe(id);
    }
  });

  it('every non-convex [S]/[D] bound has entries (the search covers them)', () => {
    for (const t of nonconvexBounds) expect(stored, `${t.id}: run ${rescore(t)}`).toContain(t.id);
  });

  for (const id of stored) {
    const theorem = byId.get(id);
    if (!theorem?.check) continue;
    it(`${id} [${theorem.status}]: stored instances replay against the current bound${theorem.status === 'paper-reading' ? '' : ' and hold'}`, () => {
      expect(replayProblems(theorem, replayed(theorem), `properties/worst/${id}.json`)).toEqual([]);
    });
  }

  it('a recorded measurement the replay no longer reproduces is flagged (0.1 % is caught)', () => {
    const id = nonconvexBounds[0].id;
    const [entry] = readWorstCases(REGISTRY_WORST_CASES, id);
    const [r] = replayEntries(checkOf(byId.get(id)!), [entry]);
    expect(reproduces(r)).toBe(true);
    expect(reproduces({ ...r, entry: { ...entry, measured: entry.measured * 1.001 } })).toBe(false);
  });
});

describe('what the database alone catches: the bound × 0.5 and × 0.9 through the check’s bound override', () => {
  const rows: string[] = [];
  for (const id of stored) {
    const theorem = byId.get(id);
    if (!theorem?.check) continue;
    it(`${id}: every factor below its best known ratio is caught, a looser bound (× 1.1) is not`, () => {
      const check = checkOf(theorem);
      const top = bestEntry(theorem);
      expect(top, `${id}: no stored instance runs; ${rescore(theorem)}`).toBeDefined();
      const best = certifiedRatio(top!.outcome as TrialOutcome);
      const verdictAt = (factor: number) =>
        replayEntries(check, [top!.entry], scaled(theorem, factor))[0].outcome?.verdict;
      const caught: string[] = [];
      for (const factor of [0.5, 0.9]) {
        // "above": beyond the float tolerance (an entry attaining exactly half the bound is not above half)
        if (!(best > factor * (1 + 1e-6))) continue;
        expect(
          verdictAt(factor),
          `${id} × ${factor} survives its database although the best known ratio is ${best}`,
        ).toBe('violated');
        caught.push(`×${factor}`);
      }
      // the negative control: a bound 10 % looser than the registry's survives the best stored instance
      // (an equality is violated by any change of its value, looser or not; a [P] reading may be exceeded)
      if (theorem.status !== 'paper-reading' && theorem.kind !== 'equality')
        expect(verdictAt(1.1)).not.toBe('violated');
      rows.push(`${id.padEnd(52)} best ${best.toPrecision(4)}  caught: ${caught.join(' ') || 'none'}`);
    });
  }

  it('the database keeps an instance above 0.9 of every non-convex [S]/[D] bound (so × 0.5 and × 0.9 are caught)', () => {
    for (const t of nonconvexBounds) {
      const best = bestRatio(replayed(t));
      expect(best, `${t.id}: best stored ratio ${best}; run ${rescore(t)}`).toBeGreaterThan(0.9);
    }
    console.info(`[worst-cases] best known measured/bound and the mutants the database catches:\n${rows.join('\n')}`);
  });
});
