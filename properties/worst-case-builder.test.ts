import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/engine/rng';
import { runSgd } from '../src/engine/sgd';
import { hullProjector } from '../src/objectives/worst-case/hull-projection';
import { maxAffineInterpolant, type InterpolationPoint } from '../src/objectives/worst-case/interpolant';
import { fastCheckParams } from '../src/profile';

/**
 * The two builders of the worst-case instances: the projection onto a convex hull (Wolfe's algorithm)
 * and the max-affine interpolant with its tie-breaking oracle. Each property has a deliberately wrong
 * variant beside it that the same check rejects.
 */

const gaussian = (rng: RandomStream, d: number, s = 1): Float64Array => {
  const v = new Float64Array(d);
  for (let k = 0; k < d; k++) v[k] = s * rng.normal();
  return v;
};

/** A random polytope (m points in R^d) and a random point y, from a seed. */
const polytopeArb = fc
  .record({
    d: fc.integer({ min: 1, max: 12 }),
    m: fc.integer({ min: 1, max: 30 }),
    seed: fc.nat(),
    spread: fc.constantFrom(0.1, 1, 3),
  })
  .map(({ d, m, seed, spread }) => {
    const rng = RandomStream.fromSeed(seed);
    return { vertices: Array.from({ length: m }, () => gaussian(rng, d)), y: gaussian(rng, d, spread), d, m, seed };
  });

/**
 * Π_W(y) = p with p ∈ W is characterised by ⟨y − p, v − p⟩ ≤ 0 for every v ∈ W, and it is enough to
 * check the vertices (the expression is affine in v). The largest value, relative to the squared scale.
 */
function kktResidual(vertices: readonly Float64Array[], y: Float64Array, p: Float64Array): number {
  let worst = -Infinity;
  let scale = 0;
  for (const v of vertices) {
    let s = 0;
    let n2 = 0;
    for (let k = 0; k < y.length; k++) {
      s += (y[k] - p[k]) * (v[k] - p[k]);
      n2 += (v[k] - y[k]) ** 2;
    }
    worst = Math.max(worst, s);
    scale = Math.max(scale, n2);
  }
  return worst / Math.max(scale, 1e-300);
}

describe('hullProjector: Euclidean projection onto conv{v_i}', () => {
  it('satisfies the variational inequality at every vertex to 1e-12 and returns simplex weights', () => {
    fc.assert(
      fc.property(polytopeArb, ({ vertices, y }) => {
        const { weights, point } = hullProjector(vertices).projectWeights(y);
        let sum = 0;
        for (const w of weights) {
          expect(w).toBeGreaterThanOrEqual(0);
          sum += w;
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        expect(kktResidual(vertices, y, point)).toBeLessThan(1e-12);
      }),
      fastCheckParams(200),
    );
  });

  it('the variational-inequality check rejects a wrong projection (the nearest vertex)', () => {
    const vertices = [Float64Array.of(0, 0), Float64Array.of(2, 0), Float64Array.of(0, 2)];
    const y = Float64Array.of(1.5, 1.5);
    // The projection is (1, 1) on the edge; the nearest vertex (2, 0) is not.
    expect(kktResidual(vertices, y, Float64Array.of(2, 0))).toBeGreaterThan(0.1);
    const p = hullProjector(vertices).projectWeights(y).point;
    expect(Math.abs(p[0] - 1) + Math.abs(p[1] - 1)).toBeLessThan(1e-15);
  });

  it('leaves points of the hull where they are (1e-12) and vertices exactly', () => {
    fc.assert(
      fc.property(polytopeArb, fc.nat(), ({ vertices, d, m }, seed) => {
        const rng = RandomStream.fromSeed(seed);
        const lambda = Array.from({ length: m }, () => rng.float() + 1e-3);
        const total = lambda.reduce((a, b) => a + b, 0);
        const inside = new Float64Array(d);
        vertices.forEach((v, i) => v.forEach((x, k) => (inside[k] += (lambda[i] / total) * x)));
        const proj = hullProjector(vertices);
        const p = inside.slice();
        proj.project(p);
        for (let k = 0; k < d; k++) expect(Math.abs(p[k] - inside[k])).toBeLessThan(1e-12);
        const v = vertices[seed % m].slice();
        proj.project(v);
        expect(Array.from(v)).toEqual(Array.from(vertices[seed % m]));
      }),
      fastCheckParams(100),
    );
  });

  it('reports the diameter and refuses an empty or ragged vertex list', () => {
    expect(hullProjector([Float64Array.of(0, 0), Float64Array.of(3, 4), Float64Array.of(1, 1)]).diameter).toBe(5);
    expect(() => hullProjector([])).toThrow(/vertices/);
    expect(() => hullProjector([Float64Array.of(0), Float64Array.of(0, 1)])).toThrow(/vertices\[1\]\.length/);
  });
});

describe('maxAffineInterpolant: f(x) = max_i f_i + ⟨g_i, x − x_i⟩ and its oracle', () => {
  // |x| in one dimension seen at −1, 0, 1: at 0 both pieces ±x are active (a tie), and the point at 0
  // asks for the subgradient 0.5 there.
  const abs: InterpolationPoint[] = [
    { x: Float64Array.of(-1), g: Float64Array.of(-1), f: 1 },
    { x: Float64Array.of(0), g: Float64Array.of(0.5), f: 0 },
    { x: Float64Array.of(1), g: Float64Array.of(1), f: 1 },
  ];

  it('takes the value f_i at x_i and returns g_i there although other pieces tie', () => {
    const h = maxAffineInterpolant(abs, { tieTolerance: 1e-12 });
    const out = new Float64Array(1);
    abs.forEach((p, i) => {
      expect(h.value(p.x)).toBe(p.f);
      expect(h.subgradient(p.x, out)).toBe(i);
      expect(out[0]).toBe(p.g[0]);
    });
    expect(h.lipschitz).toBe(1);
    // Near 0 (an engine iterate off by rounding) the point at 0 is still the one returned.
    expect(h.subgradient(Float64Array.of(1e-14), out)).toBe(1);
  });

  it('with tolerance 0 the tie rule cannot recover the point at 0 from a rounded iterate (it answers −1)', () => {
    const h = maxAffineInterpolant(abs, { tieTolerance: 0 });
    const out = new Float64Array(1);
    // At exactly 0 with tolerance 0 all three pieces tie at 0 and the nearest anchor still wins;
    // slightly left of 0 only the piece −x is maximal and tolerance 0 cannot pick the point at 0.
    expect(h.subgradient(Float64Array.of(0), out)).toBe(1);
    expect(h.subgradient(Float64Array.of(-1e-14), out)).toBe(0);
    expect(out[0]).toBe(-1);
  });

  it('the oracle is a τ-subgradient: f(y) ≥ f(w) + ⟨g, y − w⟩ − τ on random max-affine functions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.nat(), (d, m, seed) => {
        const rng = RandomStream.fromSeed(seed);
        const pts = Array.from({ length: m }, () => ({ x: gaussian(rng, d), g: gaussian(rng, d), f: rng.normal() }));
        const tau = 1e-3;
        const h = maxAffineInterpolant(pts, { tieTolerance: tau });
        const g = new Float64Array(d);
        for (let q = 0; q < 20; q++) {
          const w = gaussian(rng, d);
          const y = gaussian(rng, d, 2);
          h.subgradient(w, g);
          let lin = h.value(w);
          for (let k = 0; k < d; k++) lin += g[k] * (y[k] - w[k]);
          expect(h.value(y)).toBeGreaterThanOrEqual(lin - tau - 1e-12);
        }
      }),
      fastCheckParams(100),
    );
  });

  it('refuses a point of another dimension', () => {
    const h = maxAffineInterpolant(abs, { tieTolerance: 0 });
    expect(() => h.value(Float64Array.of(0, 0))).toThrow(/dimension 1/);
    expect(() => maxAffineInterpolant([], { tieTolerance: 0 })).toThrow(/interpolation points/);
  });
});

describe('the engine on a ConvexDomain', () => {
  const square = hullProjector([
    Float64Array.of(0, 0),
    Float64Array.of(1, 0),
    Float64Array.of(0, 1),
    Float64Array.of(1, 1),
  ]);
  const domain = { project: (w: Float64Array) => square.project(w), label: 'the unit square' };
  // f(w) = −⟨(1, 2), w⟩: every step leaves the square towards (+∞, +∞), so each iterate is a projection.
  const objective = {
    d: 2,
    n: 1,
    loss: (w: Float64Array) => -(w[0] + 2 * w[1]),
    grad: (_w: Float64Array, _i: number, out: Float64Array) => out.set([-1, -2]),
  };

  it('projects every iterate onto the domain instead of a ball', () => {
    const seen: number[][] = [];
    runSgd(
      { objective, T: 3, schedule: { kind: 'constant', alpha: 0.25 }, domain },
      { seed: 0, observe: (_t, r) => seen.push(Array.from(r.w)) },
    );
    // (0, 0) − 0.25·(−1, −2) = (0.25, 0.5); then (0.5, 1) on the top edge; then (0.75, 1).
    expect(seen).toEqual([
      [0.25, 0.5],
      [0.5, 1],
      [0.75, 1],
    ]);
  });

  it('refuses a radius beside a domain, naming the domain', () => {
    expect(() =>
      runSgd({ objective, T: 1, schedule: { kind: 'constant', alpha: 1 }, domain, radius: 2 }, { seed: 0 }),
    ).toThrow(/unit square/);
  });
});
