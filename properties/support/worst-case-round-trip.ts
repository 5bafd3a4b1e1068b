/**
 * The round trip engine ↔ certificate, shared by the committed grid (properties/worst-case-round-trip.test.ts)
 * and the large grid (properties/pep-large-certificates.test.ts): the worst-case instance rebuilt from a
 * certificate's primal is run by the engine's projected subgradient method and averager with the run the
 * certificate certifies, and compared with the certificate.
 */
import type { AveragerSpec } from '../../src/engine/averagers/averager';
import type { ScheduleSpec } from '../../src/engine/schedule';
import { runSgd } from '../../src/engine/sgd';
import { worstCaseFromCertificate, type WorstCaseInstance } from '../../src/objectives/worst-case/from-certificate';
import { numericAlgebra } from '../../src/pep/algebra';
import type { PepCertificate } from '../../src/pep/certificate';
import { column } from '../../src/pep/factor';
import { pepInstance, pepLayout } from '../../src/pep/problem';

/** Iterates agree to this, or to twice the certificate's own projection drift when that is larger (`projectionDrift`). */
export const ITERATE_TOL = 1e-9;
/** f(x̄) − f(x*) equals the certified lower bound to this, relative. */
export const VALUE_RTOL = 1e-6;

export interface RoundTrip {
  /** Largest |engine iterate − certificate iterate| over every coordinate and step. */
  deviation: number;
  /** The certificate's measure (f(x̄) − f*, min_t f(x_t) − f*, ‖x_T − x*‖²) on the engine's run. */
  measured: number;
  /** The certificate's largest interpolation violation (WorstCaseInstance.interpolationSlack). */
  slack: number;
  /** The projection drift the certificate's own normal-cone slack predicts (`projectionDrift`). */
  drift: number;
  /** The rebuilt instance. */
  wc: WorstCaseInstance;
}

/**
 * How far the exact projections onto W may sit from the certificate's iterates, to first order: a
 * normal-cone inequality ⟨h_t, x_j − x_t⟩ ≤ 0 violated by ε > 0 (a solved certificate holds them to
 * PRIMAL_TOL, not exactly) tilts the projection at step t by about α_t·ε/‖x_j − x_t‖
 * (docs/theory/worst-case-instances.md §4). The largest over every pair.
 */
export function projectionDrift(cert: PepCertificate): number {
  const layout = pepLayout(cert.spec);
  if (cert.spec.domain.kind !== 'set') return 0;
  const { r, n } = cert.primal;
  const V = Float64Array.from(cert.primal.V);
  const basis = Array.from({ length: n }, (_, i) => column(V, r, n, i));
  const inst = pepInstance(numericAlgebra(r), layout, basis, cert.primal.f);
  const point = (name: string): Float64Array =>
    name === 'x*' ? new Float64Array(r) : inst.iterates[Number(name.slice(1))];
  let drift = 0;
  for (const q of inst.inequalities) {
    const m = /^set:x(\d+)\|(x\d+|x\*)$/.exec(q.key);
    if (!m) continue;
    const eps = q.value();
    if (!(eps > 0)) continue;
    const t = Number(m[1]);
    const xt = inst.iterates[t];
    const xj = point(m[2]);
    let d2 = 0;
    for (let k = 0; k < r; k++) d2 += (xj[k] - xt[k]) ** 2;
    drift = Math.max(drift, (layout.steps[t] * eps) / Math.sqrt(d2));
  }
  return drift;
}

/**
 * The engine's run on the instance rebuilt from `cert`, with the run the certificate certifies unless
 * `run` replaces its schedule, averager or horizon (a shorter run is padded with its last iterate, so
 * the measure reads x_T as the run's last).
 */
export function roundTrip(
  cert: PepCertificate,
  run: { schedule?: ScheduleSpec; averager?: AveragerSpec; T?: number } = {},
): RoundTrip {
  const wc = worstCaseFromCertificate(cert);
  let deviation = 0;
  const iterates = [new Float64Array(wc.dim)];
  const res = runSgd(
    {
      objective: wc.objective,
      T: run.T ?? wc.run.T,
      schedule: run.schedule ?? wc.run.schedule,
      ...(wc.domain ? { domain: wc.domain } : {}),
      averagers: [run.averager ?? wc.run.averager],
    },
    {
      seed: 0,
      observe: (t, r) => {
        iterates.push(r.w.slice());
        for (let k = 0; k < wc.dim; k++) deviation = Math.max(deviation, Math.abs(r.w[k] - wc.iterates[t][k]));
      },
    },
  );
  while (iterates.length < wc.run.T + 1) iterates.push(iterates[iterates.length - 1]);
  const measured = wc.measured(iterates.slice(0, wc.run.T + 1), res.averages[0]);
  return { deviation, measured, slack: wc.interpolationSlack, drift: projectionDrift(cert), wc };
}

/** The iterate tolerance of a certificate: ITERATE_TOL, or twice its projection drift when that is larger. */
export function iterateTolerance(drift: number): number {
  return Math.max(ITERATE_TOL, 2 * drift);
}
