/**
 * The theorem registry as a whole:
 *   - every vector of properties/fixtures/bound-vectors.json (bounds evaluated independently, harmonic
 *     sums exact) is reproduced by the registry to BOUND_VECTOR_RTOL = 1e-12 relative, in the
 *     vector's convention; an id the registry lacks is reported by name;
 *   - every entry is well formed (kebab-case id, documented symbols, a LaTeX rendering);
 *   - a violated hypothesis raises a HypothesisError naming it;
 *   - the expectation claims all registered checks can make fit the declared multiple-testing budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIST_WIDTH, formatTable, listRows, wrap } from '../src/cli/list';
import { HypothesisError, InvalidParameterError } from '../src/errors';
import { currentProfile, fastCheckParams } from '../src/profile';
import { DECLARED_EXPECTATION_CLAIMS_CI, claimDelta, FALSE_ALARM_BUDGET } from '../src/stats/budget';
import { BOUND_VECTOR_RTOL, relativeError } from '../src/stats/tolerance';
import { convergenceTheorems } from '../src/catalog/convergence';
import { getTheorem, registry } from '../src/catalog/registry';
import { runsFor } from '../src/measure/property';

interface BoundVector {
  id: string;
  status: string;
  convention: string;
  params: Record<string, number>;
  value: number;
}

const readVectors = (file: URL | string): BoundVector[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { vectors: BoundVector[] }).vectors;

// The vectors live in the repository. FWA_BOUND_VECTORS may name another copy (the digest they were
// first computed in, or a recomputation); the fixture must then hold exactly its vectors.
const vectors = readVectors(new URL('./fixtures/bound-vectors.json', import.meta.url));
const otherCopy = process.env.FWA_BOUND_VECTORS ?? '';
const registered = new Set(registry.map((t) => t.id));
const vectorIds = [...new Set(vectors.map((v) => v.id))];

describe('bound-vectors.json is reproduced by the registry to 1e-12 relative', () => {
  it.runIf(otherCopy !== '')('the fixture holds exactly the vectors of FWA_BOUND_VECTORS', () => {
    expect(existsSync(otherCopy), `FWA_BOUND_VECTORS=${otherCopy}: no such file`).toBe(true);
    expect(vectors).toEqual(readVectors(otherCopy));
  });

  it('every id of bound-vectors.json is registered', () => {
    const missing = vectorIds.filter((id) => !registered.has(id));
    expect(missing, `ids of bound-vectors.json missing from the registry: ${missing.join(', ')}`).toEqual([]);
  });

  for (const id of vectorIds) {
    const own = vectors.filter((v) => v.id === id);
    it.skipIf(!registered.has(id))(`${id}: ${own.length} vectors (status, convention and value)`, () => {
      const t = getTheorem(id);
      for (const v of own) {
        expect(t.status, `${id} status`).toBe(v.status);
        expect(t.convention, `${id} convention`).toBe(v.convention);
        const got = t.evaluate(v.params);
        const err = relativeError(got, v.value);
        expect(err, `${id} at ${JSON.stringify(v.params)}: registry ${got}, vector ${v.value}`).toBeLessThanOrEqual(
          BOUND_VECTOR_RTOL,
        );
      }
    });
  }
});

describe('registry entries are well formed', () => {
  it('ids are unique kebab-case and every bound renders to LaTeX', () => {
    for (const t of registry) {
      expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.tex().length, t.id).toBeGreaterThan(0);
      expect(
        t.compiled.symbols.every((s) => s in t.symbols),
        t.id,
      ).toBe(true);
    }
    expect(registered.size).toBe(registry.length);
  });

  it('every convergence theorem has a check (an executable property)', () => {
    const unchecked = convergenceTheorems.filter((t) => !t.check).map((t) => t.id);
    expect(unchecked).toEqual([]);
  });

  it('every paper reading names, by value, the registered derived theorem it reads', () => {
    for (const t of registry.filter((x) => x.status === 'paper-reading')) {
      expect(t.readingOf?.status, t.id).toBe('derived');
      expect(registry.includes(t.readingOf!), t.id).toBe(true);
    }
  });

  it('a violated hypothesis raises a HypothesisError naming it', () => {
    const base = { T: 100, k: 10, c: 1, D: 2, G: 1 };
    const cases: [string, Record<string, number>, string][] = [
      ['fwa-convergence', { ...base, k: 0 }, 'k in [1, T]'],
      ['fwa-convergence', { ...base, k: 101 }, 'k in [1, T]'],
      ['fwa-convergence-paper-reading', { ...base, k: 51 }, 'k in [1, T/2]'],
      ['sz13-last-iterate', { ...base, T: 1 }, 'T integer >= 2'],
      ['sz13-last-iterate', { ...base, c: 0 }, 'c > 0'],
      ['fwa-convergence-constant-step', { ...base, D: -1 }, 'D > 0'],
      ['fwa-convergence-nonincreasing-in-k', { ...base, k: 100 }, 'k in [1, T-1]'],
    ];
    for (const [id, scope, hyp] of cases) {
      let caught: unknown;
      try {
        getTheorem(id).evaluate(scope);
      } catch (e) {
        caught = e;
      }
      expect(caught, `${id} at ${JSON.stringify(scope)}`).toBeInstanceOf(HypothesisError);
      expect((caught as HypothesisError).hypothesis).toBe(hyp);
      expect((caught as HypothesisError).theorem).toBe(id);
    }
  });
});

describe('`fwa-theorems list`', () => {
  it('prints one row per theorem with id, status, family, hypotheses and formula; filters; refuses a bad filter', () => {
    const rows = listRows(registry);
    expect(rows.map((r) => r.id)).toEqual(registry.map((t) => t.id));
    const table = formatTable(rows).split('\n');
    expect(table[0]).toMatch(/^id\s+status\s+family\s+kind\s+mode\s+hypotheses\s+formula$/);
    expect(table).toHaveLength(rows.length + 2);
    const conv = listRows(registry, { family: 'convergence', status: 'paper-reading' });
    expect(conv.map((r) => r.id)).toEqual(['fwa-convergence-paper-reading']);
    expect(conv[0].formula).toBe(getTheorem('fwa-convergence-paper-reading').bound);
    expect(conv[0].hypotheses).toContain('k in [1, T/2]');
    expect(() => listRows(registry, { status: 'proven' })).toThrow(InvalidParameterError);
  });

  it(`fits ${DEFAULT_LIST_WIDTH} columns, and loses nothing: ids whole, hypotheses and formulas wrapped below`, () => {
    const rows = listRows(registry);
    const lines = formatTable(rows, DEFAULT_LIST_WIDTH).split('\n');
    const long = lines.filter((l) => l.length > DEFAULT_LIST_WIDTH);
    expect(long, `lines wider than ${DEFAULT_LIST_WIDTH} columns`).toEqual([]);
    expect(
      formatTable(rows)
        .split('\n')
        .some((l) => l.length > DEFAULT_LIST_WIDTH),
      'the wide table is wide',
    ).toBe(true);
    // Read the text back: each theorem's line starts with its id; the indented lines below it
    // carry its hypotheses and formula.
    const starts = rows.map((r) => lines.findIndex((l) => l.startsWith(`${r.id} `)));
    expect(
      starts.every((i) => i > 0),
      'every id starts a line',
    ).toBe(true);
    const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
    rows.forEach((r, n) => {
      const fields: Record<string, string> = {};
      let label = '';
      for (const l of lines.slice(starts[n] + 1, n + 1 < rows.length ? starts[n + 1] : undefined)) {
        const head = /^ {4}(\S+) +(.*)$/.exec(l);
        if (head) [label, fields[head[1]]] = [head[1], head[2]];
        else fields[label] += ` ${l}`;
      }
      expect(squash(fields.hypotheses ?? ''), r.id).toBe(squash(r.hypotheses));
      expect(squash(fields.formula ?? ''), r.id).toBe(squash(r.formula));
    });
  });

  it('wrap: no line longer than the width, words kept in order (a word longer than a line is cut)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z(){}^*]{1,30}$/), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (words, width) => {
          const lines = wrap(words.join(' '), width);
          expect(lines.every((l) => l.length <= width && l.length > 0)).toBe(true);
          expect(lines.join('').replace(/ /g, '')).toBe(words.join(''));
        },
      ),
      fastCheckParams(200),
    );
  });
});

describe('multiple-testing budget', () => {
  it(`expectation claims of all checks fit the declared ${DECLARED_EXPECTATION_CLAIMS_CI} (false-alarm budget ${FALSE_ALARM_BUDGET} per run)`, () => {
    const profile = { ...currentProfile(), name: 'ci' as const, runsScale: 1 };
    const claims = registry
      .filter((t) => t.measure.mode === 'expectation')
      .reduce((s, t) => s + (t.check ? runsFor(t.check, profile) : 0), 0);
    expect(claims).toBeLessThanOrEqual(DECLARED_EXPECTATION_CLAIMS_CI);
    expect(claimDelta(profile)).toBeCloseTo(FALSE_ALARM_BUDGET / DECLARED_EXPECTATION_CLAIMS_CI, 15);
  });
});
