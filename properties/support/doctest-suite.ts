/**
 * The doctest as vitest tests, shared by properties/doctest.test.ts (the fast transcripts, in npm test)
 * and properties/doctest-slow.docs.ts (every transcript, `npm run test:docs`): one describe per
 * Markdown file, its transcripts in order in one scratch directory (scripts/doctest.ts says why).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectTranscripts,
  describeMismatch,
  makeScratchDirectory,
  runTranscript,
  type Transcript,
} from '../../scripts/doctest';

/** Registers the transcripts; `slow: false` leaves out those marked slow (and says so in the test name). */
export function registerDoctests(options: { slow: boolean; timeoutMs: number }): void {
  const { byFile, strays } = collectTranscripts();

  it('every command line of the documentation is in a ```console transcript', () => {
    const listed = strays.map((s) => `${s.file}:${s.line}: ${s.text}`).join('\n');
    expect(listed, 'write it as a ```console fence (with its output) or drop the `$ `').toBe('');
  });

  for (const [file, transcripts] of byFile) {
    describe(file, () => {
      let dir = '';
      beforeAll(() => {
        dir = makeScratchDirectory();
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));
      for (const t of transcripts) {
        const name = `line ${t.line}: ${t.commands.map((c) => c.command).join(' && ')}`;
        const run = async (transcript: Transcript): Promise<void> => {
          const results = await runTranscript(transcript, dir, options.timeoutMs);
          const mismatches = results.filter((r) => !r.ok).map((r) => describeMismatch(transcript, r));
          expect(mismatches.join('\n\n')).toBe('');
        };
        if (t.slow && !options.slow) it.skip(`${name} (slow: npm run test:docs)`, () => run(t));
        else it(name, () => run(t), options.timeoutMs + 10_000);
      }
    });
  }
}
