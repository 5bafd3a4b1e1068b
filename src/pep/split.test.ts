import { describe, expect, it } from 'vitest';
import { buildCertificate, CertificateError, verifyCertificate } from './certificate';
import { csdpAvailable } from './csdp';
import { pointName, pointSpec, type GridPoint } from './grid';
import { pepLayout } from './problem';
import { pepGramProblem, solveGram } from './solve';
import { liftInterior, proofSet, solvePepSplit } from './split';
import { certificatePath, readCertificateFile } from './store';
import { InvalidParameterError } from '../errors';

/**
 * The split solve (split.ts) against the committed certificates of the same points, solved by plain
 * constraint generation: where the interior-iterate primal and the proof-set dual meet, and where they
 * do not (then the plain result comes back, and a certificate glued from the two halves is refused).
 */
const haveCsdp = csdpAvailable();
if (!haveCsdp) console.warn('split solve tests skipped: csdp not found (apt-get install coinor-csdp)');

const committed = (p: GridPoint) => verifyCertificate(readCertificateFile(certificatePath(pointName(p))));

describe.skipIf(!haveCsdp)('split solve', () => {
  it('constant step, c = 1, T = 20, k = T: the two halves meet, with the upper half on the proof set alone', async () => {
    const point: GridPoint = { schedule: 'c-over-sqrt-horizon', c: 1, T: 20, averager: { kind: 'fwa', k: 20 } };
    const sol = await solvePepSplit(pointSpec(point));
    const b = verifyCertificate(buildCertificate('split', sol, point));
    const before = committed(point);
    expect(Math.abs(b.lower - before.lower)).toBeLessThan(1e-6 * before.lower);
    expect(Math.abs(b.upper - before.upper)).toBeLessThan(1e-6 * before.upper);
    const upper = sol.roundLog.filter((r) => !r.interior);
    expect(sol.roundLog.some((r) => r.interior)).toBe(true);
    // One round of the upper half, on the proof set only (its primal is infeasible: the lower half's stands).
    const proof = pepGramProblem(sol.layout).inequalities.filter((q) => proofSet(q.key)).length;
    expect(upper.map((r) => r.m)).toEqual([proof]);
    expect(upper[0].violated).toBeGreaterThan(0);
  });

  it('1/√t, c = 1, T = 20, k = T: the proof set is not enough, generation goes on to a feasible primal', async () => {
    const point: GridPoint = { schedule: 'inv-sqrt-t', c: 1, T: 20, averager: { kind: 'fwa', k: 20 } };
    const sol = await solvePepSplit(pointSpec(point));
    expect(sol.roundLog.at(-1)!.violated).toBe(0);
    const b = verifyCertificate(buildCertificate('fallback', sol, point));
    const before = committed(point);
    expect(Math.abs(b.lower - before.lower)).toBeLessThan(1e-6 * before.lower);
  });

  it('can fail: the interior primal glued to the proof-set dual where they do not meet is refused', async () => {
    const point: GridPoint = { schedule: 'inv-sqrt-t', c: 1, T: 20, averager: { kind: 'fwa', k: 20 } };
    const layout = pepLayout(pointSpec(point));
    const inner = pepLayout(pointSpec(point), true);
    const low = await solveGram(pepGramProblem(inner));
    const up = await solveGram(pepGramProblem(layout), {}, { first: proofSet, upperTarget: Infinity });
    const glued = { layout, ...up, P: liftInterior(inner, layout, low.P, low.f), f: low.f };
    expect(() => verifyCertificate(buildCertificate('glued', glued, point))).toThrow(CertificateError);
    expect(() => verifyCertificate(buildCertificate('glued', glued, point))).toThrow(/differ by more than/);
  });
});

describe('interior-iterate layout', () => {
  it('only on a set: an unconstrained spec is refused, naming the domain', () => {
    const spec = { ...pointSpec({ schedule: 'inv-sqrt-t', c: 1, T: 3, averager: { kind: 'fwa', k: 3 } }) };
    expect(() => pepLayout({ ...spec, domain: { kind: 'unconstrained', R: 1 } }, true)).toThrow(InvalidParameterError);
    expect(pepLayout(spec, true).n).toBe(pepLayout(spec).n - spec.T);
  });
});
