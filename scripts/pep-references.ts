/**
 * `npm run pep:references`: re-solves the published reference values of the PEP (src/pep/references.ts)
 * whose committed certificates under certificates/reference/ are missing or no longer verify.
 */
import { solveReferences } from '../src/pep/references';

process.on('SIGINT', () => {
  process.stderr.write('\npep:references: interrupted; certificates written so far are kept\n');
  process.exit(130);
});
await solveReferences((line) => process.stderr.write(line + '\n'));
