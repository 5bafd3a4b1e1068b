import type { TheoremSummary } from '../audit/summary';
import { fmt } from './number';

/**
 * A theorem's worst measured/bound as the index shows it: the ratio its verdicts rest on, labelled by
 * basis. Exact cells (pathwise, enumerated, certified) give their ratio; sampled cells give the lower
 * confidence bound of the mean over the bound, and their point estimate only labelled as one, so that
 * sampling noise around an attained bound (a mean 5–10 % above it inside a band that contains it) never
 * reads as a measured excess.
 */
export function worstRatioLabel(t: TheoremSummary): string {
  const r = t.ratios;
  if (!r) return Number.isNaN(t.worstRatio) ? '–' : `${fmt(t.worstRatio)} (point estimate)`;
  const parts: string[] = [];
  if (!Number.isNaN(r.exact)) parts.push(`${fmt(r.exact)} exact`);
  if (!Number.isNaN(r.sampledLower))
    parts.push(`≥ ${fmt(r.sampledLower)} sampled, lower confidence bound (point estimate ${fmt(r.sampledPoint)})`);
  return parts.length > 0 ? parts.join('; ') : '–';
}

/** The largest ratio a verdict rests on (exact, or a sampled lower confidence bound); NaN when none. */
export function restingRatio(t: TheoremSummary): number {
  const r = t.ratios;
  if (!r) return t.worstRatio;
  if (Number.isNaN(r.exact)) return r.sampledLower;
  return Number.isNaN(r.sampledLower) ? r.exact : Math.max(r.exact, r.sampledLower);
}
