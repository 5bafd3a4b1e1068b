import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AveragerSpec } from '../../engine/averagers/averager';
import type { ScheduleSpec } from '../../engine/schedule';
import { InvalidParameterError } from '../../errors';
import type { PepCertificate } from '../../pep/certificate';
import type { GridPoint, PepScheduleKind } from '../../pep/grid';
import { engineMethod } from '../../pep/problem';
import { CERTIFICATE_DIR, readCertificateFile } from '../../pep/store';
import type { Generator } from '../generator';
import type { Instance, InstanceSpec } from '../instance';
import type { ParamSpec, Params } from '../params';
import { worstCaseFromCertificate } from './from-certificate';

/**
 * The committed worst cases as a generator, `pep-worst-case`: the instance of the certificate at grid
 * point (schedule, c, T, k) of certificates/pep/ (FWA(k) after T engine steps, D = G = 1). It attains the
 * certified worst case only for the run it was solved for, so it carries that run (`Instance.intendedRun`)
 * and a check refuses any other. Certified constants are computed from the instance itself (not read
 * from the certificate): D the hull's diameter, G = L the largest slope norm, F* a lower bound of min_W f.
 */

/** The grid's two schedules, by the index the numeric parameter `schedule` holds. */
const WORST_CASE_SCHEDULES: readonly PepScheduleKind[] = ['inv-sqrt-t', 'c-over-sqrt-horizon'];

/** A committed FWA certificate's grid point and the run it certifies. */
export interface WorstCasePoint {
  name: string;
  point: GridPoint;
  /** The instance spec that builds it. */
  spec: InstanceSpec;
  /** The engine run (schedule, T, window k) whose worst case it is. */
  schedule: ScheduleSpec;
  k: number;
}

let index: WorstCasePoint[] | undefined;
/**
 * Built instances by certificate name: a T = 40 build costs ~35 ms (the method rebuilt on 84-dimensional
 * vectors), and an audit plan configures the same few dozen worst cases for every theorem and seed.
 * Builds are deterministic, so sharing one is the same as rebuilding it.
 */
const built = new Map<string, Instance>();

function fixed(name: string, description: string, def: number, integer: boolean, min: number, max: number): ParamSpec {
  return { name, integer, min, max, default: def, description, draw: { kind: 'fixed' } };
}

/**
 * Every committed certificate of the convex Lipschitz class with an FWA output, read once per process
 * (a damaged file is skipped here; properties/pep-certificates.test.ts names it).
 */
export function committedWorstCases(dir = CERTIFICATE_DIR): WorstCasePoint[] {
  if (index && dir === CERTIFICATE_DIR) return index;
  const out: WorstCasePoint[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const f of files.sort()) {
    let cert: PepCertificate;
    try {
      cert = readCertificateFile(join(dir, f));
    } catch {
      continue;
    }
    const p = cert.point;
    const s = WORST_CASE_SCHEDULES.indexOf(p?.schedule as PepScheduleKind);
    if (!p || s < 0 || p.averager.kind !== 'fwa' || cert.spec?.fclass?.kind !== 'convex-lipschitz') continue;
    out.push({
      name: cert.name,
      point: p,
      spec: { generator: 'pep-worst-case', params: { schedule: s, c: p.c, T: p.T, k: p.averager.k }, seed: 0 },
      schedule: engineMethod(cert.spec).schedule,
      k: p.averager.k,
    });
  }
  if (dir === CERTIFICATE_DIR) index = out;
  return out;
}

function buildWorstCase(spec: InstanceSpec, p: Params): Instance {
  const schedule = WORST_CASE_SCHEDULES[p.schedule];
  const found = committedWorstCases().find(
    (w) => w.point.schedule === schedule && w.point.c === p.c && w.point.T === p.T && w.k === p.k,
  );
  if (!found)
    throw new InvalidParameterError(
      'pep-worst-case (schedule, c, T, k)',
      `(${schedule}, ${p.c}, ${p.T}, ${p.k})`,
      'a point of the committed certificate grid (certificates/pep/; npm run pep solves new ones)',
    );
  const cached = built.get(found.name);
  if (cached) return cached;
  const wc = worstCaseFromCertificate(readCertificateFile(join(CERTIFICATE_DIR, `${found.name}.json`)));
  // committedWorstCases lists the convex Lipschitz class only: its interpolant is the max-affine one.
  const interpolant = wc.interpolant;
  if (interpolant.kind !== 'max-affine')
    throw new InvalidParameterError(`certificate ${found.name}: interpolant`, interpolant.kind, "'max-affine'");
  const vertices = wc.hull ? wc.hull.vertices : [wc.xStar];
  // f ≥ f* + ⟨g*, x − x*⟩ ≥ min over the vertices of the right side on W (affine: attained at a vertex).
  const gStar = interpolant.points[wc.iterates.length].g;
  let Fstar = Infinity;
  for (const v of vertices) {
    let s = 0;
    for (let k = 0; k < wc.dim; k++) s += gStar[k] * (v[k] - wc.xStar[k]);
    Fstar = Math.min(Fstar, s);
  }
  const atStar = interpolant.value(wc.xStar);
  Fstar = Math.min(Fstar, atStar);
  let R = 0;
  for (const v of vertices) R = Math.max(R, Math.hypot(...v));
  const L = interpolant.lipschitz;
  const D = wc.hull ? wc.hull.diameter : Infinity;
  const averager: AveragerSpec = { kind: 'fwa', k: p.k };
  const inst: Instance = {
    spec,
    objective: wc.objective,
    ...(wc.domain ? { domain: wc.domain } : {}),
    intendedRun: { T: p.T, schedule: found.schedule, averager, label: `the worst case of certificate ${found.name}` },
    constants: {
      d: wc.dim,
      n: 1,
      R,
      D,
      L,
      G: L,
      beta: Infinity,
      mu: 0,
      convex: true,
      lossRange: [Fstar, atStar + L * D],
      Fstar,
      FstarGap: atStar - Fstar,
      FstarCertificate: `closed form: f(x) ≥ f(x*) + ⟨g*, x − x*⟩ ≥ min over the hull's vertices = ${Fstar}; f(x*) = ${atStar}`,
      wStar: Array.from(wc.xStar),
    },
  };
  built.set(found.name, inst);
  return inst;
}

export const worstCaseGenerator: Generator = {
  name: 'pep-worst-case',
  classes: ['convex-nonsmooth'],
  hard: true,
  description:
    'the worst case of a committed PEP certificate: max-affine f on the hull of its iterates, n = 1; attains the certified gap for its own run (schedule, T, FWA(k))',
  params: [
    fixed(
      'schedule',
      `index of the schedule: ${WORST_CASE_SCHEDULES.map((s, i) => `${i} = ${s}`).join(', ')}`,
      0,
      true,
      0,
      1,
    ),
    { ...fixed('c', 'step scale c of the certificate', 1, false, 0, 1e6), minExclusive: true },
    fixed('T', 'engine steps of the certificate', 6, true, 1, 1000),
    fixed('k', 'FWA window of the certificate', 3, true, 1, 1000),
  ],
  build: buildWorstCase,
};
