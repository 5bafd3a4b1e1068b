import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream } from '../src/engine/rng';
import { maxAffineInterpolant, type InterpolationPoint } from '../src/objectives/worst-case/interpolant';
import { simplexQp } from '../src/objectives/worst-case/simplex-qp';
import { smoothInterpolant } from '../src/objectives/worst-case/smooth-interpolant';
import { numericAlgebra } from '../src/pep/algebra';
import { smoothStronglyConvex } from '../src/pep/classes/smooth-strongly-convex';
import { fastCheckParams } from '../src/profile';

/**
 * The builders behind the smooth and strongly convex worst cases: the simplex QP with a linear term
 * (Wolfe's active set extended), the smooth interpolant of Taylor, Hendrickx & Glineur (2017, Thm 4)
 * and the max-affine interpolant plus (μ/2)‖x − x_i‖². Each property has a deliberately wrong variant
 * beside it that the same check rejects. Replay a failure with the seed fast-check prints
 * (FWA_PATH=<path> npx vitest run properties/worst-case-interpolants.test.ts).
 */

const gaussian = (rng: RandomStream, d: number, s = 1): Float64Array => {
  const v = new Float64Array(d);
  for (let k = 0; k < d; k++) v[k] = s * rng.normal();
  return v;
};

/**
 * The duality gap of λ for min over the simplex of ½‖Σλ_i u_i‖² + Σλ_i b_i: λᵀ∇q − min_i ∂_i q, an upper
 * bound on q(λ) − min q (convexity), relative to the problem's scale. ≤ 0 up to rounding at the optimum.
 */
function simplexGap(U: Float64Array, b: Float64Array, m: number, d: number, lambda: Float64Array): number {
  const x = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) x[k] += lambda[i] * U[i * d + k];
  let level = 0;
  let least = Infinity;
  let scale = 0;
  for (let i = 0; i < m; i++) {
    let g = b[i];
    let n2 = 0;
    for (let k = 0; k < d; k++) {
      g += x[k] * U[i * d + k];
      n2 += U[i * d + k] ** 2;
    }
    level += lambda[i] * g;
    least = Math.min(least, g);
    scale = Math.max(scale, n2);
  }
  return (level - least) / (scale + Math.max(...b) - Math.min(...b));
}

/** Random simplex QPs, with the degeneracies of the worst cases: more points than dimensions, repeats, collinear points. */
const qpArb = fc
  .record({
    d: fc.integer({ min: 1, max: 8 }),
    m: fc.integer({ min: 1, max: 45 }),
    seed: fc.nat(),
    shape: fc.constantFrom('general', 'repeated', 'collinear'),
  })
  .map(({ d, m, seed, shape }) => {
    const rng = RandomStream.fromSeed(seed);
    const U = new Float64Array(m * d);
    const b = new Float64Array(m);
    const base = gaussian(rng, d);
    const dir = gaussian(rng, d);
    for (let i = 0; i < m; i++) {
      const u =
        shape === 'collinear'
          ? base.map((v, k) => v + rng.normal() * dir[k])
          : shape === 'repeated' && i > 0 && rng.float() < 0.5
            ? U.slice(((i - 1) >> 1) * d, (((i - 1) >> 1) + 1) * d)
            : gaussian(rng, d);
      U.set(u, i * d);
      b[i] = rng.normal();
    }
    return { d, m, U, b, seed, shape };
  });

describe('simplexQp: min over the simplex of ½‖Σλ_i u_i‖² + Σλ_i b_i', () => {
  it('ends at a point whose duality gap is ≤ 1e-12 (relative), with simplex weights', () => {
    fc.assert(
      fc.property(qpArb, ({ d, m, U, b }) => {
        const lambda = simplexQp(m, d).solve(U, b, 'test QP');
        let sum = 0;
        for (const l of lambda) {
          expect(l).toBeGreaterThanOrEqual(0);
          sum += l;
        }
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        expect(simplexGap(U, b, m, d, lambda)).toBeLessThan(1e-12);
      }),
      fastCheckParams(200),
    );
  });

  it('the gap check rejects a wrong answer (the best vertex, ignoring the quadratic coupling)', () => {
    // u = (−1), (1), b = (0, 0.1): q = ½(2t − 1)² + 0.1t with t = λ_1, least at t = 0.475; the
    // vertex of least b (λ = e_0, q = ½) is far from it.
    const U = Float64Array.of(-1, 1);
    const b = Float64Array.of(0, 0.1);
    expect(simplexGap(U, b, 2, 1, Float64Array.of(1, 0))).toBeGreaterThan(0.1);
    const lambda = simplexQp(2, 1).solve(U, b, 'test QP');
    expect(Math.abs(lambda[0] - 0.525)).toBeLessThan(1e-15);
  });
});

/**
 * Interpolable data with margins: f(x) = (μ/2)‖x‖² + Σ_k a_k softplus(⟨w_k, x⟩ + c_k), μ-strongly convex
 * and (μ + 0.9ℓ)-smooth (softplus'' ≤ ¼, so Σ a_k‖w_k‖²/4 = 0.9ℓ bounds the Hessian of the sum), seen at
 * m random points.
 */
function smoothData(seed: number, d: number, m: number, mu: number, beta: number): InterpolationPoint[] {
  const rng = RandomStream.fromSeed(seed);
  const K = 3;
  const W = Array.from({ length: K }, () => gaussian(rng, d));
  const c = Array.from({ length: K }, () => rng.normal());
  const a0 = Array.from({ length: K }, () => rng.float() + 0.1);
  const curv = W.reduce((s, w, k) => s + (a0[k] * w.reduce((t, v) => t + v * v, 0)) / 4, 0);
  const a = a0.map((v) => (v * 0.9 * (beta - mu)) / curv);
  return Array.from({ length: m }, () => {
    const x = gaussian(rng, d, 2);
    const g = x.map((v) => mu * v);
    let f = (mu / 2) * x.reduce((s, v) => s + v * v, 0);
    for (let k = 0; k < K; k++) {
      const z = W[k].reduce((s, v, i) => s + v * x[i], 0) + c[k];
      f += a[k] * (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
      const sig = 1 / (1 + Math.exp(-z));
      for (let i = 0; i < d; i++) g[i] += a[k] * sig * W[k][i];
    }
    return { x, g, f };
  });
}

/** Largest value of the β-smooth μ-strongly convex interpolation inequalities (src/pep/classes) over the points. */
function classViolation(points: InterpolationPoint[], mu: number, beta: number): number {
  const d = points[0].x.length;
  const named = points.map((p, i) => ({ name: `${i}`, ...p }));
  let worst = -Infinity;
  for (const q of smoothStronglyConvex(mu, beta).interpolation(numericAlgebra(d), named))
    worst = Math.max(worst, q.value());
  return worst;
}

const smoothArb = fc.record({
  d: fc.integer({ min: 1, max: 6 }),
  m: fc.integer({ min: 1, max: 20 }),
  seed: fc.nat(),
  mu: fc.constantFrom(0, 0.1, 0.5),
  beta: fc.constantFrom(1, 4),
});

describe('smoothInterpolant: the β-smooth μ-strongly convex interpolant (Taylor et al. 2017, Thm 4)', () => {
  it('meets the data: f(x_i) = f_i to 1e-12 and ∇f(x_i) = g_i to 1e-9 (computed, not the oracle)', () => {
    fc.assert(
      fc.property(smoothArb, ({ d, m, seed, mu, beta }) => {
        const pts = smoothData(seed, d, m, mu, beta);
        const h = smoothInterpolant(pts, { mu, beta, tolerance: 0, anchorRadius: 0 });
        const g = new Float64Array(d);
        for (const p of pts) {
          expect(Math.abs(h.value(p.x) - p.f)).toBeLessThan(1e-12 * (1 + Math.abs(p.f)));
          h.gradient(p.x, g);
          const scale = 1 + Math.hypot(...p.g);
          for (let k = 0; k < d; k++) expect(Math.abs(g[k] - p.g[k])).toBeLessThan(1e-9 * scale);
        }
        expect(h.anchorValueError).toBeLessThan(1e-12 * (1 + Math.max(...pts.map((p) => Math.abs(p.f)))));
      }),
      fastCheckParams(100),
    );
  });

  it('is β-smooth and μ-strongly convex: the interpolation inequalities hold between random points', () => {
    fc.assert(
      fc.property(smoothArb, ({ d, m, seed, mu, beta }) => {
        const pts = smoothData(seed, d, m, mu, beta);
        const h = smoothInterpolant(pts, { mu, beta, tolerance: 0, anchorRadius: 0 });
        const rng = RandomStream.fromSeed(seed + 1);
        // Inside and far outside the data (where the envelope has its full curvature).
        const probes = Array.from({ length: 12 }, (_, q) => {
          const x = gaussian(rng, d, q < 6 ? 2 : 20);
          const g = new Float64Array(d);
          h.gradient(x, g);
          return { x, g, f: h.value(x) };
        });
        const scale = 1 + Math.max(...probes.map((p) => Math.abs(p.f)));
        expect(classViolation(probes, mu, beta)).toBeLessThan(1e-10 * scale);
      }),
      fastCheckParams(100),
    );
  });

  it('the same check catches a wrong constant: the probes are not β/4-smooth', () => {
    const pts = smoothData(7, 3, 10, 0.1, 4);
    const h = smoothInterpolant(pts, { mu: 0.1, beta: 4, tolerance: 0, anchorRadius: 0 });
    const rng = RandomStream.fromSeed(8);
    const probes = Array.from({ length: 12 }, () => {
      const x = gaussian(rng, 3, 20);
      const g = new Float64Array(3);
      h.gradient(x, g);
      return { x, g, f: h.value(x) };
    });
    expect(classViolation(probes, 0.1, 1)).toBeGreaterThan(1);
  });

  it('refuses data that violate the conditions, naming the inequality; accepted anyway, the misfit shows', () => {
    const pts = smoothData(3, 2, 8, 0.1, 1);
    const bad = pts.map((p, i) => (i === 0 ? { ...p, f: p.f + 5 } : p));
    expect(() => smoothInterpolant(bad, { mu: 0.1, beta: 1, tolerance: 1e-8, anchorRadius: 0 })).toThrow(
      /interpolation points \(inequality sc:\d\|\d\).*violated by/,
    );
    // Rising f_0 or turning g_0 makes the data no longer those of a member of the class.
    const h = smoothInterpolant(bad, { mu: 0.1, beta: 1, tolerance: Infinity, anchorRadius: 0 });
    expect(h.interpolationSlack).toBeGreaterThan(1);
    expect(h.anchorValueError).toBeGreaterThan(1e-3);
    const turned = pts.map((p, i) => (i === 0 ? { ...p, g: p.g.map((v) => -v) } : p));
    const h2 = smoothInterpolant(turned, { mu: 0.1, beta: 1, tolerance: Infinity, anchorRadius: 0 });
    expect(h2.anchorGradientError + h2.anchorValueError).toBeGreaterThan(1e-3);
    // μ ≥ β is no class.
    expect(() => smoothInterpolant(pts, { mu: 1, beta: 1, tolerance: 0, anchorRadius: 0 })).toThrow(/beta/);
  });

  it('the oracle answers g_i within anchorRadius of x_i, and ∇f elsewhere', () => {
    const pts = smoothData(5, 3, 6, 0, 1);
    const h = smoothInterpolant(pts, { mu: 0, beta: 1, tolerance: 0, anchorRadius: 1e-9 });
    const out = new Float64Array(3);
    const exact = new Float64Array(3);
    pts.forEach((p, i) => {
      const near = p.x.map((v) => v + 3e-10);
      expect(h.subgradient(near, out)).toBe(i);
      expect(Array.from(out)).toEqual(Array.from(p.g));
    });
    const far = Float64Array.of(9, -9, 9);
    expect(h.subgradient(far, out)).toBe(-1);
    h.gradient(far, exact);
    expect(Array.from(out)).toEqual(Array.from(exact));
  });
});

/**
 * Data of F(x) = max_k (a_k + ⟨w_k, x⟩) + (μ/2)‖x‖², μ-strongly convex: at x_i, f_i = F(x_i) and
 * g_i = w_k* + μx_i for a maximising k*.
 */
function stronglyConvexData(seed: number, d: number, m: number, mu: number): InterpolationPoint[] {
  const rng = RandomStream.fromSeed(seed);
  const K = 4;
  const W = Array.from({ length: K }, () => gaussian(rng, d));
  const a = Array.from({ length: K }, () => rng.normal());
  return Array.from({ length: m }, () => {
    const x = gaussian(rng, d);
    let best = -Infinity;
    let kb = 0;
    for (let k = 0; k < K; k++) {
      const v = a[k] + W[k].reduce((s, w, i) => s + w * x[i], 0);
      if (v > best) {
        best = v;
        kb = k;
      }
    }
    const x2 = x.reduce((s, v) => s + v * v, 0);
    return { x, g: W[kb].map((w, i) => w + mu * x[i]), f: best + (mu / 2) * x2 };
  });
}

describe('maxAffineInterpolant with μ > 0: max-affine interpolant of f − (μ/2)‖·‖², plus the quadratic', () => {
  const arb = fc.record({
    d: fc.integer({ min: 1, max: 6 }),
    m: fc.integer({ min: 1, max: 20 }),
    seed: fc.nat(),
    mu: fc.constantFrom(0.5, 1, 4),
  });
  const TAU = 1e-12;

  /** Worst violation of f(y) ≥ f(w) + ⟨g(w), y − w⟩ + (μ'/2)‖y − w‖² − τ over random pairs. */
  function strongConvexityViolation(pts: InterpolationPoint[], mu: number, muChecked: number, seed: number): number {
    const d = pts[0].x.length;
    const h = maxAffineInterpolant(pts, { tieTolerance: TAU, mu });
    const rng = RandomStream.fromSeed(seed);
    const g = new Float64Array(d);
    let worst = -Infinity;
    for (let q = 0; q < 30; q++) {
      const w = gaussian(rng, d, 2);
      const y = gaussian(rng, d, 2);
      h.subgradient(w, g);
      let rhs = h.value(w) - TAU;
      let r2 = 0;
      for (let k = 0; k < d; k++) {
        rhs += g[k] * (y[k] - w[k]);
        r2 += (y[k] - w[k]) ** 2;
      }
      worst = Math.max(worst, rhs + (muChecked / 2) * r2 - h.value(y));
    }
    return worst;
  }

  it('meets the data (value, and g_i from the oracle at x_i) and is μ-strongly convex on random pairs', () => {
    fc.assert(
      fc.property(arb, ({ d, m, seed, mu }) => {
        const pts = stronglyConvexData(seed, d, m, mu);
        const h = maxAffineInterpolant(pts, { tieTolerance: TAU, mu });
        const g = new Float64Array(d);
        for (const p of pts) {
          expect(Math.abs(h.value(p.x) - p.f)).toBeLessThan(1e-12 * (1 + Math.abs(p.f)));
          h.subgradient(p.x, g);
          expect(Array.from(g)).toEqual(Array.from(p.g));
        }
        expect(strongConvexityViolation(pts, mu, mu, seed)).toBeLessThan(1e-9);
      }),
      fastCheckParams(100),
    );
  });

  it('the same check catches a wrong modulus (2μ + 1)', () => {
    const pts = stronglyConvexData(11, 3, 12, 1);
    expect(strongConvexityViolation(pts, 1, 3, 12)).toBeGreaterThan(0.1);
  });

  it('slopeRange brackets the oracle on the hull: every answer ≤ upper, and lower ≤ upper', () => {
    fc.assert(
      fc.property(arb, ({ d, m, seed, mu }) => {
        const pts = stronglyConvexData(seed, d, m, mu);
        const h = maxAffineInterpolant(pts, { tieTolerance: TAU, mu });
        const vertices = pts.map((p) => p.x);
        const { lower, upper } = h.slopeRange(vertices);
        expect(lower).toBeLessThanOrEqual(upper);
        const rng = RandomStream.fromSeed(seed + 2);
        const g = new Float64Array(d);
        for (let q = 0; q < 20; q++) {
          const lam = vertices.map(() => rng.float() ** 3);
          const total = lam.reduce((s, v) => s + v, 0);
          const x = new Float64Array(d);
          vertices.forEach((v, i) => v.forEach((vk, k) => (x[k] += (lam[i] / total) * vk)));
          h.subgradient(x, g);
          expect(Math.hypot(...g)).toBeLessThanOrEqual(upper * (1 + 1e-12));
        }
      }),
      fastCheckParams(100),
    );
  });
});
