/**
 * Doctest, fast part: every ```console transcript of the repository's Markdown files not marked slow is
 * run and compared with what it prints (scripts/doctest.ts states the convention and the placeholders;
 * the slow ones run in `npm run test:docs`). The parser and the comparison are checked first on texts
 * with a known answer, and a transcript that lies is shown to fail.
 * Replay one file: npx tsx scripts/doctest.ts docs/your-own-theorem.md
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  makeScratchDirectory,
  normaliseLine,
  parseTranscripts,
  runTranscript,
  transcriptMatches,
} from '../scripts/doctest';
import { registerDoctests } from './support/doctest-suite';

describe('the doctest machinery', () => {
  it('parses commands, their output, directives and stray command lines', () => {
    const md = [
      '```ts',
      'export const x = 1;',
      '```',
      '<!-- doctest: slow; file a.ts = ts block above -->',
      '',
      '```console',
      '$ cat a.ts',
      'export const x = 1;',
      '$ echo $?',
      '0',
      '```',
      '```sh',
      '$ not run',
      '```',
      '    $ indented',
    ].join('\n');
    const { transcripts, strays } = parseTranscripts('x.md', md);
    expect(transcripts).toHaveLength(1);
    expect(transcripts[0].slow).toBe(true);
    expect(transcripts[0].files.get('a.ts')).toBe('export const x = 1;\n');
    expect(transcripts[0].commands).toEqual([
      { command: 'cat a.ts', expected: ['export const x = 1;'] },
      { command: 'echo $?', expected: ['0'] },
    ]);
    expect(strays.map((s) => s.line)).toEqual([13, 15]);
  });

  it('refuses a misplaced or unknown directive', () => {
    expect(() => parseTranscripts('x.md', '<!-- doctest: slow -->\ntext\n```console\n$ true\n```')).toThrow(
      /last non-blank/,
    );
    expect(() => parseTranscripts('x.md', '<!-- doctest: fast -->\n```console\n$ true\n```')).toThrow(
      /unknown doctest directive/,
    );
  });

  it('placeholders: durations and dates vary, numbers do not; … stands for any lines', () => {
    expect(normaliseLine('audit: 52 cells in 22s (0.8 s, 4m57s) on 2026-12-02')).toBe(
      'audit: 52 cells in <duration> (<duration>, <duration>) on <date>',
    );
    expect(transcriptMatches(['ratio 0.5624 (0.4 s)'], ['ratio 0.5624 (1.3 s)'])).toBe(true);
    expect(transcriptMatches(['ratio 0.5624'], ['ratio 0.5625'])).toBe(false);
    expect(transcriptMatches(['…', 'last'], ['a', 'b', 'last'])).toBe(true);
    expect(transcriptMatches(['first', '…'], ['first'])).toBe(true);
    expect(transcriptMatches(['…', 'last'], ['last', 'extra'])).toBe(false);
  });

  it('a transcript that does not say what the command prints fails; exit codes pass between commands', async () => {
    const dir = makeScratchDirectory();
    try {
      const { transcripts } = parseTranscripts(
        'x.md',
        ['```console', '$ echo 41', '42', '$ ls package.json', 'package.json', '$ false', '$ echo $?', '1', '```'].join(
          '\n',
        ),
      );
      const results = await runTranscript(transcripts[0], dir, 20_000);
      expect(results.map((r) => r.ok)).toEqual([false, true, true, true]);
      expect(results[0].actual[0]).toBe('41');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the documentation transcripts (fast)', () => {
  registerDoctests({ slow: false, timeoutMs: 60_000 });
});
