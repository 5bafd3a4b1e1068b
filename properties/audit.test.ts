/**
 * The audit pipeline on a fake catalog (properties/audit-fixtures.ts): plan, results
 * store, resume, shards and merge, summary verdicts and the HTML report. Invariants checked:
 *   - results.jsonl round-trips every number bit for bit, NaN and ±∞ included (never null);
 *   - an interrupted audit resumed with --resume ends with exactly the cells (and bits) of an
 *     uninterrupted one, whatever the interruption point; a half-written last line is dropped;
 *   - a corrupt results file is refused with a typed error and left byte for byte untouched;
 *   - shards partition the plan, and merging them gives the whole run's results;
 *   - [S]/[D] violations fail the audit (exit code 1), [P] ones are findings (exit code 0);
 *   - every string that reaches the HTML is escaped.
 * Seeds come from src/profile.ts (FWA_PROFILE / FWA_SEED); fast-check failures print seed and path.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../src/catalog/load';
import type { CellResult } from '../src/audit/cell';
import { decodeJson, encodeJson } from '../src/audit/codec';
import { planAudit } from '../src/audit/plan';
import { mergeShards, runAudit, type AuditOptions } from '../src/audit/run';
import { inShard, parseShard } from '../src/audit/shard';
import { readResults, RESULTS_FILE } from '../src/audit/store';
import type { AuditSummary } from '../src/audit/summary';
import { CorruptFileError, InvalidParameterError } from '../src/errors';
import { escapeHtml, html } from '../src/report/html';
import { currentProfile, fastCheckParams } from '../src/profile';

const FIXTURES = new URL('./audit-fixtures.ts', import.meta.url).pathname;
const BROKEN = `${FIXTURES}#brokenCatalog`;
const profile = currentProfile();
console.log(`audit tests: profile ${profile.name}, seed ${profile.seed}`);
const fcParams = fastCheckParams(100, profile);

let tmp = '';
let catalog: Catalog;
const dir = (name: string): string => join(tmp, name);
const options = (out: string, over: Partial<AuditOptions> = {}): AuditOptions => ({
  catalog: FIXTURES,
  theoremIds: [],
  profile,
  out,
  resume: false,
  threads: 1,
  budgetMs: Infinity,
  ...over,
});
/** Every finished cell of a run directory, by key (what --resume and merge rely on). */
const cellsOf = (out: string): Map<string, CellResult> =>
  new Map(readResults(join(out, RESULTS_FILE)).results.map((r) => [r.key, r]));
const bitsOf = (cells: Map<string, CellResult>): string[] =>
  [...cells.values()].map((r) => encodeJson([r.key, r.verdict, r.outcome])).sort();

let full: AuditSummary;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'fwa-audit-test-'));
  catalog = await loadCatalog(FIXTURES);
  full = await runAudit(options(dir('full')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('results encoding', () => {
  it('encodeJson/decodeJson round-trip every double bit for bit (NaN, ±∞, −0 are encoded, never null)', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), fc.dictionary(fc.string(), fc.double()), (xs, d) => {
        const back = decodeJson(encodeJson({ xs, d })) as { xs: number[]; d: Record<string, number> };
        expect(back.xs.length).toBe(xs.length);
        xs.forEach((x, i) => expect(Object.is(back.xs[i], x)).toBe(true));
        for (const k of Object.keys(d)) expect(Object.is(back.d[k], d[k])).toBe(true);
      }),
      fcParams,
    );
  });

  it('results.jsonl keeps the non-finite numbers a check reports', () => {
    const r = [...cellsOf(dir('full')).values()].find((c) => c.outcome?.extra)!;
    expect(r.outcome!.extra).toEqual({ nan: NaN, inf: Infinity, negInf: -Infinity });
    expect(readFileSync(join(dir('full'), RESULTS_FILE), 'utf8')).not.toMatch(/null/);
  });
});

describe('plan and shards', () => {
  it('the plan is a function of the seed: same seed, same cells; another seed, other cells', () => {
    const ids = catalog.theorems.map((t) => t.id);
    const keys = (seed: number) => planAudit(catalog, ids, { ...profile, seed }).map((c) => c.key);
    expect(keys(profile.seed)).toEqual(keys(profile.seed));
    expect(keys(profile.seed)).not.toEqual(keys(profile.seed + 1));
  });

  it('shards i/N partition the plan: disjoint, and together every cell', () => {
    const plan = planAudit(
      catalog,
      catalog.theorems.map((t) => t.id),
      profile,
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (count) => {
        const owners = plan.map(
          (c) => [...Array(count).keys()].filter((i) => inShard(c, { index: i + 1, count })).length,
        );
        expect(owners.every((n) => n === 1)).toBe(true);
      }),
      fcParams,
    );
  });

  it('a bad shard spec is an InvalidParameterError naming --shard', () => {
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '', '1/2/3', '-1/2', '1.5/2']) {
      expect(() => parseShard(bad), bad).toThrow(InvalidParameterError);
      expect(() => parseShard(bad), bad).toThrow(/--shard/);
    }
    expect(parseShard(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
  });
});

describe('verdicts and exit code', () => {
  it('a run covers its plan; a failing [P] reading is a finding and does not fail the audit', () => {
    const by = Object.fromEntries(full.theorems.map((t) => [t.id, t]));
    expect(full.run.unfinished).toBe(0);
    expect(by['fake-window-bound'].verdict).toBe('holds');
    expect(by['fake-stability-gap'].counts.skipped).toBeGreaterThan(0); // the k-sweep leaves k ≤ T/2
    expect(by['fake-stability-gap'].verdict).toBe('holds');
    expect(by['fake-paper-reading'].verdict).toBe('violated');
    expect(by['fake-paper-reading'].fails).toBe(false);
    expect(by['fake-unchecked'].verdict).toBe('no-check');
    expect(full.totals).toMatchObject({ violations: 0, findings: 1 });
    expect(full.exitCode).toBe(0);
    const audit = decodeJson(readFileSync(join(dir('full'), 'audit.json'), 'utf8')) as AuditSummary;
    expect(audit.version).toBe(1);
    expect(audit.theorems.map((t) => t.id)).toEqual(full.theorems.map((t) => t.id));
  });

  it('a violated [D] theorem fails the audit (exit code 1) and its counterexamples carry a replay command', async () => {
    const s = await runAudit(options(dir('broken'), { catalog: BROKEN, theoremIds: ['fake-broken-derived'] }));
    const t = s.theorems[0];
    expect(t.verdict).toBe('violated');
    expect(t.counterexamples.length).toBe(t.counts.violated);
    expect(t.worstRatio).toBeGreaterThan(1);
    expect(s.exitCode).toBe(1);
    const page = readFileSync(join(dir('broken'), 'theorems', 'fake-broken-derived.html'), 'utf8');
    expect(page).toContain('npx fwa-theorems audit --catalog');
    expect(page).toContain('--trial');
  });

  it('an unknown theorem id is refused before anything is written', async () => {
    await expect(runAudit(options(dir('unknown'), { theoremIds: ['no-such-theorem'] }))).rejects.toThrow(
      /no-such-theorem.*fake-window-bound/,
    );
  });
});

describe('resume and merge', () => {
  it('an audit interrupted after any number of cells and resumed ends with exactly the cells of an uninterrupted run', async () => {
    const whole = bitsOf(cellsOf(dir('full')));
    const total = whole.length;
    const stops = [1, Math.floor(total / 3), total - 1];
    for (const stop of stops) {
      const out = dir(`resume-${stop}`);
      const first = await runAudit(options(out, { maxCells: stop, report: false }));
      expect(first.run.unfinished).toBe(total - stop);
      expect(cellsOf(out).size).toBe(stop);
      const second = await runAudit(options(out, { resume: true, report: false }));
      expect(second.run.unfinished).toBe(0);
      expect(bitsOf(cellsOf(out))).toEqual(whole);
      expect(readFileSync(join(out, RESULTS_FILE), 'utf8').trim().split('\n').length).toBe(total + 1);
    }
  });

  it('a half-written last line (killed mid-write) is dropped on resume and the cell is run again', async () => {
    const out = dir('torn');
    await runAudit(options(out, { maxCells: 5, report: false }));
    appendFileSync(join(out, RESULTS_FILE), '{"type":"cell","key":"abc","theo');
    const s = await runAudit(options(out, { resume: true }));
    expect(s.run.unfinished).toBe(0);
    expect(bitsOf(cellsOf(out))).toEqual(bitsOf(cellsOf(dir('full'))));
  });

  it('a corrupt results file is refused on resume and left untouched', async () => {
    const out = dir('corrupt');
    await runAudit(options(out, { maxCells: 4, report: false }));
    const file = join(out, RESULTS_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2] = '{"type":"cell", this is not json';
    writeFileSync(file, lines.join('\n'));
    const before = readFileSync(file);
    await expect(runAudit(options(out, { resume: true }))).rejects.toThrow(CorruptFileError);
    await expect(runAudit(options(out, { resume: true }))).rejects.toThrow(/line 3/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('resuming with another seed or profile is refused (the cells would not be the same plan)', async () => {
    await expect(
      runAudit(options(dir('full'), { resume: true, profile: { ...profile, seed: profile.seed + 1 } })),
    ).rejects.toThrow(InvalidParameterError);
  });

  it('resuming with another theorem set is refused (the header, which merge reads, would be wrong)', async () => {
    const file = join(dir('full'), RESULTS_FILE);
    const before = readFileSync(file);
    await expect(runAudit(options(dir('full'), { resume: true, theoremIds: ['fake-window-bound'] }))).rejects.toThrow(
      /theorems/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('shards 1/2 and 2/2 merged give the cells, bits and verdicts of the whole run', async () => {
    const a = await runAudit(options(dir('shard1'), { shard: { index: 1, count: 2 }, report: false }));
    const b = await runAudit(options(dir('shard2'), { shard: { index: 2, count: 2 }, report: false }));
    expect(a.totals.cells + b.totals.cells).toBe(full.totals.cells);
    const merged = await mergeShards({ catalog: FIXTURES, dirs: [dir('shard1'), dir('shard2')], out: dir('merged') });
    expect(merged.run.unfinished).toBe(0);
    expect(bitsOf(cellsOf(dir('merged')))).toEqual(bitsOf(cellsOf(dir('full'))));
    expect(merged.theorems.map((t) => [t.id, t.verdict, t.cells, t.worstRatio])).toEqual(
      full.theorems.map((t) => [t.id, t.verdict, t.cells, t.worstRatio]),
    );
    const alone = await mergeShards({ catalog: FIXTURES, dirs: [dir('shard1')], out: dir('merged-half') });
    expect(alone.run.unfinished).toBe(b.totals.cells);
  });
});

/** Any code point, with the characters HTML gives meaning to over-represented. (unit 'binary' costs 2 s to set up.) */
const markupChar = fc.oneof(
  fc.constantFrom('<', '>', '&', '"', "'", ';', '#', '/', '='),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc
    .integer({ min: 0x80, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);

describe('HTML escaping', () => {
  it('html`` escapes every interpolated string: unescaping gives it back, and no markup survives', () => {
    const unescape = (s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.string({ unit: markupChar }), (s) => {
        const out = html`<p title="${s}">${s}</p>`.value;
        const inner = out.slice('<p title="'.length + escapeHtml(s).length + 2, -4);
        expect(inner).toBe(escapeHtml(s));
        expect(escapeHtml(s)).not.toMatch(/[<>"']/);
        expect(unescape(escapeHtml(s))).toBe(s);
      }),
      fcParams,
    );
  });

  it('the report escapes theorem titles, sources, measures and instance labels', () => {
    const index = readFileSync(join(dir('full'), 'index.html'), 'utf8');
    const page = readFileSync(join(dir('full'), 'theorems', 'fake-paper-reading.html'), 'utf8');
    for (const doc of [index, page]) {
      expect(doc).not.toContain('<script>alert');
      expect(doc).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    }
    expect(page).not.toContain('<i>italic?</i>');
    expect(page).not.toContain('<b>measure</b>');
    expect(page).toContain('label=a&lt;b&gt;&amp;&quot;c&quot;');
    expect(page).not.toContain('formula-error');
    expect(page).toContain('class="katex"');
  });
});
