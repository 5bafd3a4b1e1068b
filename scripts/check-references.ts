/**
 * References a reader cannot follow: citations of documents outside the repository (the digests the
 * project was written from: fwa-theory.md, related-results.md, design.md, pep.md, ../shared),
 * citations of an issue tracker by number (the word and a number: the tracker is not in the repository, so a
 * comment says the concept instead) and Markdown links whose file or heading does not exist.
 *
 *   npx tsx scripts/check-references.ts      lists each one as file:line, exits 1 if there is any
 *
 * properties/references.test.ts runs the same scans on the tracked files and on generated audit pages.
 * A name of the list is fine where it resolves inside the repository (docs/theory/pep.md, or `pep.md`
 * written in a file of docs/theory/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Offence {
  /** Path relative to the repository root (or the scanned page). */
  file: string;
  line: number;
  /** The reference as written. */
  reference: string;
  why: string;
}

/** A document of the list, with whatever path was written before it, or a path into ../shared. */
const OUTSIDE =
  /(?:[\w.#/-]*\/)?(?:fwa-theory|related-results|design|pep)\.md|(?:\.\.\/)+shared\b(?:\/[\w.-]+)*|shared\/paper\b/g;

/**
 * A tracker citation: "issue" or "Issue" then a number, with an optional "#". Words that merely end in
 * "issue" (tissue) are not matched.
 */
const TRACKER = /\b[Ii]ssues? #?\d+/g;

/** The scan's own definition and its test name the documents they look for. */
const SELF = new Set(['scripts/check-references.ts', 'properties/references.test.ts']);

/** Files that are not text a reader reads (binary, vendored, generated). */
const SKIPPED =
  /^(node_modules|reports\/(?!README\.md$)|src\/report\/assets|src\/data\/fallback)\/|package-lock\.json$|\.(png|jpe?g|gif|ico|woff2?|ttf)$/;

/** The repository's files as git sees them: tracked, plus new files not yet added (not ignored ones). */
export function repositoryFiles(root = ROOT): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  });
  const files = out
    .split('\n')
    .filter((f) => f !== '' && !SKIPPED.test(f) && !SELF.has(f) && existsSync(join(root, f)));
  return [...new Set(files)].sort();
}

function insideRepository(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/**
 * Citations of documents outside the repository in `text` (the content of `file`, a path relative to
 * `root`). A listed name counts as inside when the path written resolves to an existing file of the
 * repository, from the repository root or from the file's own directory.
 */
export function outsideReferences(file: string, text: string, root = ROOT): Offence[] {
  const found: Offence[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(OUTSIDE)) {
      const written = m[0].replace(/^[#/]+|#.*$/g, '');
      const candidates = [join(root, written), join(root, dirname(file), written)];
      const resolvesInside =
        !written.includes('shared') && candidates.some((p) => insideRepository(p, root) && existsSync(p));
      if (!resolvesInside) {
        found.push({ file, line: i + 1, reference: m[0], why: 'a document outside the repository' });
      }
    }
  });
  return found;
}

/** Citations of an issue tracker by number in `text` (the content of `file`). */
export function trackerReferences(file: string, text: string): Offence[] {
  const found: Offence[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(TRACKER)) {
      found.push({
        file,
        line: i + 1,
        reference: m[0],
        why: 'an issue tracker outside the repository: name the concept',
      });
    }
  });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings (repeated headings get -1, -2, … as on GitHub). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const h = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = headingAnchor(h[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Markdown links of `file` (relative to `root`) whose target file or heading does not exist. */
export function brokenLinks(file: string, text: string, root = ROOT): Offence[] {
  const found: Offence[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) return;
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
      const [path, anchor] = target.split('#', 2);
      const abs = path === '' ? join(root, file) : resolve(root, dirname(file), path);
      const offence = (why: string): void => {
        found.push({ file, line: i + 1, reference: target, why });
      };
      if (!insideRepository(abs, root)) offence('a link that leaves the repository');
      else if (!existsSync(abs)) offence('no such file');
      else if (anchor && extname(abs) === '.md' && statSync(abs).isFile()) {
        if (!anchorsOf(readFileSync(abs, 'utf8')).has(anchor))
          offence(`no heading #${anchor} in ${relative(root, abs)}`);
      }
    }
  });
  return found;
}

/** All three scans over the repository's files. */
export function checkRepository(root = ROOT): Offence[] {
  const offences: Offence[] = [];
  for (const file of repositoryFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    offences.push(...outsideReferences(file, text, root), ...trackerReferences(file, text));
    if (file.endsWith('.md')) offences.push(...brokenLinks(file, text, root));
  }
  return offences;
}

export function formatOffences(offences: readonly Offence[]): string {
  return offences.map((o) => `${o.file}:${o.line}: ${o.reference} (${o.why})`).join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const offences = checkRepository();
  if (offences.length > 0) {
    console.log(formatOffences(offences));
    console.log(
      `\n${offences.length} reference(s) a reader cannot follow; cite docs/theory/… instead (docs/theory/README.md lists the sections).`,
    );
    process.exit(1);
  }
  console.log('check-references: every reference resolves inside the repository');
}
