/**
 * The proof of the FWA convergence bound (docs/theory/convergence.md#proof-of-c1-step-by-step
 * §1.2–1.3), step by step, in the order the proof uses them, each checked on random instances.
 * Indexing is Shamir–Zhang's (x_1 initial, T iterates; recordSzTrace takes one extra step so the
 * telescoping can use x_{T+1}). Runs are deterministic (n = 1 or full batch), so every inequality
 * holds PATHWISE with G = max_t ‖g_t‖, up to the suite's one float tolerance (src/stats/tolerance.ts).
 * proofs/README.md maps each step to the theorem it serves.
 */
import { afterAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { empiricalRisk } from '../src/engine/objective';
import { convexInstanceArb, fullBatch, recordSzTrace, type SzTrace } from '../src/measure/convergence';
import { log2Grid } from '../src/objectives/arbitraries';
import { currentProfile, fastCheckParams } from '../src/profile';
import { eqTol, leqTol } from '../src/stats/tolerance';
import { getTheorem } from '../src/catalog/registry';
import { writeReport } from '../properties/harness';

const profile = currentProfile();
const params = (numRuns: number) => fastCheckParams(numRuns, profile);

// ---- shared pieces of the proof (written once, used by the steps below) ----------------------------

function dist2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/** Σ_{t=a}^{b} t^{−1/2}, summed from the small terms up. */
function invSqrtSum(a: number, b: number): number {
  let s = 0;
  for (let t = b; t >= a; t--) s += 1 / Math.sqrt(t);
  return s;
}

/** B_m = (D²/(2c))(√T − √(T−m)) + (cG²/2) Σ_{t=T−m}^{T} t^{−1/2} (√T − √(T−m) written as m/(√T + √(T−m)): no cancellation). */
function Bm(T: number, m: number, c: number, D: number, G: number): number {
  return ((D * D) / (2 * c)) * (m / (Math.sqrt(T) + Math.sqrt(T - m))) + ((c * G * G) / 2) * invSqrtSum(T - m, T);
}

/** S_m = mean of F(x_t) over the last m + 1 iterates t = T−m..T. */
function Sm(tr: SzTrace, m: number): number {
  let s = 0;
  for (let t = tr.T - m; t <= tr.T; t++) s += tr.F[t];
  return s / (m + 1);
}

/** A deterministic run on a random convex instance (Harvey's, or full-batch on a generator's), step c/√t. */
interface Run {
  tr: SzTrace;
  c: number;
  D: number;
  Fstar: number;
  label: string;
}

const runArb: fc.Arbitrary<Run> = fc
  .record({
    inst: convexInstanceArb({ minT: 2, maxT: 120 }),
    c: log2Grid(-12, 20, 4),
    seed: fc.integer({ min: 0, max: 0xffff }),
  })
  .map(({ inst, c, seed }) => {
    const { instance, T } = inst;
    const obj = fullBatch(instance.objective);
    const tr = recordSzTrace(obj, T, { kind: 'inv-sqrt-t', c }, instance.constants.R, seed);
    const label = `${JSON.stringify(instance.spec)} T=${T} c=${c} seed=${seed}`;
    // fast-check prints a counterexample with this instead of the whole trace.
    return { tr, c, D: instance.constants.D, Fstar: instance.constants.Fstar, label, [fc.toStringMethod]: () => label };
  });

/** How close each pathwise step comes to its right-hand side (max lhs/rhs), for the reports. */
const tightness: Record<string, { maxRatio: number; at: string }> = {};
function record(step: string, lhs: number, rhs: number, at: string): void {
  const r = rhs > 0 ? lhs / rhs : 0;
  if (!(step in tightness) || r > tightness[step].maxRatio) tightness[step] = { maxRatio: r, at };
}
afterAll(() => {
  if (Object.keys(tightness).length > 0) writeReport('proofs-convergence-tightness', tightness);
});

// ---- the steps -------------------------------------------------------------------------------------

describe('FWA convergence proof, step by step (pathwise on deterministic runs)', () => {
  test.prop([runArb, fc.integer({ min: 0, max: 1 << 30 })], params(40))(
    '1. one-step inequality: F(x_t) − F(u) ≤ (‖x_t−u‖² − ‖x_{t+1}−u‖²)/(2η_t) + η_t‖g_t‖²/2 for u = x_{T−m}, x_T, x_1 and a far point of W',
    ({ tr, label }, pick) => {
      // Comparators: an iterate x_{T−m} (the suffix lemma's), the last and the first iterate, and
      // the point of W opposite x_T (any u ∈ W is allowed).
      const far = tr.x[tr.T].map((v) => -v);
      const comparators = [tr.x[1 + (pick % tr.T)], tr.x[tr.T], tr.x[1], far];
      for (const u of comparators) {
        const Fu = empiricalRisk(tr.objective, u);
        for (let t = 1; t <= tr.T; t++) {
          const lhs = tr.F[t] - Fu;
          const g2 = dist2(tr.g[t], new Float64Array(tr.g[t].length));
          const rhs = (dist2(tr.x[t], u) - dist2(tr.x[t + 1], u)) / (2 * tr.eta[t]) + (tr.eta[t] * g2) / 2;
          expect(leqTol(lhs, rhs, Math.abs(tr.F[t]) + dist2(tr.x[t], u) / tr.eta[t]), `${label} t=${t}`).toBe(true);
        }
      }
    },
  );

  test.prop([runArb], params(40))(
    '2a. suffix lemma: Σ_{t=T−m}^{T} [F(x_t) − F(x_{T−m})] ≤ B_m for every 1 ≤ m ≤ T−1',
    ({ tr, c, D, label }) => {
      for (let m = 1; m <= tr.T - 1; m++) {
        let lhs = 0;
        for (let t = tr.T - m; t <= tr.T; t++) lhs += tr.F[t] - tr.F[tr.T - m];
        record('2a suffix lemma', lhs, Bm(tr.T, m, c, D, tr.gMax), `${label} m=${m}`);
        expect(leqTol(lhs, Bm(tr.T, m, c, D, tr.gMax), Sm(tr, m) * (m + 1)), `${label} m=${m}`).toBe(true);
      }
    },
  );

  test.prop(
    [
      fc.integer({ min: 2, max: 5000 }),
      fc.integer({ min: 0, max: 1000 }),
      log2Grid(-24, 24, 4),
      log2Grid(-24, 24, 4),
      log2Grid(-24, 24, 4),
    ],
    params(200),
  )('2b. B_m ≤ (m+1)(D²/(2c) + cG²)/√T for 1 ≤ m ≤ T−1', (T, u, c, D, G) => {
    const m = 1 + Math.floor((u / 1000) * (T - 2));
    const rhs = ((m + 1) * ((D * D) / (2 * c) + c * G * G)) / Math.sqrt(T);
    expect(leqTol(Bm(T, m, c, D, G), rhs)).toBe(true);
  });

  test.prop([runArb], params(40))(
    '3. recursion: S_{m−1} ≤ S_m + B_m/(m(m+1)) for every 1 ≤ m ≤ T−1',
    ({ tr, c, D, label }) => {
      for (let m = 1; m <= tr.T - 1; m++) {
        const rhs = Sm(tr, m) + Bm(tr.T, m, c, D, tr.gMax) / (m * (m + 1));
        record(
          '3 recursion (S_{m−1} − S_m against B_m/(m(m+1)))',
          Sm(tr, m - 1) - Sm(tr, m),
          rhs - Sm(tr, m),
          `${label} m=${m}`,
        );
        expect(leqTol(Sm(tr, m - 1), rhs, Math.abs(Sm(tr, m))), `${label} m=${m}`).toBe(true);
      }
    },
  );

  test.prop(
    [
      fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 2, maxLength: 80 }),
      fc.integer({ min: 1, max: 80 }),
    ],
    params(200),
  )(
    '4. exact scalar identities: j·S_{j−1} = (j+1)·S_j − a_{T−j}, and a_T = mean of the last k + Σ_{j<k} Σ_{t=T−j}^{T}(a_t − a_{T−j})/(j(j+1))',
    (ints, kRaw) => {
      const T = ints.length;
      const a = [0, ...ints.map((v) => v / 1024)];
      const k = 1 + ((kRaw - 1) % T);
      const S = (m: number): number => {
        let s = 0;
        for (let t = T - m; t <= T; t++) s += a[t];
        return s / (m + 1);
      };
      const scale = a.reduce((s, v) => s + Math.abs(v), 0);
      for (let j = 1; j <= T - 1; j++) expect(eqTol(j * S(j - 1), (j + 1) * S(j) - a[T - j], scale)).toBe(true);
      let rhs = S(k - 1);
      for (let j = 1; j <= k - 1; j++) {
        let inner = 0;
        for (let t = T - j; t <= T; t++) inner += a[t] - a[T - j];
        rhs += inner / (j * (j + 1));
      }
      expect(eqTol(a[T], rhs, scale)).toBe(true);
    },
  );

  test.prop([runArb, fc.integer({ min: 0, max: 1 << 30 })], params(40))(
    '5. the chain down to k: F(x̄_k) − F* ≤ S_{k−1} − F* ≤ (S_{T−1} − F*) + Σ_{j=k}^{T−1} B_j/(j(j+1)) ≤ the fwa-convergence bound',
    ({ tr, c, D, Fstar, label }, pick) => {
      const T = tr.T;
      const k = 1 + (pick % T);
      const G = tr.gMax;
      const K = (D * D) / (2 * c) + c * G * G;
      // Full average (step 4 of the skeleton): S_{T−1} − F* ≤ (D²/(2c) + cG²)/√T.
      const full = Sm(tr, T - 1) - Fstar;
      expect(leqTol(full, K / Math.sqrt(T), Math.abs(Sm(tr, T - 1))), `${label} full average`).toBe(true);
      let chain = full;
      let chainBound = K / Math.sqrt(T);
      for (let j = k; j <= T - 1; j++) {
        chain += Bm(T, j, c, D, G) / (j * (j + 1));
        chainBound += K / (j * Math.sqrt(T));
      }
      const xbar = new Float64Array(tr.x[1].length);
      for (let t = T - k + 1; t <= T; t++) for (let j = 0; j < xbar.length; j++) xbar[j] += tr.x[t][j] / k;
      const gapAvg = empiricalRisk(tr.objective, xbar) - Fstar;
      const scale = Math.abs(Sm(tr, T - 1)) + Math.abs(Fstar);
      expect(leqTol(gapAvg, Sm(tr, k - 1) - Fstar, scale), `${label} Jensen k=${k}`).toBe(true);
      expect(leqTol(Sm(tr, k - 1) - Fstar, chain, scale), `${label} chain k=${k}`).toBe(true);
      expect(leqTol(chain, chainBound, scale), `${label} chain bound k=${k}`).toBe(true);
      record('5 F(x̄_k) − F* against the fwa-convergence bound', gapAvg, chainBound, `${label} k=${k}`);
      const registry = getTheorem('fwa-convergence').evaluate({ T, k, c, D, G });
      expect(
        eqTol(chainBound, registry),
        `${label}: the chain's bound is the registry's fwa-convergence at (T, k)`,
      ).toBe(true);
    },
  );
});
