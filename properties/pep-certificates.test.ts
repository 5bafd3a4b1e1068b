import { describe, expect, it } from 'vitest';
import { CertificateError, verifyCertificate, type PepCertificate } from '../src/pep/certificate';
import { committedCertificates } from '../src/pep/committed';
import { committedGrid, pointName } from '../src/pep/grid';
import { boundChecks, refutes, certificateReplayCommand } from '../src/pep-judge/judge';
import { listCertificates } from '../src/pep/store';

/**
 * The committed PEP certificates, verified without a solver: each certificate's primal (an explicit
 * instance: lower bound) and dual (multipliers with a PSD slack: upper bound) are checked against the
 * current method code, and every [S]/[D] convergence bound of the registry must lie above the certified
 * worst case wherever its hypotheses hold. A failure names the certificate; `npm run pep` re-solves the
 * grid, and the replay command printed re-solves one point.
 */
const files = await listCertificates();
// Read and verified once per worker (the guard and audit tests share it).
const committed = committedCertificates();

describe('PEP certificates (verified without the solver)', () => {
  it('the committed grid and the certificate files are the same set (npm run pep writes missing ones)', () => {
    const expected = committedGrid()
      .map((p) => `${pointName(p)}.json`)
      .sort();
    expect(files).toEqual(expected);
  });

  it.each(files)('%s: primal and dual verify and agree to 1e-6', (file) => {
    expect(committed.rejected.find((r) => r.name === file)?.reason).toBeUndefined();
    const v = committed.verified.find((x) => `${x.cert.name}.json` === file)!;
    expect(v.bounds.upper).toBeGreaterThanOrEqual(v.bounds.lower);
  });

  it('every [S]/[D] convergence bound is ≥ the certified worst case at every grid point it covers', () => {
    const all = boundChecks(committed.verified);
    expect(all.length).toBeGreaterThan(0);
    const bugs = all.filter((c) => c.status !== 'paper-reading' && refutes(c));
    const findings = all.filter((c) => c.status === 'paper-reading' && refutes(c));
    for (const f of findings)
      console.info(
        `finding: [P] ${f.theorem} = ${f.bound} < certified worst case ${f.lower} at ${f.certificate} (${certificateReplayCommand(f.theorem, f.point)})`,
      );
    expect(
      bugs.map(
        (b) =>
          `${b.theorem} bound ${b.bound} < certified worst case ${b.lower} at ${b.certificate}; replay: ${certificateReplayCommand(b.theorem, b.point)}`,
      ),
    ).toEqual([]);
  });
});

describe('a corrupt or stale certificate fails by name', () => {
  const reference = 'inv-sqrt-t-c1-T6-fwa-k1';
  const base = (): PepCertificate => structuredClone(committed.verified.find((x) => x.cert.name === reference)!.cert);
  const fails = (cert: PepCertificate, reason: RegExp): void => {
    let err: unknown;
    try {
      verifyCertificate(cert);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as CertificateError).certificate).toBe(cert.name);
    expect((err as Error).message).toMatch(reason);
  };

  it('the reference certificate exists and verifies at 0.6502', () => {
    const b = verifyCertificate(base());
    expect(Math.abs(b.lower - 0.6502)).toBeLessThan(1e-4);
    expect(Math.abs(b.upper - 0.6502)).toBeLessThan(1e-4);
  });

  it('a changed schedule (step sizes) is stale', () => {
    const c = base();
    c.spec.schedule = { kind: 'inv-sqrt-t', c: 1.1 };
    delete c.point;
    fails(c, /stale: the step sizes/);
  });

  it('a changed averager (weights) is stale', () => {
    const c = base();
    c.spec.averager = { kind: 'fwa', k: 2 };
    delete c.point;
    fails(c, /stale: the averager weights/);
  });

  it('a grid point that now means another problem is stale', () => {
    const c = base();
    c.point = { ...c.point!, c: 2 };
    fails(c, /stale: its grid point/);
  });

  it('a corrupted Gram factor violates an inequality', () => {
    const c = base();
    c.primal.V = c.primal.V.map((v) => v * 1.01);
    fails(c, /primal inequality .* violated/);
  });

  it('a halved dual multiplier breaks the dual (not PSD, or the bounds no longer agree)', () => {
    const c = base();
    let biggest = 0;
    c.dual.multipliers.forEach(([, y], i) => {
      if (y > c.dual.multipliers[biggest][1]) biggest = i;
    });
    c.dual.multipliers[biggest][1] /= 2;
    fails(c, /dual slack matrix is not PSD|differ by more than/);
  });

  it('a negative multiplier is rejected', () => {
    const c = base();
    c.dual.multipliers[0][1] = -1e-3;
    fails(c, /not ≥ 0/);
  });

  it('a changed stated bound is stale', () => {
    const c = base();
    c.primal.value *= 1 - 1e-6;
    fails(c, /stale: recomputed bounds/);
  });
});
