import { committedCertificates } from '../../pep/committed';
import { boundChecks, JUDGED_THEOREMS, type BoundCheck } from '../../pep-judge/judge';
import { stochasticBoundChecks } from '../../pep-judge/stochastic';
import { committedStochastic } from '../../pep/stochastic/store';
import type { Theorem } from '../../theory/theorem';
import { html, type SafeHtml } from '../../report/html';
import { fmt } from '../../format/number';
import type { Figure, Trace } from '../../report/plot';

/**
 * The exact worst case beside the sampling, on a convergence theorem's audit page: the certified worst
 * case of the deterministic method (committed PEP certificates, docs/theory/pep.md) divided by the
 * theorem's bound, against k and against T, with the best sampled ratio of the audit as a reference line.
 */
export function pepSection(th: Theorem, bestSampledRatio: number): { figures: Figure[]; note: SafeHtml } | null {
  if (!JUDGED_THEOREMS.includes(th.id)) return null;
  const checks = boundChecks(committedCertificates().verified, [th.id]).filter((c) => c.point.c === 1);
  if (checks.length === 0) return null;
  const ratio = (c: BoundCheck): number => c.lower / c.bound;
  const k = (c: BoundCheck): number => c.scope.k;
  const sampled = (x: number[]): Trace => ({
    name: 'best sampled ratio (this audit)',
    x,
    y: x.map(() => bestSampledRatio),
    mode: 'lines',
    line: { dash: 'dot', color: '#7f7f7f' },
  });
  const figures: Figure[] = [];
  const byT = [...new Set(checks.map((c) => c.point.T))].sort((a, b) => a - b);
  // The densest k grid (every k at T = 10) and the largest T with at least three windows.
  const withKs = byT.filter((T) => checks.filter((c) => c.point.T === T).length >= 3);
  const densest = withKs.reduce(
    (a, T) => (checks.filter((c) => c.point.T === T).length > checks.filter((c) => c.point.T === a).length ? T : a),
    withKs[0],
  );
  const kTs = [...new Set([densest, withKs[withKs.length - 1]])].filter((T) => T !== undefined);
  if (kTs.length) {
    const traces: Trace[] = kTs.map((T) => {
      const cs = checks.filter((c) => c.point.T === T).sort((a, b) => k(a) - k(b));
      return { name: `certified worst case / bound, T = ${T}`, x: cs.map(k), y: cs.map(ratio) };
    });
    traces.push(sampled([1, Math.max(...kTs)]));
    figures.push({
      title: 'Exact worst case / bound against k',
      xTitle: 'k (window)',
      yTitle: 'worst case / bound',
      traces,
      caption:
        'The deterministic worst case over the whole class (PEP, certified lower bound) divided by the bound; D = G = c = 1, engine steps T.',
    });
  }
  const edge = (pick: (c: BoundCheck) => boolean, name: string): Trace | null => {
    const cs = checks.filter(pick).sort((a, b) => a.point.T - b.point.T);
    return cs.length >= 2 ? { name, x: cs.map((c) => c.point.T), y: cs.map(ratio) } : null;
  };
  const tTraces = [
    edge((c) => k(c) === 1, 'k = 1 (last iterate)'),
    th.compiled.symbols.includes('k') ? edge((c) => k(c) === c.point.T, 'k = T') : null,
  ].filter((t): t is Trace => t !== null);
  if (tTraces.length) {
    tTraces.push(sampled([1, Math.max(...byT)]));
    figures.push({
      title: 'Exact worst case / bound against T',
      xTitle: 'T (engine steps)',
      yTitle: 'worst case / bound',
      xLog: true,
      traces: tTraces,
      caption: 'Certified worst case of the deterministic method over the bound, at the window ends.',
    });
  }
  const stochastic = stochasticFigure(th, checks);
  if (stochastic) figures.push(stochastic.figure);
  const top = checks.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  const reach = Number.isFinite(bestSampledRatio) ? bestSampledRatio / ratio(top) : NaN;
  const note = html`<p>
    Exact worst case (performance estimation, ${checks.length} certified grid points): the deterministic method reaches
    ${fmt(ratio(top))} of the bound at T = ${top.point.T}, k = ${k(top)} (certificate
    <code>certificates/pep/${top.certificate}.json</code>). The best sampled instance of this audit reaches
    ${fmt(bestSampledRatio)}${Number.isFinite(reach) ? `, i.e. ${fmt(reach)} of the certified worst-case ratio` : ''}:
    sampling ${Number.isFinite(reach) && reach < 0.5 ? 'is far from' : 'comes near'} the worst case. Replay:
    <code>npx fwa-theorems pep --theorem ${th.id} --T ${top.point.T} --k ${k(top)} --c 1</code>.
    ${stochastic?.note ?? ''}
  </p>`;
  return { figures, note };
}

/**
 * SGD in expectation beside the deterministic method: the certified stochastic worst case (scenario-tree
 * PEP, certificates/pep-stochastic, n components, second-moment hypothesis: the theorems' own) over the
 * bound against k at the largest stochastic T, with the deterministic certificates of the same points.
 */
function stochasticFigure(
  th: Theorem,
  deterministic: readonly BoundCheck[],
): { figure: Figure; note: SafeHtml } | null {
  const checks = stochasticBoundChecks(committedStochastic().verified, [th.id]);
  if (checks.length === 0) return null;
  const T = Math.max(...checks.map((c) => c.point.T));
  const ratio = (c: BoundCheck): number => c.lower / c.bound;
  const byK = (cs: readonly BoundCheck[]): BoundCheck[] => [...cs].sort((a, b) => a.scope.k - b.scope.k);
  const det = byK(deterministic.filter((c) => c.point.T === T));
  const traces: Trace[] = [{ name: `deterministic, T = ${T}`, x: det.map((c) => c.scope.k), y: det.map(ratio) }];
  const ns = [...new Set(checks.map((c) => Number(/^sgd-n(\d+)-/.exec(c.certificate)?.[1])))].sort((a, b) => a - b);
  for (const n of ns) {
    const cs = byK(
      checks.filter(
        (c) => c.point.T === T && c.certificate.startsWith(`sgd-n${n}-`) && c.certificate.endsWith('second-moment'),
      ),
    );
    if (cs.length)
      traces.push({
        name: `SGD in expectation, n = ${n}, T = ${T}`,
        x: cs.map((c) => c.scope.k),
        y: cs.map(ratio),
        mode: 'markers',
        marker: { symbol: 'x', size: 10 },
      });
  }
  const top = checks.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
  let excess = 0;
  for (const c of checks) {
    const d = deterministic.find((x) => x.point.T === c.point.T && x.scope.k === c.scope.k);
    if (d) excess = Math.max(excess, c.lower / d.lower - 1);
  }
  return {
    figure: {
      title: 'SGD in expectation beside the deterministic worst case',
      xTitle: 'k (window)',
      yTitle: 'worst case / bound',
      traces,
      caption:
        'Certified worst case of E[F(w̄) − F*] over finite sums of n components (second moment E‖ĝ‖² ≤ G², scenario-tree PEP) against the deterministic one, over the bound.',
    },
    note: html`SGD in expectation (${checks.length} stochastic certificates, n ≤ ${Math.max(...ns)}, T ≤ ${T}): at most
    ${fmt(ratio(top))} of the bound (<code>certificates/pep-stochastic/${top.certificate}.json</code>), and at most
    ${fmt(excess)} above the deterministic worst case of the same point (relative).`,
  };
}
