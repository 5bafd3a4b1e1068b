/**
 * The experiments index: a measured ratio beside a ratio of bounds is information, not a
 * disagreement (a bound ratio predicts a direction, not a value), so it never turns the banner red;
 * red is kept for a proved bound that a measurement contradicts, amber for a qualitative claim of the
 * paper that the measurement does not support.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExperimentResult, Finding } from '../src/experiments/context';
import { writeExperimentsReport } from '../src/experiments/report';

const tmp = mkdtempSync(join(tmpdir(), 'fwa-exp-banner-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const result = (findings: Finding[]): ExperimentResult => ({
  id: 'fake',
  title: 'fake experiment',
  theory: 'none',
  setup: [],
  figures: [],
  findings,
  tables: [],
  seconds: 0,
});

function bannerOf(name: string, findings: Finding[]): string[] {
  const index = writeExperimentsReport(join(tmp, name), [result(findings)], {});
  return [...readFileSync(index, 'utf8').matchAll(/<p class="banner (\w+)">\s*([^<]*)/g)].map(
    (m) => `${m[1]}: ${m[2].replace(/\s+/g, ' ').trim()}`,
  );
}

const agree: Finding = { claim: 'bound holds', measured: '0.5', agrees: true, hard: true };
const ratio: Finding = {
  claim: 'FWA/SGD ratio beside bound ratio',
  measured: '1.1 vs 0.8',
  agrees: false,
  informational: true,
};

describe('experiments index banner', () => {
  it('informational comparisons that differ leave it green and are counted apart', () => {
    const b = bannerOf('info', [agree, ratio, ratio, ratio]);
    expect(b[0]).toMatch(/^ok: 1 of 1 findings agree with the theory\.$/);
    expect(b[1]).toMatch(/^info: 3 comparison\(s\) of a measured ratio with a ratio of bounds/);
    expect(b.join('\n')).not.toMatch(/disagree|fail/);
  });

  it('a qualitative claim of the paper that disagrees is amber; a contradicted proved bound is red', () => {
    const soft: Finding = { claim: 'FWA generalizes better', measured: '0.83 vs 0.82', agrees: false };
    expect(bannerOf('soft', [agree, soft])[0]).toMatch(/^warn: 1 of 2 findings agree.*1 disagree with a qualitative/);
    const bug: Finding = { ...agree, agrees: false };
    expect(bannerOf('bug', [bug, soft, ratio])[0]).toMatch(/^fail: 0 of 2 findings agree.*1 contradict a proved bound/);
  });
});
