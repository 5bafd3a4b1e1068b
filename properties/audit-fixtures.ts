import fc from 'fast-check';
import type { Catalog } from '../src/catalog/load';
import { RandomStream } from '../src/engine/rng';
import type { Trial, TrialOutcome } from '../src/theory/check';
import { defineTheorem, type CheckBuilder, type Theorem, type TheoremDefinition } from '../src/theory/theorem';

/**
 * A small fake catalog for the audit's own tests: it honours the Theorem/TheoremCheck contracts
 * without the engine, so the pipeline (plan, pool, store, report) is tested on its own, fast, and
 * with outcomes chosen on purpose: one [D] that holds, one [S] stability bound with a hypothesis
 * the k-sweep leaves, one [P] reading that fails sometimes (a finding), one theorem with no check,
 * and a broken [D] theorem in `brokenCatalog`.
 */
type FakeSpec = Omit<TheoremDefinition, 'source' | 'reference' | 'kind' | 'convention' | 'classes'> &
  Partial<TheoremDefinition>;
const fakeTheorem = (spec: FakeSpec): Theorem =>
  defineTheorem({
    source: 'audit test fixture',
    reference: 'properties/audit-fixtures.ts',
    kind: 'upper',
    convention: 'engine',
    classes: ['convex-smooth'],
    ...spec,
  });

const windowSpec: FakeSpec = {
  id: 'fake-window-bound',
  title: 'Fake FWA convergence bound',
  status: 'derived',
  family: 'convergence',
  hypotheses: [
    { id: 'k in [1, T]', check: (s) => (s.k >= 1 && s.k <= s.T ? null : `k = ${s.k} must be in [1, T = ${s.T}]`) },
  ],
  measure: { description: 'E[F(w̄) − F*]', mode: 'pathwise' },
  bound: 'G * (2 + log(T / k)) / sqrt(T)',
  symbols: { G: 'gradient bound', T: 'updates', k: 'window' },
};

const stabilityGap = fakeTheorem({
  id: 'fake-stability-gap',
  title: 'Fake stability bound',
  status: 'classical',
  family: 'stability',
  hypotheses: [{ id: 'k <= T/2', check: (s) => (2 * s.k <= s.T ? null : `k = ${s.k} must be ≤ T/2 = ${s.T / 2}`) }],
  measure: { description: 'sup_z E|f(w̄;z) − f(w̄′;z)|', mode: 'expectation' },
  bound: '2 * L^2 * (T - (k - 1) / 2) / (n * T)',
  symbols: { L: 'Lipschitz constant', T: 'updates', k: 'window', n: 'examples' },
  check: check((u) => 0.6 + 0.3 * u),
});

const paperReading = fakeTheorem({
  id: 'fake-paper-reading',
  title: `A <script>alert("title")</script> & 'quoted' reading`,
  source: 'audit test fixture <i>italic?</i>',
  status: 'paper-reading',
  family: 'convergence',
  convention: 'sz',
  hypotheses: [],
  measure: { description: 'a <b>measure</b> with markup', mode: 'pathwise' },
  bound: 'c / sqrt(T)',
  symbols: { c: 'step constant', T: 'updates' },
  check: check((u) => 0.5 + u, false),
});

const windowBound = fakeTheorem({
  ...windowSpec,
  check: check((u, t) => 0.3 + 0.2 * u + 0.2 / Math.sqrt(t.params.k)),
});

const unchecked = fakeTheorem({ ...windowSpec, id: 'fake-unchecked', title: 'Fake theorem without a check' });

const brokenDerived = fakeTheorem({
  ...windowSpec,
  id: 'fake-broken-derived',
  title: 'Fake derived bound that fails',
  check: check((u) => 0.4 + u),
});

function trials(theorem: string, withK: boolean): (p: unknown) => fc.Arbitrary<Trial> {
  return () =>
    fc
      .record({
        T: fc.integer({ min: 16, max: 256 }),
        seed: fc.integer({ min: 0, max: 1_000_000 }),
        n: fc.integer({ min: 8, max: 64 }),
      })
      .chain(({ T, seed, n }) =>
        fc.integer({ min: 1, max: withK ? Math.floor(T / 2) : 1 }).map((k): Trial => ({
          theorem,
          instance: { generator: 'fake', params: { n, label: 'a<b>&"c"' }, seed },
          params: withK ? { T, k, G: 1, L: 1, c: 0.5 } : { T, c: 0.5 },
          seed,
          replicates: 1,
        })),
      );
}

/**
 * FWA_FAKE_CELL_MS=m makes every fake cell busy-wait m ms (default 0), so the fault-injection and
 * lock tests can kill or race an audit while it is running. It changes no measured value.
 */
const CELL_MS = Number(process.env.FWA_FAKE_CELL_MS ?? 0);

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Burn CPU like a real cell; a sleep would free the thread and hide event-loop effects.
  }
}

/** measured = factor(u) × bound, u uniform from the trial's seed: the verdict is chosen by factor. */
function check(factor: (u: number, trial: Trial) => number, withK = true): CheckBuilder {
  return (theorem) => ({
    trials: trials(theorem.id, withK),
    run(trial: Trial): TrialOutcome {
      if (CELL_MS > 0) busyWait(CELL_MS);
      const scope = { ...trial.params, n: Number(trial.instance.params.n) };
      const bound = theorem.evaluate(scope);
      const rng = RandomStream.fromSeed(trial.seed);
      let u = 0;
      for (let i = 0; i < 200; i++) u = rng.float();
      const measured = factor(u, trial) * bound;
      return {
        measured,
        bound,
        ratio: measured / bound,
        verdict: measured <= bound ? 'holds' : 'violated',
        basis: { kind: 'exact', detail: 'fixture' },
        scope,
        extra: { nan: NaN, inf: Infinity, negInf: -Infinity },
      };
    },
  });
}

export const catalog: Catalog = { theorems: [windowBound, stabilityGap, paperReading, unchecked] };

/** The same, plus a [D] theorem whose measurement exceeds its bound on some trials. */
export const brokenCatalog: Catalog = {
  theorems: [...catalog.theorems, brokenDerived],
};
