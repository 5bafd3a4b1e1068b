import { describe, expect, it } from 'vitest';
import { pepSection } from '../src/audit/report/pep-section';
import { getTheorem } from '../src/catalog/registry';

/** The exact-worst-case section of a convergence theorem's audit page (committed certificates). */
describe('audit page: exact worst case section', () => {
  it('plots worst case / bound against k and T beside the best sampled ratio, and names the top certificate', () => {
    const s = pepSection(getTheorem('fwa-convergence-constant-step'), 0.3)!;
    expect(s.figures.map((f) => f.title)).toEqual([
      'Exact worst case / bound against k',
      'Exact worst case / bound against T',
      'SGD in expectation beside the deterministic worst case',
    ]);
    for (const f of s.figures.slice(0, 2)) expect(f.traces.some((t) => t.name.startsWith('best sampled'))).toBe(true);
    for (const f of s.figures)
      for (const t of f.traces) for (const y of t.y) expect(y !== null && y > 0 && y <= 1).toBe(true);
    // The stochastic figure has the deterministic points and SGD's at the same T, and the note names the top one.
    expect(s.figures[2].traces.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^deterministic/),
        expect.stringMatching(/^SGD in expectation, n = 2/),
      ]),
    );
    expect(s.note.value).toMatch(
      /certificates\/pep-stochastic\/sgd-n2-c-over-sqrt-horizon-c1-T\d-fwa-k\d-[a-z-]+\.json/,
    );
    // The constant-step bound is nearly attained at k = T, T = 40.
    expect(s.note.value).toMatch(/certificates\/pep\/c-over-sqrt-horizon-c1-T40-fwa-k40\.json/);
    expect(s.note.value).toMatch(/sampling is far from the worst case/);
  });

  it('is absent for a theorem the certificates do not judge', () => {
    expect(pepSection(getTheorem('fwa-jensen'), 0.5)).toBeNull();
  });
});
