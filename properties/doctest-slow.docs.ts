/**
 * Doctest, every transcript including the slow ones (audits, guard runs: seconds to minutes each):
 * `npm run test:docs`, run by .ci/run. The fast ones also run in npm test (properties/doctest.test.ts).
 * Replay one file: npx tsx scripts/doctest.ts --slow docs/your-own-theorem.md
 */
import { describe } from 'vitest';
import { registerDoctests } from './support/doctest-suite';

describe('the documentation transcripts (all)', () => {
  registerDoctests({ slow: true, timeoutMs: 900_000 });
});
