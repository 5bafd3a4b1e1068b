/**
 * The FWA window mean (ring of two blocks of k, compensated block prefix and suffix sums, see
 * src/engine/averaging.ts): within 1e-12 relative of the exact window mean over 10^7 steps, and a
 * model-based test (fc.commands) against a naive model that keeps the window and sums it exactly.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { makeAverager } from '../src/engine/averaging';
import { type Averager } from '../src/engine/averagers/averager';
import { RandomStream } from '../src/engine/rng';
import { currentProfile } from '../src/profile';
import { EPS, fsum, propParams, sameBits } from './support/engine-fixtures';

const profile = currentProfile();

describe(`FWA running mean (profile ${profile.name}, seed ${profile.seed})`, () => {
  /*
   * Two coordinates: a random walk around 1e3 (drift, like an SGD trajectory) and
   * ±1e6 at even steps (cancelling exactly within a window, k being a multiple of 4) and 1 + U[0, 1) at
   * odd steps: each large term wipes the low bits of the small ones from a plain running sum, which then
   * drifts by ~1e-10 relative and fails; the compensation keeps them. Checked against the correctly
   * rounded window mean (fsum) at ten points, the last at t = 10^7, and over the last 10^5 steps read
   * after every step (the incremental path), checked at every 997th.
   */
  test('within 1e-12 relative of the exact window mean over 10^7 steps (k = 1000, d = 2)', () => {
    const T = 10_000_000;
    const k = 1000;
    const fwa = makeAverager({ kind: 'fwa', k }, 2);
    const rng = RandomStream.fromSeed(profile.seed);
    const ring = [new Float64Array(k), new Float64Array(k)];
    const w = Float64Array.from([1000, 1]);
    fwa.init(w, T);
    let worst = 0;
    for (let t = 1; t <= T; t++) {
      w[0] += 0.01 * (rng.float() - 0.5);
      w[1] = t % 2 === 1 ? 1 + rng.float() : t % 4 === 0 ? 1e6 : -1e6;
      ring[0][t % k] = w[0];
      ring[1][t % k] = w[1];
      fwa.update(t, w);
      const eager = t > T - 100_000;
      if (eager) fwa.read();
      if (t % (T / 10) === 0 || (eager && t % 997 === 0)) {
        const got = fwa.read();
        for (let j = 0; j < 2; j++) {
          const exact = fsum(ring[j]) / k;
          const rel = Math.abs(got[j] - exact) / Math.abs(exact);
          worst = Math.max(worst, rel);
          if (!(rel <= 1e-12))
            throw new Error(`t = ${t}, coordinate ${j}: FWA mean ${got[j]} vs exact ${exact} (relative error ${rel})`);
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  test.prop(
    [
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 1, max: 60 }),
      fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
      fc.nat(),
    ],
    propParams(100),
  )('the window mean does not depend on when, or how often, it was read before (same bits)', (k, T, reads, seed) => {
    const a = makeAverager({ kind: 'fwa', k }, 3);
    const b = makeAverager({ kind: 'fwa', k }, 3);
    const rng = RandomStream.fromSeed(seed);
    const w = new Float64Array(3);
    a.init(w, T);
    b.init(w, T);
    for (let t = 1; t <= T; t++) {
      for (let j = 0; j < 3; j++) w[j] = rng.normal() * 10 ** rng.int(-3, 6);
      a.update(t, w);
      b.update(t, w);
      a.read();
      if (reads[t - 1]) b.read();
    }
    expect(sameBits(a.read(), b.read())).toBe(true);
  });

  interface Model {
    k: number;
    d: number;
    window: Float64Array[];
    w0: Float64Array;
    t: number;
    /** Σ|terms| added to the running sum since init (Neumaier's second-order error term). */
    mass: number;
  }
  interface Real {
    fwa: Averager;
  }

  const vec = (d: number) =>
    fc
      .array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(1e8, -1e8, 0, -0)), {
        minLength: d,
        maxLength: d,
      })
      .map((a) => Float64Array.from(a));

  class Update implements fc.Command<Model, Real> {
    constructor(readonly w: Float64Array) {}
    check = (m: Readonly<Model>) => m.d === this.w.length;
    run(m: Model, r: Real): void {
      m.t++;
      m.window.push(this.w.slice());
      if (m.window.length > m.k)
        m.mass += this.w.reduce((s, x) => s + Math.abs(x), 0) + m.window.shift()!.reduce((s, x) => s + Math.abs(x), 0);
      else m.mass += this.w.reduce((s, x) => s + Math.abs(x), 0);
      r.fwa.update(m.t, this.w);
    }
    toString = () => `update([${[...this.w].join(', ')}])`;
  }

  /*
   * Neumaier: |Ŝ − S| ≤ 2ε|S| + 2nε²·Σ|terms| over n terms; the division adds ε relative. Before the
   * first update the mean is w_0 exactly.
   */
  class Read implements fc.Command<Model, Real> {
    check = () => true;
    run(m: Model, r: Real): void {
      const got = r.fwa.read();
      if (m.window.length === 0) {
        expect([...got]).toEqual([...m.w0]);
        return;
      }
      const n = 2 * m.t;
      for (let j = 0; j < m.d; j++) {
        const S = fsum(m.window.map((v) => v[j]));
        const exact = S / m.window.length;
        const tol = (2 * EPS * Math.abs(S) + 2 * n * EPS * EPS * m.mass) / m.window.length + EPS * Math.abs(exact);
        if (!(Math.abs(got[j] - exact) <= tol))
          throw new Error(`coordinate ${j}: FWA ${got[j]} vs exact window mean ${exact} (tolerance ${tol})`);
      }
    }
    toString = () => 'read()';
  }

  class Init implements fc.Command<Model, Real> {
    constructor(readonly w0: Float64Array) {}
    check = (m: Readonly<Model>) => m.d === this.w0.length;
    run(m: Model, r: Real): void {
      m.window = [];
      m.w0 = this.w0.slice();
      m.t = 0;
      m.mass = 0;
      r.fwa.init(this.w0, 1000);
    }
    toString = () => `init([${[...this.w0].join(', ')}])`;
  }

  const setup = fc.record({ k: fc.integer({ min: 1, max: 8 }), d: fc.integer({ min: 1, max: 3 }) }).chain(({ k, d }) =>
    fc.tuple(
      fc.constant({ k, d }),
      vec(d),
      fc.commands([vec(d).map((w) => new Update(w)), fc.constant(new Read()), vec(d).map((w) => new Init(w))], {
        maxCommands: 200,
      }),
    ),
  );

  test.prop([setup], propParams(100))(
    'fc.commands: FWA(k) against a naive window model (init / update / read in any order)',
    ([{ k, d }, w0, cmds]) => {
      const fwa = makeAverager({ kind: 'fwa', k }, d);
      fwa.init(w0, 1000);
      fc.modelRun(() => ({ model: { k, d, window: [], w0: w0.slice(), t: 0, mass: 0 }, real: { fwa } }), cmds);
    },
  );
});
