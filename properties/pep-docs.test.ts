/**
 * What the documentation says about the committed PEP certificates, checked against the files
 * (docs/pep-fwa-window.md "The answer", docs/theory/pep.md on the PSD shift η, docs/findings.md):
 *   - at c = 1 the certified worst case of FWA(k) falls with k, for both schedules and every T of the
 *     grid: the upper bound at the larger window is below the lower bound at the smaller one;
 *   - it does not at c = 1/2 with the constant step (T = 6, 10) nor at c = 2 with steps c/√t (T = 10):
 *     there the worst case at k = T is certifiably above the one at k = T/2;
 *   - the shift η·n that the rounding of the multipliers adds to an upper bound is below 1e-8;
 *   - the constant-step bound's ratio at k = T, c = 1 rises with T up to T = 100 (certificates/pep and the
 *     large grid's T = 60, 80, 100), with T · (1 − ratio) between 0.43 and 0.5 (docs/pep-fwa-window.md).
 * A change of the grid or a re-solve that breaks one of these fails here, naming the certificates, so
 * the pages are corrected with it. Reads the JSON only; properties/pep-certificates.test.ts verifies them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTheorem } from '../src/catalog/registry';
import { theoremScope } from '../src/pep-judge/judge';
import type { GridPoint } from '../src/pep/grid';

const DIR = join(__dirname, '..', 'certificates', 'pep');
const LARGE_DIR = join(__dirname, '..', 'certificates', 'pep-large');

interface FwaPoint {
  file: string;
  schedule: string;
  c: number;
  T: number;
  k: number;
  lower: number;
  upper: number;
}

interface CertificateFields {
  point?: { schedule: string; c: number; T: number; averager: { kind: string; k?: number } };
  primal: { value: number; n: number };
  dual: { value: number; eta: number };
}

const certificates = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, cert: JSON.parse(readFileSync(join(DIR, file), 'utf8')) as CertificateFields }));

const fwa: FwaPoint[] = certificates.flatMap(({ file, cert }) =>
  cert.point?.averager.kind === 'fwa' && cert.point.averager.k !== undefined
    ? [
        {
          file,
          schedule: cert.point.schedule,
          c: cert.point.c,
          T: cert.point.T,
          k: cert.point.averager.k,
          lower: cert.primal.value,
          upper: cert.dual.value,
        },
      ]
    : [],
);

/** Each (schedule, c, T) line of the grid, its windows in increasing k. */
function lines(c: number): FwaPoint[][] {
  const byLine = new Map<string, FwaPoint[]>();
  for (const p of fwa.filter((q) => q.c === c)) {
    const key = `${p.schedule} T=${p.T}`;
    byLine.set(key, [...(byLine.get(key) ?? []), p]);
  }
  return [...byLine.values()].map((ps) => ps.sort((a, b) => a.k - b.k)).filter((ps) => ps.length > 1);
}

/** Neighbouring windows where the worst case is not certifiably non-increasing. */
function rises(line: FwaPoint[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const [a, b] = [line[i], line[i + 1]];
    if (b.upper > a.lower) out.push(`${b.file}: upper ${b.upper} at k = ${b.k} > lower ${a.lower} at k = ${a.k}`);
  }
  return out;
}

function point(schedule: string, c: number, T: number, k: number): FwaPoint {
  const p = fwa.find((q) => q.schedule === schedule && q.c === c && q.T === T && q.k === k);
  if (!p) throw new Error(`no committed certificate for ${schedule}, c = ${c}, T = ${T}, FWA(k = ${k})`);
  return p;
}

describe('the committed certificates say what the pages say', () => {
  it('at c = 1 the worst case falls with k on every line of the grid (both schedules)', () => {
    const ls = lines(1);
    expect(ls.length).toBeGreaterThanOrEqual(20);
    expect(ls.flatMap(rises)).toEqual([]);
  });

  it('it rises again towards k = T at c = 1/2 (constant step, T = 6 and 10) and c = 2 (c/√t, T = 10)', () => {
    for (const [schedule, c, T] of [
      ['c-over-sqrt-horizon', 0.5, 6],
      ['c-over-sqrt-horizon', 0.5, 10],
      ['inv-sqrt-t', 2, 10],
    ] as const) {
      const middle = point(schedule, c, T, T / 2);
      const full = point(schedule, c, T, T);
      expect(full.lower, `${full.file} against ${middle.file}`).toBeGreaterThan(middle.upper);
    }
  });

  it('the comparison can fail: a line with a rise is reported', () => {
    const made = [
      { file: 'a', schedule: 's', c: 1, T: 2, k: 1, lower: 0.5, upper: 0.5000001 },
      { file: 'b', schedule: 's', c: 1, T: 2, k: 2, lower: 0.6, upper: 0.6000001 },
    ];
    expect(rises(made)).toHaveLength(1);
  });

  it('the PSD shift adds less than 1e-8 to every upper bound (η·n)', () => {
    const worst = Math.max(...certificates.map(({ cert }) => cert.dual.eta * cert.primal.n));
    expect(worst).toBeLessThan(1e-8);
    expect(certificates.some(({ cert }) => cert.dual.eta > 0)).toBe(true);
  });
});

/** Certified bounds on worst / bound of the full average with the constant step at c = 1, by T. */
interface RatioPoint {
  T: number;
  lower: number;
  upper: number;
}

const CONSTANT_STEP = 'fwa-convergence-constant-step';

function fullAverageRatio(T: number): RatioPoint {
  const point: GridPoint = { schedule: 'c-over-sqrt-horizon', c: 1, T, averager: { kind: 'fwa', k: T } };
  const file = `c-over-sqrt-horizon-c1-T${T}-fwa-k${T}.json`;
  const dir = T <= 40 ? DIR : LARGE_DIR;
  const cert = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CertificateFields;
  const bound = getTheorem(CONSTANT_STEP).evaluate(theoremScope(CONSTANT_STEP, point)!);
  return { T, lower: cert.primal.value / bound, upper: cert.dual.value / bound };
}

/** Where the ratio is not certifiably rising from one T to the next, or T · (1 − ratio) leaves [lo, hi]. */
function ratioBreaks(points: readonly RatioPoint[], lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i++)
    if (!(points[i].upper < points[i + 1].lower))
      out.push(`T = ${points[i].T} → ${points[i + 1].T}: ratio ${points[i].upper} not below ${points[i + 1].lower}`);
  for (const p of points) {
    const excess = [p.T * (1 - p.upper), p.T * (1 - p.lower)];
    if (!(excess[0] >= lo && excess[1] <= hi)) out.push(`T = ${p.T}: T · (1 − ratio) in [${excess.join(', ')}]`);
  }
  return out;
}

describe('the constant-step bound at k = T up to T = 100 (docs/pep-fwa-window.md)', () => {
  it('its ratio to the worst case rises with T at c = 1, and 1 − ratio is between 0.43/T and 0.5/T', () => {
    const points = [10, 15, 20, 30, 40, 60, 80, 100].map(fullAverageRatio);
    expect(ratioBreaks(points, 0.43, 0.5)).toEqual([]);
    expect(points.at(-1)!.lower).toBeGreaterThan(0.995);
  });

  it('the check can fail: a dip, or an excess outside the band, is reported', () => {
    // A dip from T = 10 to 20; T · (1 − ratio) ≈ 0.4 at T = 10 (below the band) and 1.2 at T = 20 (above).
    const made = [
      { T: 10, lower: 0.96, upper: 0.9600001 },
      { T: 20, lower: 0.94, upper: 0.9400001 },
    ];
    expect(ratioBreaks(made, 0.43, 0.5)).toHaveLength(3);
    expect(ratioBreaks(made.slice(0, 1), 0.39, 0.41)).toEqual([]);
  });
});
