import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/engine/rng';
import { buildInstance } from '../src/objectives/index';
import { committedWorstCases } from '../src/objectives/worst-case/generator';
import { worstCaseFromCertificate } from '../src/objectives/worst-case/from-certificate';
import { committedCertificates } from '../src/pep/committed';
import { REFERENCE_DIR } from '../src/pep/references';
import { CERTIFICATE_DIR } from '../src/pep/store';
import { getTheorem } from '../src/catalog/registry';
import { iterateTolerance, ITERATE_TOL, roundTrip, VALUE_RTOL } from './support/worst-case-round-trip';

/**
 * The round trip engine ↔ certificate, on every committed PEP certificate: the worst-case instance
 * rebuilt from the certificate's primal (max-affine, max-affine plus μ/2‖x − x_i‖², or the smooth
 * interpolant, by class; the convex hull of the iterates on a set; the oracle that answers the
 * certificate's g_i at its points) is run by the engine's own projected (sub)gradient method and
 * averager, with the certificate's schedule. The engine must reproduce the certificate's iterates to
 * 1e-9 and measure the certificate's measure (f(x̄) − f*, min_t f(x_t) − f*, ‖x_T − x*‖²) equal to the
 * certified lower bound to 1e-6 relative. A mismatch means the PEP and the engine disagree on a
 * convention (step index, window, projection) or the rebuild is wrong: find it, do not loosen the
 * tolerances.
 *
 * Certificates: the grid (certificates/pep/), the published reference values (certificates/reference/:
 * Drori & Teboulle's gradient method, Taylor et al.'s distance rate, PEPit's subgradient best iterate)
 * and those committed beside the strongly convex example (the bounded-subgradient class, necessary and
 * sufficient conditions). The stochastic certificates have their own round trip (pep-stochastic.test.ts).
 */
const FILE = 'properties/worst-case-round-trip.test.ts';
const SOURCES = [
  { label: 'grid', dir: CERTIFICATE_DIR },
  { label: 'reference', dir: REFERENCE_DIR },
  { label: 'strongly convex example', dir: join('examples', 'strongly-convex-weighted-averaging.certificates') },
].map((s) => ({ ...s, ...committedCertificates(s.dir) }));
const { verified } = SOURCES[0];

type Certificate = (typeof verified)[number]['cert'];

describe.each(SOURCES.map((s) => [s.label, s] as const))(
  'worst-case instances: the engine reproduces every committed certificate (%s)',
  (_label, source) => {
    it('every certificate verifies (the round trip runs on all of them)', () => {
      expect(source.verified.length).toBeGreaterThan(0);
      expect(source.rejected).toEqual([]);
    });

    it.each(source.verified.map((v) => [v.cert.name, v] as const))('%s', (name, { cert, bounds }) => {
      const { deviation, measured, slack, drift, wc } = roundTrip(cert);
      const replay = `certificate ${source.dir}/${name}.json: npx vitest run ${FILE} -t '${name}'`;
      expect(slack, `interpolation slack (${replay})`).toBeLessThanOrEqual(1e-8);
      // On these certificates the projection drift is below ITERATE_TOL / 2: the tolerance is 1e-9.
      expect(iterateTolerance(drift), `projection drift (${replay})`).toBe(ITERATE_TOL);
      expect(deviation, `iterate deviation (${replay})`).toBeLessThanOrEqual(ITERATE_TOL);
      expect(
        Math.abs(measured - bounds.lower),
        `${cert.spec.measure}: measured ${measured} vs certified ${bounds.lower} (${replay})`,
      ).toBeLessThanOrEqual(VALUE_RTOL * bounds.lower);
      // A class with exact or sufficient conditions gives a member of the class; the necessary
      // conditions of the bounded-subgradient class need not (membership then names the realised G).
      const fc = cert.spec.fclass;
      if (fc.kind === 'strongly-convex-bounded-subgradient' && fc.conditions === 'necessary')
        expect(wc.membership.detail, replay).toMatch(/subgradients on W bounded by/);
      else expect(wc.membership.holds, `${wc.membership.detail} (${replay})`).toBe(true);
    });
  },
);

describe('the round trip catches convention errors', () => {
  const find = (name: string): { cert: Certificate; bounds: { lower: number } } =>
    SOURCES.flatMap((s) => s.verified).find((v) => v.cert.name === name)!;

  it('nonsmooth grid: the horizon off by one, the window off by one', () => {
    const { cert, bounds } = find('c-over-sqrt-horizon-c1-T10-fwa-k5');
    // The constant-step theorem's η = c/√T is stated at Shamir–Zhang's horizon T + 1 for T engine steps;
    // c/√T with the engine's T is the off-by-one the convention module pins.
    expect(roundTrip(cert, { schedule: { kind: 'constant', alpha: 1 / Math.sqrt(10) } }).deviation).toBeGreaterThan(
      1e-3,
    );
    // FWA(k) is the mean of the last k iterates w_{T−k+1}..w_T; one more iterate is another output.
    const wrongWindow = roundTrip(cert, { averager: { kind: 'fwa', k: 6 } });
    expect(Math.abs(wrongWindow.measured - bounds.lower)).toBeGreaterThan(1e-3 * bounds.lower);
  });

  it('smooth reference: a step of 0.9/L leaves the path; one step fewer measures less', () => {
    const { cert, bounds } = find('drori-teboulle-gd-N10');
    expect(roundTrip(cert, { schedule: { kind: 'constant', alpha: 0.9 } }).deviation).toBeGreaterThan(1e-3);
    const short = roundTrip(cert, { T: 9 });
    expect(Math.abs(short.measured - bounds.lower)).toBeGreaterThan(1e-3 * bounds.lower);
  });

  it('distance reference: a longer step moves ‖x_T − x*‖²; best-iterate reference: another step leaves the path', () => {
    const taylor = find('taylor-gd-distance-N5-h1');
    const wrong = roundTrip(taylor.cert, { schedule: { kind: 'constant', alpha: 1.05 } });
    expect(Math.abs(wrong.measured - taylor.bounds.lower)).toBeGreaterThan(1e-3 * taylor.bounds.lower);
    // PEPit's worst case has f(x_t) equal for every t (x_0 included), so min_t f(x_t) − f* cannot tell a
    // wrong step; the path does.
    const pepit = find('pepit-subgradient-M2-N6');
    expect(roundTrip(pepit.cert, { schedule: { kind: 'constant', alpha: 0.2 } }).deviation).toBeGreaterThan(1e-3);
  });
});

describe('pep-worst-case generator: certified constants on random points of W', () => {
  // Both schedules, every c, the shortest and longest horizons, the extreme windows.
  const specs = committedWorstCases().filter(
    (w) => [2, 10, 40].includes(w.point.T) && (w.k === 1 || w.k === w.point.T),
  );

  it.each(specs.map((w) => [w.name, w] as const))('%s: D, G = L, F* hold on W', (_name, w) => {
    const inst = buildInstance(w.spec);
    const c = inst.constants;
    const wc = worstCaseFromCertificate(verified.find((v) => v.cert.name === w.name)!.cert);
    const vertices = wc.hull!.vertices;
    const d = c.d;
    // The certificate is solved at D = G = 1: the instance's constants are its own, and within the
    // certificate's tolerance of those.
    expect(Math.abs(c.D - 1)).toBeLessThan(1e-6);
    expect(Math.abs(c.G - 1)).toBeLessThan(1e-6);
    expect(c.FstarGap).toBeLessThanOrEqual(1e-8);
    const rng = RandomStream.fromSeed(w.point.T);
    const g = new Float64Array(d);
    // Worst excess of each claim (≤ 0 when it holds), accumulated so that one failure names the claim.
    let belowFstar = -Infinity;
    let outsideR = -Infinity;
    let lipschitz = -Infinity;
    let slope = -Infinity;
    for (let q = 0; q < 50; q++) {
      const x = new Float64Array(d);
      const y = new Float64Array(d);
      for (const p of [x, y]) {
        const lam = vertices.map(() => rng.float() ** 4);
        const total = lam.reduce((a, b) => a + b, 0);
        vertices.forEach((v, i) => v.forEach((vk, k) => (p[k] += (lam[i] / total) * vk)));
      }
      const fx = inst.objective.loss(x, 0);
      const fy = inst.objective.loss(y, 0);
      belowFstar = Math.max(belowFstar, c.Fstar - fx);
      outsideR = Math.max(outsideR, Math.hypot(...x) - c.R * (1 + 1e-12));
      let dist = 0;
      for (let k = 0; k < d; k++) dist += (x[k] - y[k]) ** 2;
      lipschitz = Math.max(lipschitz, Math.abs(fx - fy) - c.L * Math.sqrt(dist) * (1 + 1e-12) - 1e-15);
      inst.objective.grad(x, 0, g);
      slope = Math.max(slope, Math.hypot(...g) - c.G * (1 + 1e-12));
    }
    let diameter = 0;
    for (const u of vertices)
      for (const v of vertices) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (u[k] - v[k]) ** 2;
        diameter = Math.max(diameter, Math.sqrt(s));
      }
    expect({ belowFstar, outsideR, lipschitz, slope }).toEqual({
      belowFstar: expect.toSatisfy((v: number) => v <= 0),
      outsideR: expect.toSatisfy((v: number) => v <= 0),
      lipschitz: expect.toSatisfy((v: number) => v <= 0),
      slope: expect.toSatisfy((v: number) => v <= 0),
    });
    expect(diameter).toBeLessThanOrEqual(c.D);
    // Tight, so a wrong constant is caught: D × 0.999 is below the vertices' diameter, F* + 1e-6 above f(x*).
    expect(diameter).toBeGreaterThan(0.999 * c.D);
    expect(inst.objective.loss(Float64Array.from(c.wStar!), 0)).toBeLessThan(c.Fstar + 1e-6);
  });

  it('a trial that runs the instance otherwise is refused, naming the run it is built for', () => {
    const check = getTheorem('fwa-convergence').check!;
    const w = committedWorstCases().find((x) => x.name === 'inv-sqrt-t-c1-T6-fwa-k3')!;
    const trial = {
      theorem: 'fwa-convergence',
      instance: w.spec,
      params: { T: 6, k: 3, c: 1, fullBatch: 0 },
      seed: 1,
      replicates: 1,
    };
    expect(check.run(trial).ratio).toBeGreaterThan(0.4);
    expect(() => check.run({ ...trial, params: { ...trial.params, k: 2 } })).toThrow(/inv-sqrt-t-c1-T6-fwa-k3/);
    expect(() => check.run({ ...trial, params: { ...trial.params, c: 2 } })).toThrow(/built for/);
    expect(() => buildInstance({ ...w.spec, params: { ...w.spec.params, T: 11 } })).toThrow(
      /committed certificate grid/,
    );
  });
});
