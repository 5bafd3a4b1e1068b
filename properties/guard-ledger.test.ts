/**
 * The tightness ledger (properties/ledger.json, written by `npm run guard`), replayed:
 *   - an [S]/[D] theorem whose best certified measured/bound ratio exceeds 1 is violated (the ratio
 *     is the one-sided lower confidence bound of the mean over the bound for expectation claims, so
 *     this is the suite's own violation rule);
 *   - every recorded trial, re-run through the registered check and bound, reproduces its recorded
 *     measured/bound within LEDGER_RTOL relative, neither below nor above it (the point ratio; the
 *     certified ratio depends on the profile's δ): if not, the engine, a generator, a check or the
 *     bound changed, and the record describes code that is gone. A record above what its trial now
 *     reaches would also outrank every honest new record the guard finds.
 * A [P] reading may legitimately sit above 1 (that is the finding the guard reports); its record must
 * still replay.
 */
import { describe, expect, it } from 'vitest';
import { readLedger, replayEntry, LEDGER_PATH, LEDGER_RTOL } from '../src/guard/ledger';
import { describeTrial } from '../src/guard/format';
import { registry } from '../src/catalog/registry';
import { FLOAT_RTOL } from '../src/stats/tolerance';

const ledger = readLedger();
const registered = new Set(registry.map((t) => t.id));
const checked = new Set(registry.filter((t) => t.check).map((t) => t.id));
const replay = (e: (typeof ledger.entries)[number]): string =>
  `FWA_PROFILE=ci npx fwa-theorems guard --theorem ${e.theorem} --write-ledger`;

describe(`tightness ledger ${LEDGER_PATH}`, () => {
  it('has entries, each for a registered theorem with a check', () => {
    expect(ledger.entries.length).toBeGreaterThan(0);
    for (const e of ledger.entries) {
      expect(
        registered.has(e.theorem),
        `ledger entry ${e.theorem} is not in the registry (rename? re-run ${replay(e)})`,
      ).toBe(true);
      expect(checked.has(e.theorem), `ledger entry ${e.theorem} has no check`).toBe(true);
    }
    const missing = [...checked].filter((id) => !ledger.entries.some((e) => e.theorem === id));
    if (missing.length)
      console.info(
        `[ledger] theorems with a check but no ledger record yet (run npm run guard): ${missing.join(', ')}`,
      );
  });

  it('notices a record its trial no longer reproduces, in either direction (a change of 0.1 % is caught)', () => {
    const cheap = ledger.entries.find((e) => e.trial.instance.generator === 'none' && checked.has(e.theorem));
    expect(cheap, 'a ledger entry of a relation theorem (no engine run) to tamper with').toBeDefined();
    const e = cheap!;
    expect(replayEntry(e).reproduced).toBe(true);
    // The trial no longer reaches its record (a regression of the engine, generator or check) ...
    expect(replayEntry({ ...e, pointRatio: e.pointRatio * 1.001 }).reproduced).toBe(false);
    // ... or now exceeds it: the measurement changed, and the record describes a check that is gone.
    expect(replayEntry({ ...e, pointRatio: e.pointRatio * 0.999 }).reproduced).toBe(false);
  });

  for (const entry of ledger.entries) {
    if (!registered.has(entry.theorem) || !checked.has(entry.theorem)) continue;
    it(`${entry.theorem} [${entry.status}]: record ${entry.bestRatio.toPrecision(4)} (${entry.date}) replays${entry.status === 'paper-reading' ? '' : ' and is ≤ 1'}`, () => {
      const where = `trial ${JSON.stringify(entry.trial)}\n  (${describeTrial(entry.trial)})`;
      // "Exceeds 1" by the suite's own rule: the check's verdict (pathwise claims within the float
      // tolerance, expectation claims by their one-sided bound, where certified ratio > 1 ⇔ violated).
      const violated = (verdict: string, ratio: number): boolean => verdict === 'violated' || ratio > 1 + FLOAT_RTOL;
      if (entry.status !== 'paper-reading') {
        expect(
          violated(entry.verdict, entry.bestRatio),
          `${entry.theorem} is VIOLATED by its ledger trial: certified ratio ${entry.bestRatio} on ${where}`,
        ).toBe(false);
      }
      let r: ReturnType<typeof replayEntry>;
      try {
        r = replayEntry(entry);
      } catch (e) {
        throw new Error(
          `${entry.theorem}: the ledger trial no longer runs (${(e as Error).message}); re-record with ${replay(entry)}; ${where}`,
          { cause: e },
        );
      }
      const changed = r.boundChanged ? ' (its bound expression changed since the record)' : '';
      expect(
        r.reproduced,
        `${entry.theorem}: the ledger trial now reaches measured/bound ${r.pointRatio} ${r.pointRatio < entry.pointRatio ? '<' : '>'} recorded ${entry.pointRatio} (tolerance ${LEDGER_RTOL} relative)${changed}: the engine, generator, check or bound changed; replay ${where}; re-record with ${replay(entry)} if the change is intended`,
      ).toBe(true);
      if (entry.status !== 'paper-reading')
        expect(
          violated(r.verdict, r.ratio),
          `${entry.theorem} replays as violated: ratio ${r.ratio}${changed} on ${where}`,
        ).toBe(false);
    });
  }
});
