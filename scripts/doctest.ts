/**
 * Doctest: the console transcripts of the documentation, run and compared with what they print.
 *
 *   npx tsx scripts/doctest.ts [--slow] [file.md …]   runs every transcript (the slow ones too with
 *                                                      --slow), prints each difference, exits 1 on any
 *
 * properties/doctest.test.ts runs the fast transcripts in `npm test`; `npm run test:docs` runs all of
 * them (properties/doctest-slow.docs.ts, from .ci/run).
 *
 * The convention, for every Markdown file of the repository:
 *   - A transcript is a ```console fence. A line starting with `$ ` is a command; the lines after it, up
 *     to the next command, are what it prints (stdout and stderr together, in order). A ```sh fence
 *     is commands without their output and is not run; a `$ ` line anywhere else (an indented block, a
 *     ```sh or ```text fence) is refused, so that no transcript escapes the test.
 *   - The transcripts of one file run in order, in one scratch directory that looks like the repository
 *     root (every top-level entry is a symbolic link to the checkout), so a file one transcript writes
 *     is there for the next. `npx fwa-theorems` runs this checkout's command line; `echo $?` prints the
 *     previous command's exit code.
 *   - An HTML comment on the last non-blank line before the fence directs the run:
 *       <!-- doctest: slow -->                        only in `npm run test:docs`: more than npm test's
 *                                                     30 s budget can carry (an audit, a guard run, or
 *                                                     any `npx tsx` start: 1–2 s of CPU each)
 *       <!-- doctest: file NAME = ts block above -->  first writes NAME from the nearest ```ts fence above
 *     (several directives in one comment are separated by `;`).
 *   - What varies between runs is compared through placeholders (and the checkout's path made
 *     relative, as it prints from the checkout): durations ("0.8 s", "22s", "4m57s")
 *     and dates ("2026-12-02") match any duration or date, a line holding only `…` matches any number
 *     of lines, and the command line's notice that it runs the sources because src/ changed after
 *     `npm run build` is not part of a transcript. Everything else, numbers included, must be equal:
 *     the runs are deterministic (fixed seeds).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryFiles } from './check-references';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface TranscriptCommand {
  command: string;
  /** The lines the documentation says the command prints. */
  expected: string[];
}

export interface Transcript {
  /** Markdown file, relative to the repository root. */
  file: string;
  /** Line of the opening fence (1-based). */
  line: number;
  slow: boolean;
  /** Files written into the scratch directory before the commands run (name → content). */
  files: Map<string, string>;
  commands: TranscriptCommand[];
}

/** A `$ ` line outside a ```console fence: a transcript the doctest would not run. */
export interface StrayCommand {
  file: string;
  line: number;
  text: string;
}

const FENCE = /^\s*```(\w*)/;
const DIRECTIVE = /^<!--\s*doctest:\s*(.*?)\s*-->\s*$/;

/** The transcripts of one Markdown file, and the command lines written outside a transcript. */
export function parseTranscripts(
  file: string,
  markdown: string,
): { transcripts: Transcript[]; strays: StrayCommand[] } {
  const lines = markdown.split('\n');
  const transcripts: Transcript[] = [];
  const strays: StrayCommand[] = [];
  let lastTs: string | undefined;
  const directiveLines = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (/^ {4,}\$ /.test(lines[i])) strays.push({ file, line: i + 1, text: lines[i].trim() });
      continue;
    }
    const lang = open[1];
    const body: string[] = [];
    const start = i;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    if (lang === 'ts' || lang === 'typescript') {
      lastTs = body.join('\n') + '\n';
      continue;
    }
    if (lang !== 'console') {
      body.forEach((text, j) => {
        if (text.startsWith('$ ')) strays.push({ file, line: start + j + 2, text });
      });
      continue;
    }
    let above = start - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    const directive = DIRECTIVE.exec(lines[above] ?? '');
    if (directive) directiveLines.add(above);
    const transcript: Transcript = { file, line: start + 1, slow: false, files: new Map(), commands: [] };
    for (const part of directive ? directive[1].split(';').map((p) => p.trim()) : []) {
      const fileFromTs = /^file\s+(\S+)\s*=\s*ts block above$/.exec(part);
      if (part === 'slow') transcript.slow = true;
      else if (fileFromTs) {
        if (lastTs === undefined) throw new Error(`${file}:${start}: "${part}" but no \`\`\`ts fence above`);
        transcript.files.set(fileFromTs[1], lastTs);
      } else {
        throw new Error(
          `${file}:${start}: unknown doctest directive "${part}" (known: slow; file NAME = ts block above)`,
        );
      }
    }
    for (const text of body) {
      if (text.startsWith('$ ')) transcript.commands.push({ command: text.slice(2), expected: [] });
      else if (transcript.commands.length === 0)
        throw new Error(`${file}:${start + 1}: a console fence must start with a \`$ \` command line`);
      else transcript.commands[transcript.commands.length - 1].expected.push(text);
    }
    transcripts.push(transcript);
  }
  lines.forEach((text, i) => {
    if (/^\s*<!--\s*doctest:/.test(text) && !directiveLines.has(i))
      throw new Error(
        `${file}:${i + 1}: a doctest directive must be the last non-blank line before a \`\`\`console fence`,
      );
  });
  return { transcripts, strays };
}

const BUILD_NOTICE = /^fwa-theorems: (?:src\/ changed since the last build|no build in dist\/);/;

/**
 * One line with durations and dates replaced by placeholders, the checkout's own path made relative
 * (a transcript runs in a scratch folder of links to the checkout, where a file the code locates by
 * its module URL prints absolute; from the checkout, as a reader runs it, the path prints relative),
 * trailing blanks dropped.
 */
export function normaliseLine(line: string): string {
  return line
    .replaceAll(`${ROOT}/`, '')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?/g, '<date>')
    .replace(/\b(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?\s?(?:ms|s|min)\b/g, '<duration>')
    .replace(/\b\d+h\d+m\b|\b\d+m\d+s\b/g, '<duration>')
    .replace(/\s+$/, '');
}

/** Output lines as compared: the build notice removed, placeholders in, trailing blank lines dropped. */
export function normaliseOutput(lines: readonly string[]): string[] {
  const out = lines.filter((l) => !BUILD_NOTICE.test(l)).map(normaliseLine);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Whether `actual` matches `expected`, where an expected line holding only `…` stands for any lines. */
export function transcriptMatches(expected: readonly string[], actual: readonly string[]): boolean {
  const e = normaliseOutput(expected);
  const a = normaliseOutput(actual);
  // memo[i][j]: e[i..] matches a[j..] (the wildcard makes this a small dynamic programme).
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (a.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === e.length) result = j === a.length;
    else if (e[i].trim() === '…') result = match(i + 1, j) || (j < a.length && match(i, j + 1));
    else result = j < a.length && e[i] === a[j] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

export interface CommandResult {
  command: string;
  expected: string[];
  actual: string[];
  ok: boolean;
}

/** A scratch directory that looks like the repository root; remove it with `rmSync(dir, { recursive })`. */
export function makeScratchDirectory(root = ROOT): string {
  const dir = mkdtempSync(join(tmpdir(), 'fwa-doctest-'));
  for (const entry of readdirSync(root)) {
    if (entry !== '.git') symlinkSync(join(root, entry), join(dir, entry));
  }
  return dir;
}

const BOUNDARY = '@@fwa-doctest-boundary@@';

/** The environment of a user's shell: no test runner's variables, no profile or seed override, no colour, no terminal width. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(FWA_|VITEST|TEST$|NODE_ENV$|FORCE_COLOR$|NODE_OPTIONS$|COLUMNS$|LINES$)/.test(k)) env[k] = v;
  }
  return { ...env, NO_COLOR: '1' };
}

/**
 * Runs one transcript in `dir` (bash, stderr into stdout) and compares each command's output. The
 * commands share one shell, so `echo $?` sees the previous command; a marker printed between commands
 * (with the exit code restored after it) splits the output.
 */
export async function runTranscript(
  transcript: Transcript,
  dir: string,
  timeoutMs: number,
  root = ROOT,
): Promise<CommandResult[]> {
  for (const [name, content] of transcript.files) writeFileSync(join(dir, name), content);
  const script = [
    'exec 2>&1',
    `npx() { if [ "$1" = fwa-theorems ]; then shift; node ${JSON.stringify(join(root, 'bin/fwa-theorems.mjs'))} "$@"; ` +
      `elif [ -x ${JSON.stringify(join(root, 'node_modules/.bin'))}/"$1" ]; then local b="$1"; shift; ` +
      `${JSON.stringify(join(root, 'node_modules/.bin'))}/"$b" "$@"; else command npx "$@"; fi; }`,
    ...transcript.commands.flatMap((c) => [c.command, `__rc=$?; printf '\\n%s\\n' '${BOUNDARY}'; (exit $__rc)`]),
  ].join('\n');
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    execFile(
      'bash',
      ['-c', script],
      { cwd: dir, env: userEnvironment(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, out) => {
        if (error && error.killed)
          reject(
            new Error(
              `${transcript.file}:${transcript.line}: the transcript ran past ${timeoutMs / 1000} s and was stopped`,
            ),
          );
        else resolvePromise(out);
      },
    );
  });
  const outputs = stdout.split(`\n${BOUNDARY}\n`);
  return transcript.commands.map((c, i) => {
    const actual = (outputs[i] ?? '').split('\n');
    return { command: c.command, expected: c.expected, actual, ok: transcriptMatches(c.expected, actual) };
  });
}

/** A failed comparison as the reader needs it: where, the command, what the page says, what it printed. */
export function describeMismatch(transcript: Transcript, result: CommandResult): string {
  return [
    `${transcript.file}:${transcript.line}: \`$ ${result.command}\` printed something else`,
    '--- the documentation says',
    ...result.expected,
    '--- the command printed (durations, dates as placeholders, the checkout path relative; … matches any lines)',
    ...normaliseOutput(result.actual),
    `--- replay: npx tsx scripts/doctest.ts${transcript.slow ? ' --slow' : ''} ${transcript.file}`,
  ].join('\n');
}

/** The Markdown files of the repository, as git lists them (tracked and new, not ignored). */
export function markdownFiles(root = ROOT): string[] {
  return repositoryFiles(root).filter((f) => f.endsWith('.md'));
}

/** Every transcript of the repository's Markdown files, by file, and every stray command line. */
export function collectTranscripts(
  files = markdownFiles(),
  root = ROOT,
): { byFile: Map<string, Transcript[]>; strays: StrayCommand[] } {
  const byFile = new Map<string, Transcript[]>();
  const strays: StrayCommand[] = [];
  for (const file of files) {
    const parsed = parseTranscripts(file, readFileSync(join(root, file), 'utf8'));
    strays.push(...parsed.strays);
    if (parsed.transcripts.length > 0) byFile.set(file, parsed.transcripts);
  }
  return { byFile, strays };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const slow = args.includes('--slow');
  const files = args.filter((a) => a !== '--slow');
  const { byFile, strays } = collectTranscripts(files.length > 0 ? files : undefined);
  let failures = strays.length;
  for (const s of strays) console.log(`${s.file}:${s.line}: a command line outside a \`\`\`console fence: ${s.text}`);
  for (const [file, transcripts] of byFile) {
    const dir = makeScratchDirectory();
    try {
      for (const t of transcripts) {
        if (t.slow && !slow) {
          console.log(`${file}:${t.line}: slow, skipped (--slow runs it)`);
          continue;
        }
        const started = Date.now();
        const results = await runTranscript(t, dir, 600_000);
        for (const r of results.filter((x) => !x.ok)) console.log(describeMismatch(t, r));
        failures += results.filter((x) => !x.ok).length;
        console.log(
          `${file}:${t.line}: ${results.filter((x) => x.ok).length}/${results.length} commands as documented (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exit(failures > 0 ? 1 : 0);
}
