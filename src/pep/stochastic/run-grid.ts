import { CertificateError } from '../certificate';
import { solveGram } from '../solve';
import { writeCertificate } from '../store';
import { buildStochasticCertificate, verifyStochasticCertificate } from './certificate';
import { stochasticGrid, stochasticPointName, stochasticPointSpec, type StochasticGridPoint } from './grid';
import { stochasticGramProblem, stochasticLayout } from './problem';
import { readStochasticCertificate, STOCHASTIC_CERTIFICATE_DIR } from './store';

/**
 * `npm run pep:stochastic`: solves the stochastic grid (grid.ts) with CSDP and writes what is missing or no
 * longer verifies; a rerun after an interruption resumes (each file is written atomically). FWA_PEP_JOBS
 * concurrent solves (default 2), FWA_PEP_MAX_T=n only points with T ≤ n. One line per solve on stderr:
 * point, constraints (generated / total), Gram size, seconds, value.
 */
const CONCURRENCY = Number(process.env.FWA_PEP_JOBS ?? 2);
const MAX_T = Number(process.env.FWA_PEP_MAX_T ?? Infinity);

function upToDate(p: StochasticGridPoint): boolean {
  const cert = readStochasticCertificate(stochasticPointName(p));
  if (cert === null || JSON.stringify(cert.spec) !== JSON.stringify(stochasticPointSpec(p))) return false;
  try {
    verifyStochasticCertificate(cert);
    return true;
  } catch (err) {
    if (err instanceof CertificateError) return false;
    throw err;
  }
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      process.stderr.write('\npep:stochastic: interrupted; certificates written so far are kept, a rerun resumes\n');
      process.exit(130);
    });
  const grid = stochasticGrid()
    .filter((p) => p.T <= MAX_T)
    .sort((a, b) => b.n ** b.T - a.n ** a.T);
  const todo = grid.filter((p) => !upToDate(p));
  process.stderr.write(`pep:stochastic: ${grid.length} grid points, ${todo.length} to solve\n`);
  const problems: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const p = todo[next++];
      const name = stochasticPointName(p);
      const spec = stochasticPointSpec(p);
      const L = stochasticLayout(spec);
      const sol = await solveGram(stochasticGramProblem(L));
      const cert = buildStochasticCertificate(name, spec, sol, p);
      let line = `${name}: m = ${sol.generated}/${sol.total}, Gram ${L.n}, ${sol.seconds.toFixed(1)} s`;
      try {
        const b = verifyStochasticCertificate(cert);
        await writeCertificate(cert, STOCHASTIC_CERTIFICATE_DIR);
        line += `, worst case [${b.lower}, ${b.upper}]`;
        if (sol.code !== 0) problems.push(`${name}: CSDP ${sol.status} (certificate verified anyway)`);
      } catch (err) {
        problems.push(`${name}: CSDP ${sol.status}; certificate rejected: ${(err as Error).message}`);
      }
      process.stderr.write(`pep:stochastic [${++done}/${todo.length}] ${line}\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const line of problems) process.stderr.write(`pep:stochastic: ${line}\n`);
  if (problems.length > 0) process.exitCode = 1;
}

await main();
