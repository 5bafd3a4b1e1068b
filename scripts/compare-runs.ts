/**
 * Compares two audit run directories cell for cell (every field of results.jsonl bit for bit, the
 * wall time `ms` aside) and their audit.json verdicts; exits 1 naming the differences. Used by
 * scripts/test-slurm.sh: a merged sharded run must equal the single-machine run.
 *   usage: node --import tsx scripts/compare-runs.ts <expected-dir> <actual-dir>
 */
import { cellDiff, cellsOf, reportOf } from '../properties/reliability/cli-process';

const [want, got] = process.argv.slice(2);
if (!want || !got) {
  console.error('usage: compare-runs.ts <expected-dir> <actual-dir>');
  process.exit(2);
}
const a = cellsOf(want);
const b = cellsOf(got);
const diff = cellDiff(a, b);
if (a.size === 0) diff.push(`${want} holds no cells`);
if (reportOf(want) !== reportOf(got)) diff.push('audit.json: the theorems, totals or exit code differ');
if (diff.length) {
  console.error(`compare-runs: ${got} differs from ${want}:\n  ${diff.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log(`compare-runs: ${a.size} cells equal, bit for bit, and the same verdicts`);
