import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enumerateRuns } from '../src/engine/enumerate';
import type { SgdConfig } from '../src/engine/sgd';
import { exactRun } from '../src/measure/exact';
import { worstCaseFromStochasticCertificate } from '../src/objectives/worst-case/from-stochastic-certificate';
import { CertificateError } from '../src/pep/certificate';
import { committedCertificates } from '../src/pep/committed';
import { refutes } from '../src/pep-judge/judge';
import { listCertificates } from '../src/pep/store';
import { verifyStochasticCertificate, type StochasticCertificate } from '../src/pep/stochastic/certificate';
import { deterministicName, stochasticGrid, stochasticPointName } from '../src/pep/stochastic/grid';
import { stochasticBoundChecks } from '../src/pep-judge/stochastic';
import { stochasticLayout } from '../src/pep/stochastic/problem';
import { committedStochastic, STOCHASTIC_CERTIFICATE_DIR } from '../src/pep/stochastic/store';
import { generatedDoc, withGeneratedDoc } from '../src/pep-judge/stochastic-table';
import { prefixesOfLeaf } from '../src/pep/stochastic/tree';
import { getTheorem } from '../src/catalog/registry';

/**
 * The committed stochastic PEP certificates (SGD in expectation over its scenario tree, src/pep/stochastic),
 * verified without a solver, then measured by the engine: the finite sum rebuilt from each primal is run by
 * the engine's exact enumeration of every index path, which must reproduce the certified expectation. The
 * convergence bounds must lie above every certified worst case. `npm run pep:stochastic` re-solves missing
 * or stale files; a failing round trip replays with
 * `npx vitest run properties/pep-stochastic.test.ts -t '<certificate>'`.
 */
const files = await listCertificates(STOCHASTIC_CERTIFICATE_DIR);
const committed = committedStochastic();
const deterministic = new Map(committedCertificates().verified.map((v) => [v.cert.name, v.bounds]));

const ITERATE_TOL = 1e-9;
const VALUE_RTOL = 1e-6;

/** The engine's exact expectation of F(x̄) − F(x*) on the instance rebuilt from `cert`, and the largest leaf deviation. */
function roundTrip(
  cert: StochasticCertificate,
  run: Partial<Pick<StochasticCertificate['spec'], 'schedule' | 'averager'>> = {},
): { expectation: number; deviation: number; paths: number; slack: number } {
  const wc = worstCaseFromStochasticCertificate(cert);
  const cfg: SgdConfig = {
    objective: wc.objective,
    T: cert.spec.T,
    schedule: run.schedule ?? cert.spec.schedule,
    domain: wc.domain,
    averagers: [run.averager ?? cert.spec.averager],
  };
  const fStar = wc.risk(wc.xStar);
  const e = exactRun(cfg, (r) => wc.risk(r.averagers[0].read()) - fStar);
  const { tree } = stochasticLayout(cert.spec);
  let deviation = 0;
  enumerateRuns(cfg, (r, path) => {
    let leaf = 0;
    for (const i of path) leaf = leaf * tree.n + i;
    const x = wc.nodes[prefixesOfLeaf(tree, leaf)[tree.T]];
    for (let k = 0; k < wc.dim; k++) deviation = Math.max(deviation, Math.abs(r.w[k] - x[k]));
  });
  return { expectation: e.mean[0], deviation, paths: e.paths, slack: wc.interpolationSlack };
}

const byName = (name: string): (typeof committed.verified)[number] => {
  const v = committed.verified.find((x) => x.cert.name === name);
  if (!v) throw new Error(`certificate ${name} is not committed or does not verify (npm run pep:stochastic)`);
  return v;
};

describe('stochastic PEP certificates (verified without the solver)', () => {
  it('the committed grid and the certificate files are the same set', () => {
    expect(files).toEqual(
      stochasticGrid()
        .map((p) => `${stochasticPointName(p)}.json`)
        .sort(),
    );
  });

  it.each(files)('%s: primal and dual verify and agree to 1e-6', (file) => {
    expect(committed.rejected.find((r) => r.name === file)?.reason).toBeUndefined();
    const v = committed.verified.find((x) => `${x.cert.name}.json` === file)!;
    expect(v.bounds.upper).toBeGreaterThanOrEqual(v.bounds.lower);
  });
});

describe('round trip: the exact enumeration of every index path on the rebuilt finite sum', () => {
  it.each(committed.verified.map((v) => [v.cert.name, v] as const))('%s', (name, { cert, bounds }) => {
    const { expectation, deviation, paths, slack } = roundTrip(cert);
    const replay = `npx vitest run properties/pep-stochastic.test.ts -t '${name}'`;
    expect(paths).toBe(cert.spec.n ** cert.spec.T);
    expect(slack, `interpolation slack (${replay})`).toBeLessThanOrEqual(1e-8);
    expect(deviation, `leaf iterate deviation (${replay})`).toBeLessThanOrEqual(ITERATE_TOL);
    expect(
      Math.abs(expectation - bounds.lower),
      `E[F(x̄) − F*] = ${expectation} vs certified ${bounds.lower} (${replay})`,
    ).toBeLessThanOrEqual(VALUE_RTOL * bounds.lower);
  });

  it('a convention error fails the round trip: the window off by one, the constant step at the engine horizon', () => {
    const { cert, bounds } = byName('sgd-n2-c-over-sqrt-horizon-c1-T3-fwa-k2-second-moment');
    const failsRoundTrip = (r: { expectation: number; deviation: number }): boolean =>
      r.deviation > ITERATE_TOL || Math.abs(r.expectation - bounds.lower) > VALUE_RTOL * bounds.lower;
    expect(failsRoundTrip(roundTrip(cert))).toBe(false);
    // FWA(k) is the mean of the last k iterates; k + 1 is another output.
    expect(failsRoundTrip(roundTrip(cert, { averager: { kind: 'fwa', k: 3 } }))).toBe(true);
    // The constant-step theorem's c/√T is at Shamir–Zhang's horizon T + 1 for T engine steps, not c/√T_engine.
    expect(failsRoundTrip(roundTrip(cert, { schedule: { kind: 'constant', alpha: 1 / Math.sqrt(3) } }))).toBe(true);
  });
});

describe('what randomness changes', () => {
  const pairs = committed.verified.map(({ cert, bounds }) => ({
    name: cert.name,
    stochastic: bounds,
    deterministic: deterministic.get(deterministicName(cert.point!)),
  }));

  it('every stochastic point has a deterministic certificate of the same method', () => {
    expect(pairs.filter((p) => p.deterministic === undefined).map((p) => p.name)).toEqual([]);
  });

  it('the stochastic worst case is ≥ the deterministic one (identical components are a finite sum)', () => {
    const below = pairs.filter((p) => p.stochastic.upper < p.deterministic!.lower * (1 - VALUE_RTOL));
    expect(below.map((p) => `${p.name}: ${p.stochastic.upper} < ${p.deterministic!.lower}`)).toEqual([]);
  });

  it('measured: at every committed size it is no larger either (equal to 1e-6; docs/pep-stochastic.md)', () => {
    const above = pairs.filter((p) => p.stochastic.lower > p.deterministic!.upper * (1 + VALUE_RTOL));
    expect(above.map((p) => `${p.name}: ${p.stochastic.lower} > ${p.deterministic!.upper}`)).toEqual([]);
  });
});

describe('convergence bounds against the stochastic worst cases', () => {
  const checks = stochasticBoundChecks(committed.verified);

  it('every [S]/[D] bound is ≥ the certified stochastic worst case wherever it speaks', () => {
    expect(new Set(checks.map((c) => c.theorem))).toEqual(
      new Set([
        'sz13-last-iterate',
        'fwa-convergence',
        'fwa-convergence-paper-reading',
        'fwa-convergence-constant-step',
      ]),
    );
    const bugs = checks.filter((c) => c.status !== 'paper-reading' && refutes(c));
    expect(bugs.map((b) => `${b.theorem} = ${b.bound} < ${b.lower} at ${b.certificate}`)).toEqual([]);
  });

  it('a deliberately wrong constant is caught: the constant-step bound × 0.9 falls below a certified worst case', () => {
    const mutant = stochasticBoundChecks(
      committed.verified,
      ['fwa-convergence-constant-step'],
      (t, s) => 0.9 * getTheorem(t).evaluate(s),
    );
    const caught = mutant.filter(refutes);
    expect(caught.length).toBeGreaterThan(0);
    const worst = Math.max(...checks.filter((c) => c.status !== 'paper-reading').map((c) => c.lower / c.bound));
    console.info(`stochastic worst case / [S]/[D] bound: at most ${worst.toFixed(4)} over ${checks.length} checks`);
  });
});

describe('a corrupt or stale stochastic certificate fails by name', () => {
  const base = (): StochasticCertificate =>
    structuredClone(byName('sgd-n2-inv-sqrt-t-c1-T3-fwa-k2-second-moment').cert);
  const fails = (cert: StochasticCertificate, reason: RegExp): void => {
    let err: unknown;
    try {
      verifyStochasticCertificate(cert);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as Error).message).toMatch(reason);
  };

  it('a changed schedule is stale', () => {
    const c = base();
    c.spec.schedule = { kind: 'inv-sqrt-t', c: 1.1 };
    delete c.point;
    fails(c, /stale: the step sizes/);
  });

  it('a corrupted Gram factor violates an inequality', () => {
    const c = base();
    c.primal.V = c.primal.V.map((v) => v * 1.01);
    fails(c, /primal inequality .* violated/);
  });

  it('a halved dual multiplier breaks the dual', () => {
    const c = base();
    let biggest = 0;
    c.dual.multipliers.forEach(([, y], i) => {
      if (y > c.dual.multipliers[biggest][1]) biggest = i;
    });
    c.dual.multipliers[biggest][1] /= 2;
    fails(c, /dual slack matrix is not PSD|differ by more than/);
  });

  it('an invalid spec (no components, a missing schedule) is rejected by name, not a crash', () => {
    const c = base();
    c.spec.n = 0;
    delete c.point;
    fails(c, /invalid spec: .*n \(components\)/);
    const d = base();
    delete (d.spec as Partial<StochasticCertificate['spec']>).schedule;
    delete d.point;
    fails(d, /invalid spec/);
  });

  it('a changed stated value is stale', () => {
    const c = base();
    c.primal.value *= 1 - 1e-6;
    fails(c, /stale: recomputed bounds/);
  });
});

describe('docs/pep-stochastic.md', () => {
  it('holds the tables of the committed certificates (npx tsx src/pep-judge/stochastic-table.ts --write)', () => {
    const doc = readFileSync(new URL('../docs/pep-stochastic.md', import.meta.url), 'utf8');
    expect(withGeneratedDoc(doc, generatedDoc(committed.verified))).toBe(doc);
  });
});
