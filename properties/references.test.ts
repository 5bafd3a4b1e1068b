/**
 * Every reference a reader meets can be followed inside the repository:
 *   - no tracked file (code, comments, tests, docs, fixtures) cites a document outside it (the digests
 *     fwa-theory.md, related-results.md, design.md, pep.md, ../shared), and every Markdown link leads
 *     to an existing file and heading; no file cites an issue tracker by number (the word followed by a number);
 *   - every theorem's `reference` is a section of docs/theory/ (file and heading exist);
 *   - the pages an audit generates cite nothing outside the repository either, and a theorem page
 *     links its derivation to the theory note.
 * To list the offences: npx tsx scripts/check-references.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  anchorsOf,
  brokenLinks,
  checkRepository,
  formatOffences,
  outsideReferences,
  ROOT,
  trackerReferences,
} from '../scripts/check-references';
import { REGISTRY_CATALOG } from '../src/catalog/load';
import { runAudit } from '../src/audit/run';
import { currentProfile } from '../src/profile';
import { getTheorem, registry } from '../src/catalog/registry';

const HOW = 'list them with: npx tsx scripts/check-references.ts';

describe('the scanner finds what it looks for', () => {
  it('flags citations of outside documents and keeps references that resolve inside', () => {
    const text = [
      'derivation: fwa-theory.md §3.4', // outside
      'see ../shared/paper/bound-vectors.json', // outside
      'as related-results.md §2.2 says', // outside
      'see docs/theory/stability.md#g2-constant-step', // inside
    ].join('\n');
    expect(outsideReferences('src/x.ts', text).map((o) => o.line)).toEqual([1, 2, 3]);
  });

  it('flags a citation of an issue tracker by number, not the word issue in prose', () => {
    // The word and the number are joined at run time, so that `git grep -E 'issue [0-9]+'` finds no
    // tracker citation anywhere in the repository, this test's own examples included.
    const issue = (n: string): string => `issue ${n}`;
    const text = [
      `Kill matrix (${issue('7')}): every mutant`, // tracker
      'see Issue #12 for the history', // tracker
      'as issues 3 and 4 decided', // tracker
      `an issue of scale, t${issue('5')} is not a citation`, // prose
    ].join('\n');
    expect(trackerReferences('src/x.ts', text).map((o) => o.line)).toEqual([1, 2, 3]);
  });

  it('flags a Markdown link to a missing file or heading, not a good one', () => {
    const text = [
      '[ok](docs/theory/stability.md#g2-constant-step)',
      '[no file](docs/theory/nowhere.md)',
      '[no heading](docs/theory/stability.md#g9-nothing)',
    ].join('\n');
    expect(brokenLinks('README.md', text).map((o) => o.line)).toEqual([2, 3]);
  });
});

describe('no reference leaves the repository', () => {
  it('tracked files: no outside document, no tracker citation, no broken Markdown link', () => {
    const offences = checkRepository();
    expect(offences, `${formatOffences(offences)}\n${HOW}`).toEqual([]);
  });

  it("every theorem's reference is an existing section of docs/theory/", () => {
    const bad: string[] = [];
    for (const t of registry) {
      const [path, anchor] = t.reference.split('#', 2);
      let anchors: Set<string>;
      try {
        anchors = path.startsWith('docs/theory/') ? anchorsOf(readFileSync(join(ROOT, path), 'utf8')) : new Set();
      } catch {
        anchors = new Set();
      }
      if (!path.startsWith('docs/theory/') || !anchor || !anchors.has(anchor)) bad.push(`${t.id}: ${t.reference}`);
    }
    expect(bad, 'references must look like docs/theory/<file>.md#<heading>').toEqual([]);
  });

  const out = mkdtempSync(join(tmpdir(), 'fwa-references-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("an audit report's pages cite nothing outside the repository; the derivation links the theory note", async () => {
    // One theorem, no cell run (maxCells 0): the index and the page still carry the theorem's source and
    // derivation, and every other page is built from the same template and registry fields.
    const theorem = getTheorem('fwa-stability-convex-constant-step-paper-reading');
    await runAudit({
      catalog: REGISTRY_CATALOG,
      theoremIds: [theorem.id],
      profile: currentProfile(),
      out,
      resume: false,
      threads: 1,
      budgetMs: Infinity,
      maxCells: 0,
    });
    const pages = ['index.html', ...readdirSync(join(out, 'theorems')).map((f) => join('theorems', f))];
    expect(pages).toHaveLength(2);
    const offences = pages.flatMap((p) => outsideReferences(p, readFileSync(join(out, p), 'utf8')));
    expect(offences, formatOffences(offences)).toEqual([]);
    const page = readFileSync(join(out, pages[1]), 'utf8');
    expect(page).toContain(`${pathToFileURL(join(ROOT, 'docs/theory/stability.md')).href}#g2-paper-reading`);
  });
});
