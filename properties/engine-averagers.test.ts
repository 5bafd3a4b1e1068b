/**
 * The averagers' analytic weights. Each averager is linear in the iterates, so running it on the unit
 * vectors e_0..e_T (in dimension T + 1) yields exactly its weight vector: the basis simulation checks
 * `weights(T)` against the running implementation for every averager, which makes the weights (and the
 * tail masses Λ_t the theory computes from them) trustworthy.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { averagerWeights, makeAverager, tailMass } from '../src/engine/averaging';
import { type Averager, type AveragerSpec } from '../src/engine/averagers/averager';
import { RandomStream } from '../src/engine/rng';
import { currentProfile } from '../src/profile';
import { EPS, propParams, sameBits } from './support/engine-fixtures';

const profile = currentProfile();

/** A valid averager for a run of T steps (horizon constraints respected), every kind represented. */
function specFor(T: number): fc.Arbitrary<AveragerSpec> {
  const gamma = fc.oneof(fc.constant(1), fc.double({ min: 1e-3, max: 1, noNaN: true }));
  return fc.oneof(
    fc.constant<AveragerSpec>({ kind: 'last' }),
    fc.integer({ min: 1, max: T + 5 }).map((k): AveragerSpec => ({ kind: 'fwa', k })),
    fc
      .record({ k: fc.integer({ min: 1, max: 6 }), nu: fc.integer({ min: 1, max: T }) })
      .map((r): AveragerSpec => ({ kind: 'lawa', ...r })),
    fc
      .integer({ min: 1, max: T })
      .chain((nu) =>
        fc
          .integer({ min: 1, max: Math.floor(T / nu) })
          .map((k): AveragerSpec => ({ kind: 'lawa', k, nu, mode: 'block' })),
      ),
    fc
      .record({ start: fc.integer({ min: 0, max: T }), every: fc.integer({ min: 1, max: 5 }) })
      .map((r): AveragerSpec => ({ kind: 'swa', ...r })),
    gamma.map((g): AveragerSpec => ({ kind: 'ema', gamma: g })),
    fc
      .record({
        gamma,
        warmupPower: fc.double({ min: 0.1, max: 2, noNaN: true }),
        warmupGamma: fc.double({ min: 0.5, max: 20, noNaN: true }),
        updateAfterStep: fc.integer({ min: 0, max: 5 }),
        minFrac: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map((r): AveragerSpec => ({
        kind: 'ema',
        gamma: r.gamma,
        warmup: {
          warmupPower: r.warmupPower,
          warmupGamma: r.warmupGamma,
          updateAfterStep: r.updateAfterStep,
          minDecay: r.minFrac * (1 - r.gamma),
        },
      })),
    fc.integer({ min: 0, max: T - 1 }).map((t0): AveragerSpec => ({ kind: 'polyak', t0 })),
    fc
      .oneof(fc.constantFrom(0.1, 0.25, 0.5, 1), fc.double({ min: 1e-3, max: 1, noNaN: true }))
      .map((alpha): AveragerSpec => ({ kind: 'suffix', alpha })),
  );
}

const cases = fc.integer({ min: 1, max: 40 }).chain((T) => fc.tuple(fc.constant(T), specFor(T)));

function unit(n: number, i: number): Float64Array {
  const e = new Float64Array(n);
  e[i] = 1;
  return e;
}

/**
 * Tolerance of the basis comparison: uniform weights are 1/m in both (exact); EMA multiplies the
 * same factors (1 − γ_t) in another order, T roundings of relative size ε each.
 */
const tol = (T: number) => 4 * (T + 1) * EPS;

describe(`averager weights (profile ${profile.name}, seed ${profile.seed})`, () => {
  test.prop([cases], propParams(300))(
    'basis simulation: the averaged point of e_0..e_T IS weights(T), after every step',
    ([T, spec]) => {
      const a = makeAverager(spec, T + 1);
      a.init(unit(T + 1, 0), T);
      for (let t = 1; t <= T; t++) {
        a.update(t, unit(T + 1, t));
        // The suffix average is horizon-aware: before T its partial mean is not weights(t).
        if (spec.kind === 'suffix' && t < T) continue;
        const got = a.read();
        const want = a.weights(t);
        for (let i = 0; i <= T; i++) {
          const w = i <= t ? want[i] : 0;
          if (!(Math.abs(got[i] - w) <= tol(T))) {
            throw new Error(
              `${JSON.stringify(spec)} T=${T} t=${t}: averaged point [${i}] = ${got[i]}, weights(t)[${i}] = ${w}`,
            );
          }
        }
      }
    },
  );

  test.prop([cases], propParams(300))(
    'Σ weights = 1, every weight ≥ 0 (to T roundings: 1/m summed m times is not exactly 1)',
    ([T, spec]) => {
      const w = averagerWeights(spec, T);
      expect(w.length).toBe(T + 1);
      let s = 0;
      for (const x of w) {
        expect(x).toBeGreaterThanOrEqual(0);
        s += x;
      }
      expect(Math.abs(s - 1)).toBeLessThanOrEqual(tol(T));
    },
  );

  test.prop([fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 })], propParams(100))(
    'FWA tail mass Λ_t = min{1, (T − t + 1)/k} (docs/theory/setting.md#tail-masses)',
    (T, k) => {
      const L = tailMass(averagerWeights({ kind: 'fwa', k }, T));
      for (let t = 1; t <= T; t++)
        expect(Math.abs(L[t] - Math.min(1, (T - t + 1) / Math.min(k, T)))).toBeLessThanOrEqual(tol(T));
    },
  );

  test.prop([fc.integer({ min: 1, max: 60 }), fc.double({ min: 1e-3, max: 1, noNaN: true })], propParams(100))(
    'EMA tail mass Λ_t = 1 − (1 − γ)^{T−t+1} (docs/theory/averagers.md#ema)',
    (T, gamma) => {
      const L = tailMass(averagerWeights({ kind: 'ema', gamma }, T));
      for (let t = 1; t <= T; t++)
        expect(Math.abs(L[t] - (1 - Math.pow(1 - gamma, T - t + 1)))).toBeLessThanOrEqual(tol(T));
    },
  );

  /**
   * What prefix sharing (src/engine/enumerate.ts) rests on: an averager that copies another's state
   * mid-run continues with the bits of the unbroken run, whatever it held before and whenever either
   * one is read. The copy keeps only the state a later update or read can observe, and skips what the
   * destination already holds, so a copy that left out a part still needed would read another run's
   * numbers here. A chain of two copies (src → mid at s1, mid → last at s2), as from depth to depth of an
   * enumeration; `last` holds either another run or a copy of src taken further on (at s3 ≥ s2, as a
   * level of the enumeration holds a cousin's state). Every read is checked; reads follow a step with
   * probability 0, 1/4 or 1 (never, as an enumeration's inner nodes; sometimes; always).
   */
  const readRate = fc.constantFrom(0, 0.25, 1);
  /**
   * Mostly small windows (FWA, sliding LAWA: several blocks, the copy's intricate case) besides every
   * kind; gaps between the copy points often within one block, where the copies share suffix tables.
   */
  const copyCases = fc.integer({ min: 1, max: 40 }).chain((T) =>
    fc.tuple(
      fc.constant(T),
      fc.oneof(
        { arbitrary: specFor(T), weight: 1 },
        {
          arbitrary: fc
            .record({ k: fc.integer({ min: 2, max: 6 }), nu: fc.integer({ min: 1, max: Math.min(3, T) }) })
            .map(({ k, nu }): AveragerSpec => (nu === 1 ? { kind: 'fwa', k } : { kind: 'lawa', k, nu })),
          weight: 3,
        },
      ),
    ),
  );
  const gap = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.nat());
  test.prop(
    [
      copyCases,
      fc.integer({ min: 1, max: 4 }),
      fc.nat(),
      fc.tuple(fc.nat(), gap, gap, fc.boolean()),
      fc.tuple(readRate, readRate, readRate),
    ],
    propParams(300),
  )(
    'copyFrom mid-run into an averager holding another state: every later read has the bits of the unbroken run',
    ([T, spec], d, seed, [u1, u2, u3, cousin], rates) => {
      const s1 = u1 % (T + 1);
      const s2 = s1 + (u2 % (T + 1 - s1));
      const s3 = s2 + (u3 % (T + 1 - s2));
      const rng = RandomStream.fromSeed(seed);
      const iterates = () => Array.from({ length: T + 1 }, () => Float64Array.from({ length: d }, () => rng.normal()));
      const w = iterates();
      const reads = rates.map((p) => Array.from({ length: T + 1 }, () => rng.uniform(0, 1) < p));
      const unbroken = makeAverager(spec, d);
      unbroken.init(w[0], T);
      const want = [unbroken.read().slice()];
      for (let t = 1; t <= T; t++) {
        unbroken.update(t, w[t]);
        want.push(unbroken.read().slice());
      }
      const at = `${JSON.stringify(spec)} T=${T} d=${d}, copies at s1=${s1}, s2=${s2}, s3=${s3}`;
      const check = (a: Averager, t: number, who: string): void => {
        if (!sameBits(a.read(), want[t])) throw new Error(`${at}: ${who} differs from the unbroken run at t=${t}`);
      };
      /** Steps from..to of the run, reading (and checking) where `read` says. */
      const feed = (a: Averager, from: number, to: number, read: boolean[], who: string): void => {
        for (let t = from; t <= to; t++) {
          a.update(t, w[t]);
          if (read[t]) check(a, t, who);
        }
      };
      /** An averager that has run some steps of another run, read after about half of them. */
      const another = (): Averager => {
        const a = makeAverager(spec, d);
        const x = iterates();
        a.init(x[0], T);
        const steps = rng.index(T + 1);
        for (let t = 1; t <= steps; t++) {
          a.update(t, x[t]);
          if (rng.uniform(0, 1) < 0.5) a.read();
        }
        return a;
      };
      const src = makeAverager(spec, d);
      src.init(w[0], T);
      const mid = another();
      const late = another();
      feed(src, 1, s1, reads[0], 'the source');
      mid.copyFrom?.(src);
      if (reads[1][s1]) check(mid, s1, 'the first copy');
      feed(src, s1 + 1, s3, reads[0], 'the source');
      late.copyFrom?.(src);
      feed(src, s3 + 1, T, reads[0], 'the source');
      check(src, T, 'the source');
      feed(mid, s1 + 1, s2, reads[1], 'the first copy');
      const last = cousin ? late : another();
      last.copyFrom?.(mid);
      if (reads[2][s2]) check(last, s2, 'the copy of the copy');
      feed(last, s2 + 1, T, reads[2], 'the copy of the copy');
      check(last, T, 'the copy of the copy');
    },
  );

  describe('definitions on worked examples (weights derived by hand from the definitions)', () => {
    const support = (spec: AveragerSpec, T: number) => {
      const w = averagerWeights(spec, T);
      return [...w.keys()].filter((i) => w[i] > 0).map((i) => [i, w[i]]);
    };
    test('FWA(3) at T = 7: w_5, w_6, w_7; FWA(10) at T = 4 (k > T): w_1..w_4', () => {
      expect(support({ kind: 'fwa', k: 3 }, 7)).toEqual([5, 6, 7].map((i) => [i, 1 / 3]));
      expect(support({ kind: 'fwa', k: 10 }, 4)).toEqual([1, 2, 3, 4].map((i) => [i, 1 / 4]));
    });
    test('LAWA(k=2, ν=3) at T = 14: sliding → checkpoints 9, 12; blocks → block {9, 12}; T = 11 blocks → {3, 6}', () => {
      expect(support({ kind: 'lawa', k: 2, nu: 3 }, 14)).toEqual([
        [9, 0.5],
        [12, 0.5],
      ]);
      expect(support({ kind: 'lawa', k: 2, nu: 3, mode: 'block' }, 14)).toEqual([
        [9, 0.5],
        [12, 0.5],
      ]);
      expect(support({ kind: 'lawa', k: 2, nu: 3, mode: 'block' }, 11)).toEqual([
        [3, 0.5],
        [6, 0.5],
      ]);
      expect(support({ kind: 'lawa', k: 3, nu: 3 }, 8)).toEqual([
        [3, 0.5],
        [6, 0.5],
      ]);
    });
    test('SWA(start 2, every 3) at T = 10: w_2, w_5, w_8; SWA(start 0) includes w_0', () => {
      expect(support({ kind: 'swa', start: 2, every: 3 }, 10)).toEqual([2, 5, 8].map((i) => [i, 1 / 3]));
      expect(support({ kind: 'swa', start: 0, every: 2 }, 4)).toEqual([0, 2, 4].map((i) => [i, 1 / 3]));
    });
    test('Polyak(t₀ = 3) at T = 5: w_4, w_5; suffix(α = 0.1) at T = 30: the last 3 (not 4: 0.1·30 rounds above 3)', () => {
      expect(support({ kind: 'polyak', t0: 3 }, 5)).toEqual([
        [4, 0.5],
        [5, 0.5],
      ]);
      expect(support({ kind: 'suffix', alpha: 0.1 }, 30)).toEqual([28, 29, 30].map((i) => [i, 1 / 3]));
      expect(support({ kind: 'suffix', alpha: 0.25 }, 10)).toEqual([8, 9, 10].map((i) => [i, 1 / 3]));
    });
    test('EMA with timm warm-up: step 1 copies (w_0 gets 0); step 2 uses decay 1 − 2^{−2/3}', () => {
      const w = averagerWeights({ kind: 'ema', gamma: 0.01, warmup: {} }, 2);
      const g2 = Math.pow(2, -2 / 3);
      expect(w[0]).toBe(0);
      expect(w[2]).toBe(g2);
      expect(Math.abs(w[1] - (1 - g2))).toBeLessThanOrEqual(EPS);
      const late = averagerWeights({ kind: 'ema', gamma: 0.5, warmup: { updateAfterStep: 2 } }, 3);
      expect([...late]).toEqual([0, 0, 0, 1]);
    });
  });
});
