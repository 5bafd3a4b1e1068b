import { formatDuration } from '../format/duration';
import { buildCertificate, CertificateError, verifyCertificate, type PepCertificate } from './certificate';
import { committedGrid, largeGrid, pointName, pointSpec, type GridPoint } from './grid';
import { gridEtaSeconds, type FinishedSolve } from './grid-eta';
import { CERTIFICATE_DIR, certificatePath, LARGE_CERTIFICATE_DIR, readCertificate, writeCertificate } from './store';
import { CSDP_TIGHT_TOLERANCE } from './csdp';
import { solvePep } from './solve';
import { solvePepSplit } from './split';

/**
 * `npm run pep`: solves the committed grid with CSDP and (re)writes its certificates; `npm run pep -- --large`
 * the large grid (grid.ts). A certificate that exists, verifies and is for the same problem is kept, so an
 * interrupted run resumes where it stopped. Two solves run at once (one BLAS thread each; the machine
 * has two cores). Largest T first so the long solves do not end the run alone. Each point is solved by the
 * split solve (split.ts), which falls back to plain constraint generation where its two halves do not meet. Each finished point
 * prints one line: its time, rounds and sizes, the running total and the ETA. FWA_PEP_JOBS sets the
 * number of concurrent solves.
 */
const CONCURRENCY = Number(process.env.FWA_PEP_JOBS ?? 2);
/** FWA_PEP_MAX_T=n solves only the points with T ≤ n (the others are left as they are). */
const MAX_T = Number(process.env.FWA_PEP_MAX_T ?? Infinity);

async function upToDate(p: GridPoint, dir: string): Promise<boolean> {
  const cert = await readCertificate(certificatePath(pointName(p), dir));
  if (cert === null || JSON.stringify(cert.spec) !== JSON.stringify(pointSpec(p))) return false;
  try {
    verifyCertificate(cert);
    return true;
  } catch (err) {
    if (err instanceof CertificateError) return false;
    throw err;
  }
}

const seconds = (s: number): string => formatDuration(s * 1000);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--large');
  if (unknown.length > 0) {
    process.stderr.write(`pep: unknown argument ${unknown.join(' ')}; usage: npm run pep [-- --large]\n`);
    process.exit(2);
  }
  const large = args.includes('--large');
  const dir = large ? LARGE_CERTIFICATE_DIR : CERTIFICATE_DIR;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      process.stderr.write(`\npep: interrupted; certificates written so far are kept, a rerun resumes\n`);
      process.exit(130);
    });
  const started = Date.now();
  const grid = (large ? largeGrid() : committedGrid()).filter((p) => p.T <= MAX_T).sort((a, b) => b.T - a.T);
  const todo: GridPoint[] = [];
  for (const p of grid) if (!(await upToDate(p, dir))) todo.push(p);
  process.stderr.write(
    `pep: ${grid.length} grid points, ${grid.length - todo.length} certificates already valid, ${todo.length} to solve\n`,
  );
  // Rejected certificates (the run exits 1) and solver statuses short of success on verified ones (it does not).
  const problems: string[] = [];
  const notes: string[] = [];
  const finished: FinishedSolve[] = [];
  const remaining = new Set(todo);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const p = todo[next++];
      const name = pointName(p);
      let sol = await solvePepSplit(pointSpec(p));
      // Seconds of a first solve whose primal was rejected, when the point is solved again.
      let earlier = 0;
      try {
        // Building checks the primal too: a rejected point is reported and the run goes on.
        let cert: PepCertificate;
        try {
          cert = buildCertificate(name, sol, p);
        } catch (err) {
          if (!(err instanceof CertificateError)) throw err;
          // CSDP's 1e-8 is relative: at T = 40 a primal can miss PRIMAL_TOL by a few times 1e-8. Solved
          // again at 1e-9 (1e-10 stalls at the edge of feasibility), it holds to a few 1e-9.
          process.stderr.write(`pep: ${name}: ${err.reason}; solving again at tolerance ${CSDP_TIGHT_TOLERANCE}\n`);
          earlier = sol.seconds;
          sol = await solvePep(pointSpec(p), { tolerance: CSDP_TIGHT_TOLERANCE });
          cert = buildCertificate(name, sol, p);
        }
        const b = verifyCertificate(cert);
        await writeCertificate(cert, dir);
        // The certificate is checked on its own, so the solver's status is a note, not a failure.
        if (sol.code !== 0)
          notes.push(`${name}: CSDP ${sol.status} (certificate verified anyway: [${b.lower}, ${b.upper}])`);
      } catch (err) {
        if (!(err instanceof CertificateError)) throw err;
        problems.push(`${name}: CSDP ${sol.status}; certificate rejected: ${err.message}`);
        process.stderr.write(`pep: ${name}: certificate rejected (${err.reason}); the run goes on\n`);
      }
      remaining.delete(p);
      finished.push({ T: p.T, seconds: earlier + sol.seconds });
      const eta = gridEtaSeconds(
        [...remaining].map((q) => q.T),
        finished,
        CONCURRENCY,
      );
      const rounds = sol.roundLog.map((r) => r.m).join('→');
      const solver = sol.roundLog.reduce((s, r) => s + r.solverSeconds, 0);
      process.stderr.write(
        `pep [${finished.length}/${todo.length}] ${name}: ${sol.seconds.toFixed(1)} s ` +
          (earlier > 0 ? `after a first solve of ${earlier.toFixed(1)} s ` : '') +
          `(${sol.rounds} round${sol.rounds === 1 ? '' : 's'}, m = ${rounds} of ${sol.total}, solver ${solver.toFixed(1)} s)` +
          ` | total ${seconds((Date.now() - started) / 1000)} | ETA ${eta === null ? '?' : seconds(eta)}\n`,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const line of [...notes, ...problems]) process.stderr.write(`pep: ${line}\n`);
  process.stderr.write(`pep: done in ${formatDuration(Date.now() - started)}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

await main();
