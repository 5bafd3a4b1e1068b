import { describe, expect, it } from 'vitest';
import type { CellResult } from '../src/audit/cell';
import { catalog } from '../src/audit/registry-catalog';
import { summarizeTheorem } from '../src/audit/summary';
import type { TrialOutcome } from '../src/measure/trial';
import { restingRatio, worstRatioLabel } from '../src/report/ratio-basis';

/**
 * The audit index's worst-ratio column says what each verdict rests on: an exact ratio as such, a
 * sampled cell by the lower confidence bound of its mean, and its point estimate only labelled as one.
 * (Before, an attained sampled theorem showed its noisy mean, 1.05–1.11, as "worst measured/bound".)
 */
function cell(key: string, outcome: Omit<TrialOutcome, 'scope'>): CellResult {
  return {
    key,
    theorem: 'fwa-convergence',
    trial: {
      theorem: 'fwa-convergence',
      instance: { generator: 'linear', params: {}, seed: 0 },
      params: {},
      seed: 0,
      replicates: 1,
    },
    axes: ['sample'],
    verdict: outcome.verdict,
    outcome: { ...outcome, scope: {} },
    ms: 1,
  };
}

const exact = cell('a', {
  measured: 0.814,
  bound: 1,
  ratio: 0.814,
  verdict: 'holds',
  basis: { kind: 'exact', detail: 'pathwise' },
});
const sampled = cell('b', {
  measured: 1.08,
  bound: 1,
  ratio: 1.08,
  ci: { lower: 0.97, upper: 1.02, level: 0.95 },
  verdict: 'attained',
  basis: { kind: 'sampled', method: 'betting CS', level: 0.95, samples: 512 },
});

describe('audit index: worst measured/bound by basis', () => {
  it('an exact and a sampled cell: the exact ratio, the lower confidence bound, the point estimate labelled', () => {
    const t = summarizeTheorem(catalog, 'fwa-convergence', [], [exact, sampled]);
    expect(t.worstRatio).toBe(1.08);
    expect(t.ratios).toEqual({ exact: 0.814, sampledLower: 0.97, sampledPoint: 1.08 });
    const label = worstRatioLabel(t);
    expect(label).toBe('0.814 exact; ≥ 0.97 sampled, lower confidence bound (point estimate 1.08)');
    // The bar the index draws is what the verdicts rest on, not the noisy mean.
    expect(restingRatio(t)).toBe(0.97);
  });

  it('only exact cells: no sampled wording; a summary without the split labels its ratio a point estimate', () => {
    const t = summarizeTheorem(catalog, 'fwa-convergence', [], [exact]);
    expect(worstRatioLabel(t)).toBe('0.814 exact');
    const { ratios: _dropped, ...old } = t;
    expect(worstRatioLabel(old)).toBe('0.814 (point estimate)');
  });
});
