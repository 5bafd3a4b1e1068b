/**
 * The generators' certificates. Every instance states constants the theorems consume; these
 * properties check each one on random points of the domain W = {‖w‖ ≤ R}, for every generator:
 *   ‖∇f(u; z)‖ ≤ L;  ‖∇f(u) − ∇f(v)‖ ≤ β‖u − v‖;  f(v) ≥ f(u) + ⟨g(u), v − u⟩ + (μ/2)‖v − u‖² (convex);
 *   f ∈ lossRange;  F_S(u) ≥ F*;  mean_i ‖∇f(u; z_i)‖² ≤ G²;  the gradient is the derivative (central
 *   differences, smooth losses);  the same for the replaced example of every neighbour S^(i).
 * Then: JSON spec → buildInstance → the same bits; Harvey et al.'s lower bounds reproduced by the
 * engine; closed-form population risks against large samples; bad input → typed errors naming the
 * parameter. Comparisons use the suite's one float tolerance (src/stats/tolerance.ts).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Objective } from '../src/engine/objective';
import { empiricalRisk } from '../src/engine/objective';
import { RandomStream } from '../src/engine/rng';
import { runSgd } from '../src/engine/sgd';
import { InvalidParameterError } from '../src/errors';
import { instanceSpecArb } from '../src/objectives/arbitraries';
import { inBall, onSphere } from '../src/objectives/data';
import { glmFromData } from '../src/objectives/glm';
import { HarveyObjective, harveyLowerBound, harveySchedule, runHarvey } from '../src/objectives/hard/harvey';
import { buildInstance, generators } from '../src/objectives/index';
import type { Instance, InstanceSpec } from '../src/objectives/instance';
import {
  absoluteLink,
  cauchyLink,
  hingeLink,
  huberLink,
  logisticLink,
  sigmoidLink,
  squaredLink,
  tukeyLink,
  type Link,
} from '../src/objectives/links';
import { dot, norm } from '../src/engine/vec';
import { currentProfile, fastCheckParams } from '../src/profile';
import { leqTol } from '../src/stats/tolerance';
import type { FunctionClass } from '../src/objectives/function-class';

const profile = currentProfile();
/** fast-check parameters from THIS profile (explore draws its seed once: every property uses the printed one). */
const propParams = (runs: number): ReturnType<typeof fastCheckParams> => fastCheckParams(runs, profile);
console.log(
  `objectives properties: profile ${profile.name}, seed ${profile.seed} (replay: FWA_SEED=${profile.seed} [FWA_PATH=<path>])`,
);

const CLASSES: FunctionClass[] = [
  'linear',
  'convex-smooth',
  'convex-nonsmooth',
  'strongly-convex',
  'nonconvex-smooth-bounded',
];

function gradOf(obj: Objective, w: Float64Array, i: number): Float64Array {
  // Pre-filled with NaN: grad must overwrite `out`, never accumulate into it.
  const g = new Float64Array(obj.d).fill(NaN);
  obj.grad(w, i, g);
  return g;
}

/** Test points of W: interior, on the boundary sphere, and close pairs (β at small scales). */
function pointsOf(d: number, R: number, rng: RandomStream): Float64Array[] {
  const pts: Float64Array[] = [];
  for (let k = 0; k < 3; k++) {
    const p = new Float64Array(d);
    inBall(rng, d, R, p);
    pts.push(p);
  }
  const s = new Float64Array(d);
  onSphere(rng, d, R, s);
  pts.push(s);
  const near = pts[0].slice();
  const step = new Float64Array(d);
  onSphere(rng, d, 1e-3 * R, step);
  for (let j = 0; j < d; j++) near[j] += step[j];
  const nn = norm(near);
  if (nn > R) for (let j = 0; j < d; j++) near[j] *= R / nn;
  pts.push(near);
  return pts;
}

/** The certificates that hold for each example: L, β, convexity/μ, range, the derivative. */
function checkExample(inst: Instance, obj: Objective, i: number, pts: Float64Array[], where: string): void {
  const c = inst.constants;
  const grads = pts.map((u) => gradOf(obj, u, i));
  const losses = pts.map((u) => obj.loss(u, i));
  for (let a = 0; a < pts.length; a++) {
    const u = pts[a];
    const g = grads[a];
    const f = losses[a];
    expect(Number.isFinite(f), `${where}: loss finite`).toBe(true);
    expect(leqTol(norm(g), c.L), `${where}: ‖∇f‖ = ${norm(g)} ≤ L = ${c.L}`).toBe(true);
    if (c.lossRange) {
      expect(leqTol(c.lossRange[0], f, 1), `${where}: f = ${f} ≥ ${c.lossRange[0]}`).toBe(true);
      expect(leqTol(f, c.lossRange[1], 1), `${where}: f = ${f} ≤ ${c.lossRange[1]}`).toBe(true);
    }
    if (Number.isFinite(c.beta)) {
      // Central differences along a fixed direction: truncation O(h²·f''') + rounding O(ε|f|/h).
      const dir = new Float64Array(u.length);
      dir[a % u.length] = 1;
      const h = 1e-5 * Math.max(c.R, 1);
      const up = u.slice();
      const dn = u.slice();
      up[a % u.length] += h;
      dn[a % u.length] -= h;
      const fd = (obj.loss(up, i) - obj.loss(dn, i)) / (2 * h);
      expect(
        Math.abs(fd - dot(g, dir)),
        `${where}: ∂f/∂w_${a % u.length} = ${dot(g, dir)} vs central difference ${fd}`,
      ).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(f) + c.L));
    }
    for (let b = 0; b < pts.length; b++) {
      if (a === b) continue;
      const v = pts[b];
      const dv = new Float64Array(u.length);
      for (let j = 0; j < u.length; j++) dv[j] = v[j] - u[j];
      const dist = norm(dv);
      if (Number.isFinite(c.beta)) {
        const gd = new Float64Array(u.length);
        for (let j = 0; j < u.length; j++) gd[j] = grads[b][j] - g[j];
        expect(
          leqTol(norm(gd), c.beta * dist, c.L),
          `${where}: ‖∇f(u) − ∇f(v)‖ = ${norm(gd)} ≤ β‖u − v‖ = ${c.beta * dist}`,
        ).toBe(true);
      }
      if (c.convex) {
        const lin = f + dot(g, dv) + 0.5 * c.mu * dist * dist;
        const scale = Math.abs(f) + Math.abs(losses[b]) + c.L * dist;
        expect(
          leqTol(lin, losses[b], scale),
          `${where}: f(v) = ${losses[b]} ≥ f(u) + ⟨g, v − u⟩ + μ/2‖v − u‖² = ${lin}`,
        ).toBe(true);
      }
    }
  }
}

/** All certificates of an instance at random points of W. */
function checkCertificates(inst: Instance, pointSeed: number): void {
  const c = inst.constants;
  const obj = inst.objective;
  const tag = JSON.stringify(inst.spec);
  expect(obj.d).toBe(c.d);
  expect(obj.n).toBe(c.n);
  expect(c.D).toBe(2 * c.R);
  expect(leqTol(c.G, c.L)).toBe(true);
  const rng = RandomStream.fromSeed(pointSeed);
  const pts = pointsOf(c.d, c.R, rng);
  const examples = c.n <= 6 ? Array.from({ length: c.n }, (_, i) => i) : [0, c.n - 1, 1 + rng.index(c.n - 2)];
  for (const i of examples) checkExample(inst, obj, i, pts, `${tag} example ${i}`);
  for (const u of pts) {
    const F = empiricalRisk(obj, u);
    expect(leqTol(c.Fstar, F, Math.abs(F) + c.L * c.R), `${tag}: F_S(u) = ${F} ≥ F* = ${c.Fstar}`).toBe(true);
    let g2 = 0;
    for (let i = 0; i < c.n; i++) g2 += norm(gradOf(obj, u, i)) ** 2 / c.n;
    expect(leqTol(g2, c.G * c.G), `${tag}: mean ‖g‖² = ${g2} ≤ G² = ${c.G * c.G}`).toBe(true);
  }
  if (c.convex) {
    // An independent descent (projected full-gradient steps, 1/β or R/(L√k)) must never get below F*:
    // this catches an F* that is too high, which random points far from the minimiser cannot.
    const w = pts[0].slice();
    const g = new Float64Array(c.d);
    const gi = new Float64Array(c.d);
    for (let k = 1; k <= 200; k++) {
      g.fill(0);
      for (let i = 0; i < c.n; i++) {
        obj.grad(w, i, gi);
        for (let j = 0; j < c.d; j++) g[j] += gi[j] / c.n;
      }
      const step = Number.isFinite(c.beta) && c.beta > 0 ? 1 / c.beta : c.R / (Math.max(c.L, 1e-12) * Math.sqrt(k));
      for (let j = 0; j < c.d; j++) w[j] -= step * g[j];
      const nw = norm(w);
      if (nw > c.R) for (let j = 0; j < c.d; j++) w[j] *= c.R / nw;
      const F = empiricalRisk(obj, w);
      expect(
        leqTol(c.Fstar, F, Math.abs(F) + c.L * c.R),
        `${tag}: descent step ${k} reaches F_S = ${F} < F* = ${c.Fstar}`,
      ).toBe(true);
    }
  }
  if (c.wStar) {
    const w = Float64Array.from(c.wStar);
    expect(leqTol(norm(w), c.R), `${tag}: w* ∈ W`).toBe(true);
    if (c.FstarGap === 0) {
      const F = empiricalRisk(obj, w);
      expect(
        leqTol(F, c.Fstar, Math.abs(F) + c.L * c.R),
        `${tag}: closed-form F* = ${c.Fstar} is attained at w* (F_S(w*) = ${F})`,
      ).toBe(true);
    }
  }
  if (inst.neighbour) {
    const i = rng.index(c.n);
    const nb = inst.neighbour(i);
    expect(nb.n).toBe(c.n);
    expect(nb.d).toBe(c.d);
    checkExample(inst, nb, i, pts, `${tag} neighbour S^(${i}) example ${i}`);
    // S^(i) differs from S in example i only.
    const j = (i + 1) % c.n;
    if (j !== i) expect(nb.loss(pts[0], j)).toBe(obj.loss(pts[0], j));
  }
}

describe('certified constants hold on random points of W (every generator, every class)', () => {
  for (const cls of CLASSES) {
    test.prop([instanceSpecArb(cls, { maxD: 6, maxN: 24 }), fc.nat()], propParams(12))(
      `${cls}: L, β, convexity/μ, range, F*, G, derivative`,
      (spec, pointSeed) => {
        checkCertificates(buildInstance(spec), pointSeed);
      },
    );
  }
  test.prop(
    [
      instanceSpecArb('convex-nonsmooth', {
        includeHard: true,
        generators: ['harvey-convex', 'harvey-strongly-convex'],
      }),
      fc.nat(),
    ],
    propParams(6),
  )('Harvey instances (T ≤ 64): L, convexity/μ, range, f* = 0', (spec, pointSeed) => {
    checkCertificates(buildInstance(spec), pointSeed);
  });
  test('every generator is covered by some class arbitrary', () => {
    for (const g of generators) expect(g.classes.length).toBeGreaterThan(0);
    for (const cls of CLASSES) {
      const names = new Set(
        fc
          .sample(instanceSpecArb(cls, { includeHard: true }), { numRuns: 400, seed: profile.seed })
          .map((s) => s.generator),
      );
      for (const g of generators.filter((x) => x.classes.includes(cls)))
        expect(names.has(g.name), `${cls} draws ${g.name}`).toBe(true);
    }
  });
});

describe('link constants: the scalar bounds every GLM certificate is built from', () => {
  /**
   * On a grid of u ∈ [−U, U] (and labels y): |φ'| ≤ d1, every secant slope of φ' (= φ''(ξ) by the
   * mean value theorem) ≤ d2, and φ ∈ range. Where the bound is claimed to be the exact supremum, the
   * grid reaches it within 0.1 % (a constant that is too large is also caught).
   */
  function scan(link: Link, U: number, ys: number[], exact: { d1?: boolean; d2?: boolean }) {
    const b = link.bounds(U, Math.max(...ys.map(Math.abs)));
    const N = 20000;
    let maxD1 = 0;
    let maxD2 = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const y of ys) {
      let prevU = -U;
      let prevD = link.deriv(prevU, y);
      for (let k = 0; k <= N; k++) {
        const u = -U + (2 * U * k) / N;
        const f = link.value(u, y);
        const g = link.deriv(u, y);
        lo = Math.min(lo, f);
        hi = Math.max(hi, f);
        maxD1 = Math.max(maxD1, Math.abs(g));
        if (k > 0) maxD2 = Math.max(maxD2, Math.abs(g - prevD) / (u - prevU));
        prevU = u;
        prevD = g;
      }
    }
    expect(
      leqTol(b.range[0], lo, 1) && leqTol(hi, b.range[1], 1),
      `${link.name}: φ ∈ [${lo}, ${hi}] ⊂ [${b.range}]`,
    ).toBe(true);
    expect(leqTol(maxD1, b.d1), `${link.name}: sup|φ'| ${maxD1} ≤ d1 = ${b.d1}`).toBe(true);
    if (Number.isFinite(b.d2)) expect(maxD2, `${link.name}: sup|φ''| ≤ d2`).toBeLessThanOrEqual(b.d2 * (1 + 1e-6));
    if (exact.d1) expect(maxD1, `${link.name}: d1 = ${b.d1} is attained`).toBeGreaterThanOrEqual(0.999 * b.d1);
    if (exact.d2) expect(maxD2, `${link.name}: d2 = ${b.d2} is attained`).toBeGreaterThanOrEqual(0.999 * b.d2);
  }
  const pm = [-1, 1];
  test("logistic: |φ'| < 1, φ'' ≤ 1/4 (attained at 0)", () => scan(logisticLink, 8, pm, { d2: true }));
  test("sigmoid: |φ'| ≤ 1/4, |φ''| ≤ 1/(6√3), both attained", () => scan(sigmoidLink, 6, pm, { d1: true, d2: true }));
  test('squared and Huber', () => {
    scan(squaredLink, 3, [-1, 0, 1], { d1: true, d2: true });
    scan(huberLink(0.5), 3, [-1, 0, 1], { d1: true, d2: true });
  });
  test("hinge and absolute deviation: |φ'| ≤ 1, and their minorants: φ − ε/2 ≤ φ_ε ≤ φ, φ_ε'' ≤ 1/ε", () => {
    scan(hingeLink, 3, pm, { d1: true });
    scan(absoluteLink, 3, [-1, 0.3, 1], { d1: true });
    for (const link of [hingeLink, absoluteLink]) {
      for (const eps of [0.1, 0.01]) {
        const m = link.minorant!(eps);
        scan(m, 3, [-1, 1], { d2: true });
        let minGap = Infinity;
        let maxGap = -Infinity;
        for (let k = 0; k <= 2000; k++) {
          const u = -3 + (6 * k) / 2000;
          for (const y of [-1, 1]) {
            const gap = link.value(u, y) - m.value(u, y);
            minGap = Math.min(minGap, gap);
            maxGap = Math.max(maxGap, gap);
          }
        }
        expect(minGap, `${m.name} ≤ ${link.name}`).toBeGreaterThanOrEqual(-1e-15);
        expect(maxGap, `${m.name} ≥ ${link.name} − ε/2`).toBeLessThanOrEqual(eps / 2 + 1e-15);
      }
    }
  });
  test('Cauchy (normalised to [0, 1] on the domain) and Tukey: constants attained', () => {
    for (const c of [0.5, 1, 2]) {
      scan(cauchyLink(c, 3 + 1), 3, [-1, 0, 1], { d1: true, d2: true });
      scan(tukeyLink(c), 3, [-1, 0, 1], { d1: true, d2: true });
    }
  });
});

describe('F* certificates are tight where the solver claims it', () => {
  test.prop([instanceSpecArb('convex-smooth', { maxD: 6, maxN: 24 })], propParams(8))(
    'smooth convex: gap of the certificate ≤ 1e-9 × loss scale',
    (spec) => {
      const c = buildInstance(spec).constants;
      const scale = c.lossRange ? Math.max(1, c.lossRange[1] - c.lossRange[0]) : 1;
      expect(c.FstarGap, c.FstarCertificate).toBeLessThanOrEqual(1e-9 * scale);
    },
  );
  test.prop([instanceSpecArb('convex-nonsmooth', { maxD: 6, maxN: 24 })], propParams(4))(
    'non-smooth convex: gap ≤ 1e-3 × loss scale',
    (spec) => {
      const c = buildInstance(spec).constants;
      const scale = c.lossRange ? Math.max(1, c.lossRange[1] - c.lossRange[0]) : 1;
      expect(c.FstarGap, c.FstarCertificate).toBeLessThanOrEqual(1e-3 * scale);
    },
  );
});

describe('serialisation: JSON spec → buildInstance → the same bits', () => {
  const anyClass = fc.constantFrom(...CLASSES).chain((cls) => instanceSpecArb(cls, { maxD: 5, maxN: 12 }));
  test.prop([anyClass], propParams(15))('round trip through JSON, and through the normalised instance.spec', (spec) => {
    const text = JSON.stringify(spec);
    const a = buildInstance(spec);
    const b = buildInstance(JSON.parse(text) as InstanceSpec);
    const c = buildInstance(JSON.parse(JSON.stringify(a.spec)) as InstanceSpec);
    const w = new Float64Array(a.constants.d);
    onSphere(RandomStream.fromSeed(spec.seed), a.constants.d, a.constants.R / 2, w);
    for (const other of [b, c]) {
      expect(other.constants).toStrictEqual(a.constants);
      for (let i = 0; i < a.constants.n; i++) {
        expect(Object.is(other.objective.loss(w, i), a.objective.loss(w, i))).toBe(true);
        expect(gradOf(other.objective, w, i)).toStrictEqual(gradOf(a.objective, w, i));
      }
      if (a.neighbour) expect(other.neighbour!(0).loss(w, 0)).toBe(a.neighbour(0).loss(w, 0));
    }
  });
  test('different seeds give different data', () => {
    const a = buildInstance({ generator: 'logistic', params: { d: 3, n: 5 }, seed: 1 });
    const b = buildInstance({ generator: 'logistic', params: { d: 3, n: 5 }, seed: 2 });
    const w = new Float64Array([0.3, -0.2, 0.1]);
    expect(a.objective.loss(w, 0)).not.toBe(b.objective.loss(w, 0));
  });
});

describe('linear instance: the adversarial neighbour', () => {
  test.prop([instanceSpecArb('linear', { maxD: 6, maxN: 16 }), fc.nat({ max: 15 })], propParams(10))(
    'S^(i) replaces z_i by −z_i and keeps every other example',
    (spec, k) => {
      const inst = buildInstance(spec);
      const { n, d, L } = inst.constants;
      const i = k % n;
      const nb = inst.neighbour!(i);
      const w = new Float64Array(d);
      for (let j = 0; j < n; j++) {
        const g = gradOf(inst.objective, w, j);
        const h = gradOf(nb, w, j);
        expect(Math.abs(norm(g) - L)).toBeLessThanOrEqual(1e-12 * L);
        for (let q = 0; q < d; q++) expect(h[q]).toBe(j === i ? -g[q] : g[q]);
      }
    },
  );
});

describe('population risks', () => {
  /** |F_S(w) − F(w)| within 5 standard errors on a large sample (a fixed-seed test of the closed form). */
  function agreesWithSample(generator: string, params: Record<string, number>) {
    const inst = buildInstance({ generator, params, seed: profile.seed });
    const big = inst.objective;
    const w = new Float64Array(inst.constants.d);
    onSphere(RandomStream.fromSeed(profile.seed), inst.constants.d, inst.constants.R / 3, w);
    let m = 0;
    let m2 = 0;
    for (let i = 0; i < big.n; i++) {
      const f = big.loss(w, i);
      m += f / big.n;
      m2 += (f * f) / big.n;
    }
    const se = Math.sqrt(Math.max(m2 - m * m, 0) / big.n);
    const F = inst.populationRisk!(w);
    expect(
      Math.abs(m - F),
      `${generator}: sample mean ${m} vs ${inst.populationRiskMethod} ${F} (se ${se})`,
    ).toBeLessThanOrEqual(5 * se + 1e-12);
  }
  test('quadratic-spectrum: closed form ½(w − w*)ᵀH(w − w*) + ρ² tr H/(2(d + 2))', () => {
    agreesWithSample('quadratic-spectrum', { d: 3, n: 40000, R: 2, lambdaMax: 2, kappa: 8 });
  });
  test('linear: closed form F(w) = 0', () => {
    agreesWithSample('linear', { d: 3, n: 40000, R: 2, L: 1 });
  });
  test('Monte Carlo population risk is deterministic and within the loss range', () => {
    const inst = buildInstance({ generator: 'logistic', params: { d: 3, n: 10 }, seed: 3 });
    const w = new Float64Array([0.2, 0.1, -0.3]);
    const a = inst.populationRisk!(w);
    expect(buildInstance(inst.spec).populationRisk!(w)).toBe(a);
    const [lo, hi] = inst.constants.lossRange!;
    expect(a).toBeGreaterThanOrEqual(lo);
    expect(a).toBeLessThanOrEqual(hi);
    expect(inst.populationRiskMethod).toMatch(/Monte Carlo/);
  });
});

describe('Harvey–Liaw–Plan–Randhawa lower bounds, reproduced by the engine (docs/theory/convergence.md#harvey-et-al-lower-bounds)', () => {
  const T = 1000;
  const spec = (generator: string, t = T): InstanceSpec => ({ generator, params: { T: t }, seed: 0 });

  test('convex, T = 1000, α_t = 1/√t: f(w_T) − f* ≥ H_T/(32√T); measured values of the digest', () => {
    const inst = buildInstance(spec('harvey-convex'));
    const ks = [2, 5, 10, 50, 100, 500, 1000];
    const r = runHarvey(inst, ks);
    expect(inst.constants.Fstar).toBe(0);
    expect(r.last).toBeGreaterThanOrEqual(harveyLowerBound(T, 'convex'));
    // The digest prints these to 5 decimals: agreement to one unit in the last printed place.
    const printed = [0.01089, 0.00963, 0.00863, 0.00623, 0.0052, 0.00275, 0.00165];
    expect(Math.abs(r.last - 0.01172)).toBeLessThanOrEqual(1e-5);
    r.fwa.forEach((v, q) =>
      expect(Math.abs(v - printed[q]), `FWA(k=${ks[q]}) = ${v}, digest ${printed[q]}`).toBeLessThanOrEqual(1e-5),
    );
    // Averaging the last k iterates lowers the gap monotonically in k on this instance (digest's oracle).
    for (let q = 1; q < r.fwa.length; q++) expect(r.fwa[q]).toBeLessThan(r.fwa[q - 1]);
    expect(r.fwa[0]).toBeLessThan(r.last);
  });

  test('strongly convex, T = 1000, α_t = 1/t: f(w_T) − f* ≥ H_T/(4T) (digest: 0.00241 vs 0.00187)', () => {
    const inst = buildInstance(spec('harvey-strongly-convex'));
    const r = runHarvey(inst);
    const lb = harveyLowerBound(T, 'strongly-convex');
    expect(r.last).toBeGreaterThanOrEqual(lb);
    expect(Math.abs(r.last - 0.00241)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(lb - 0.00187)).toBeLessThanOrEqual(1e-5);
  });

  test.prop(
    [fc.integer({ min: 2, max: 300 }), fc.constantFrom('convex' as const, 'strongly-convex' as const)],
    propParams(20),
  )('every T: the oracle plays h_t at step t, no projection occurs, and the lower bound holds', (t, variant) => {
    const inst = buildInstance(spec(variant === 'convex' ? 'harvey-convex' : 'harvey-strongly-convex', t));
    const obj = inst.objective as HarveyObjective;
    let maxNorm = 0;
    const res = runSgd(
      { objective: obj, T: t, schedule: harveySchedule(variant), radius: 1 },
      {
        seed: 0,
        observe: (step, runner) => {
          expect(obj.lastIndex, `step ${step} plays h_${obj.lastIndex}`).toBe(step);
          maxNorm = Math.max(maxNorm, norm(runner.w));
        },
      },
    );
    // No projection: the iterates stay in the unit ball (x_2 = −h_1 sits on the sphere when b_1 = 1).
    expect(leqTol(maxNorm, 1)).toBe(true);
    if (variant === 'convex') {
      expect(maxNorm).toBeLessThanOrEqual(0.5 + 1e-12);
      // x_{T+1,j} = 1/(2√T) − a_j Σ_{s=j+1}^{T} s^{−1/2} (docs/theory/convergence.md#harvey-et-al-lower-bounds).
      for (let j = 1; j <= t; j++) {
        let s = 0;
        for (let q = j + 1; q <= t; q++) s += 1 / Math.sqrt(q);
        expect(Math.abs(res.w[j - 1] - (1 / (2 * Math.sqrt(t)) - obj.a[j - 1] * s))).toBeLessThanOrEqual(1e-12);
      }
    }
    expect(obj.loss(res.w, 0)).toBeGreaterThanOrEqual(harveyLowerBound(t, variant));
  });
});

describe('arbitraries: log-uniform integer grids, small shrinks, printable specs', () => {
  test('scale parameters lie on the 2^(e/2) grid and dimensions respect maxD', () => {
    for (const cls of CLASSES) {
      for (const s of fc.sample(instanceSpecArb(cls, { maxD: 4, maxN: 9 }), { numRuns: 25, seed: profile.seed })) {
        const inst = buildInstance(s);
        expect(inst.constants.d).toBeLessThanOrEqual(4);
        expect(inst.constants.n).toBeLessThanOrEqual(9);
        for (const key of ['R', 'Rx', 'L', 'lambda', 'c', 'delta', 'lambdaMax']) {
          const v = s.params[key];
          if (typeof v === 'number')
            expect(Number.isInteger(Math.round(2 * Math.log2(v) * 1e9) / 1e9), `${key} = ${v}`).toBe(true);
        }
        expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
      }
    }
  });
  test('options: `also` narrows to smooth strongly convex generators; `fixed` pins parameters (even past maxD)', () => {
    const smoothSc = fc.sample(instanceSpecArb('strongly-convex', { also: ['convex-smooth'] }), {
      numRuns: 80,
      seed: profile.seed,
    });
    for (const s of smoothSc) expect(Number.isFinite(buildInstance(s).constants.beta), s.generator).toBe(true);
    for (const s of fc.sample(instanceSpecArb('linear', { fixed: { R: 1024, d: 12 } }), {
      numRuns: 10,
      seed: profile.seed,
    })) {
      expect(s.params.R).toBe(1024);
      expect(s.params.d).toBe(12);
    }
  });
  test('a failing property shrinks to the smallest instance (d = 1, n = minN, scales 1, seed 0)', () => {
    const out = fc.check(
      fc.property(instanceSpecArb('convex-smooth', { generators: ['logistic'], minN: 2 }), () => false),
      { seed: profile.seed },
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample![0]).toStrictEqual({
      generator: 'logistic',
      params: { d: 1, n: 2, R: 1, Rx: 1 },
      seed: 0,
    });
  });
});

describe('bad input: typed errors naming the parameter, never a silent NaN', () => {
  function expectInvalid(f: () => unknown, parameter: string) {
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(caught, `expected InvalidParameterError(${parameter})`).toBeInstanceOf(InvalidParameterError);
    expect((caught as InvalidParameterError).parameter).toBe(parameter);
  }
  const build =
    (generator: string, params: Record<string, number>, seed = 1) =>
    () =>
      buildInstance({ generator, params, seed });

  test('R ≤ 0', () => {
    expectInvalid(build('logistic', { R: 0 }), 'logistic.R');
    expectInvalid(build('hinge', { R: -1 }), 'hinge.R');
    expectInvalid(build('linear', { R: NaN }), 'linear.R');
  });
  test('width 0 (tanh network)', () => expectInvalid(build('tanh-net', { width: 0 }), 'tanh-net.width'));
  test('μ < 0 (ridge coefficient, and data-set constructor)', () => {
    expectInvalid(build('ridge-logistic', { lambda: -0.5 }), 'ridge-logistic.lambda');
    expectInvalid(
      () => glmFromData({ X: [[0.5]], y: [1], R: 1, Rx: 1, lambda: -1, task: 'classification', link: logisticLink }),
      'lambda (μ)',
    );
  });
  test('data outside the stated norm, bad labels', () => {
    expectInvalid(
      () =>
        glmFromData({
          X: [
            [0.5, 0],
            [1, 1],
          ],
          y: [1, -1],
          R: 1,
          Rx: 1,
          task: 'classification',
          link: logisticLink,
        }),
      '‖X[1]‖',
    );
    expectInvalid(
      () => glmFromData({ X: [[0.5, 0]], y: [0.3], R: 1, Rx: 1, task: 'classification', link: logisticLink }),
      'y[0]',
    );
    expectInvalid(
      () => glmFromData({ X: [[NaN, 0]], y: [1], R: 1, Rx: 1, task: 'classification', link: logisticLink }),
      'X[0][0]',
    );
  });
  test('dimensions, sample sizes, seeds, condition numbers, unknown names', () => {
    expectInvalid(build('logistic', { d: 0 }), 'logistic.d');
    expectInvalid(build('logistic', { d: 2.5 }), 'logistic.d');
    expectInvalid(build('sigmoid', { n: 0 }), 'sigmoid.n');
    expectInvalid(build('quadratic-spectrum', { kappa: 0.5 }), 'quadratic-spectrum.kappa');
    expectInvalid(build('max-affine', { pieces: 0 }), 'max-affine.pieces');
    expectInvalid(build('harvey-convex', { T: 0 }), 'harvey-convex.T');
    expectInvalid(build('logistic', {}, -1), 'logistic.seed');
    expectInvalid(build('logistic', { radius: 1 }), 'logistic.radius');
    expectInvalid(build('no-such-generator', {}), 'generator');
    expectInvalid(
      () => buildInstance({ generator: 'logistic', params: { R: '1' as unknown as number }, seed: 1 }),
      'logistic.R',
    );
  });
  test('neighbour index out of range', () => {
    const inst = buildInstance({ generator: 'logistic', params: { n: 4 }, seed: 1 });
    expectInvalid(() => inst.neighbour!(4), 'neighbour index i');
    const lin = buildInstance({ generator: 'linear', params: { n: 4 }, seed: 1 });
    expectInvalid(() => lin.neighbour!(-1), 'neighbour index i');
  });
  test('a valid data set gives certified constants (the data-set constructor is usable)', () => {
    const inst = glmFromData({
      X: [
        [0.6, 0.8],
        [-1, 0],
      ],
      y: [1, -1],
      R: 2,
      Rx: 1,
      task: 'classification',
      link: logisticLink,
    });
    expect(inst.constants.L).toBe(1);
    expect(inst.constants.beta).toBe(0.25);
    checkCertificates(inst, 5);
  });
});
