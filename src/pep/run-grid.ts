import cliProgress from 'cli-progress';
import { formatDuration } from '../format/duration';
import { buildCertificate, CertificateError, verifyCertificate, type PepCertificate } from './certificate';
import { committedGrid, pointName, pointSpec, type GridPoint } from './grid';
import { certificatePath, readCertificate, writeCertificate } from './store';
import { solvePep } from './solve';

/**
 * `npm run pep`: solves the committed grid with CSDP and (re)writes its certificates. A certificate that
 * exists, verifies and is for the same problem is kept, so an interrupted run resumes where it stopped.
 * Two solves run at once (CSDP is single-threaded here; the machine has two cores). Largest T first so
 * the long solves do not end the run alone. FWA_PEP_JOBS sets the number of concurrent solves.
 */
const CONCURRENCY = Number(process.env.FWA_PEP_JOBS ?? 2);
/** FWA_PEP_MAX_T=n solves only the points with T ≤ n (the others are left as they are). */
const MAX_T = Number(process.env.FWA_PEP_MAX_T ?? Infinity);

async function upToDate(p: GridPoint): Promise<boolean> {
  const cert = await readCertificate(certificatePath(pointName(p)));
  if (cert === null || JSON.stringify(cert.spec) !== JSON.stringify(pointSpec(p))) return false;
  try {
    verifyCertificate(cert);
    return true;
  } catch (err) {
    if (err instanceof CertificateError) return false;
    throw err;
  }
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      process.stderr.write(`\npep: interrupted; certificates written so far are kept, a rerun resumes\n`);
      process.exit(130);
    });
  const started = Date.now();
  const grid = committedGrid()
    .filter((p) => p.T <= MAX_T)
    .sort((a, b) => b.T - a.T);
  const todo: GridPoint[] = [];
  for (const p of grid) if (!(await upToDate(p))) todo.push(p);
  process.stderr.write(
    `pep: ${grid.length} grid points, ${grid.length - todo.length} certificates already valid, ${todo.length} to solve\n`,
  );
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'pep {bar} {percentage}% | {value}/{total} solves | ETA {eta_formatted} | {point}',
      formatTime: (seconds: number) => formatDuration(seconds * 1000),
      etaBuffer: 20,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(todo.length, 0, { point: '' });
  const problems: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const p = todo[next++];
      const name = pointName(p);
      const sol = await solvePep(pointSpec(p));
      const cert: PepCertificate = buildCertificate(name, sol, p);
      try {
        const b = verifyCertificate(cert);
        await writeCertificate(cert);
        if (sol.code !== 0)
          problems.push(`${name}: CSDP ${sol.status} (certificate verified anyway: [${b.lower}, ${b.upper}])`);
      } catch (err) {
        problems.push(`${name}: CSDP ${sol.status}; certificate rejected: ${(err as Error).message}`);
      }
      bar.increment(1, { point: `${name} (${sol.seconds.toFixed(1)} s)` });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  bar.stop();
  for (const line of problems) process.stderr.write(`pep: ${line}\n`);
  process.stderr.write(`pep: done in ${formatDuration(Date.now() - started)}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

await main();
