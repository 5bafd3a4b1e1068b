import { InvalidParameterError } from '../errors';
import { ConfidenceSequence, type MeanInterval } from './confidence-sequence';
import { eqTol, leqTol } from './tolerance';

/**
 * THE verdict vocabulary of the suite (tests, audit, guard, reports; docs/theory/statistics.md):
 *   violated   certain (an exact or pathwise value above the bound beyond the float tolerance), or the
 *              lower end of a sampled mean's confidence interval above the bound;
 *   attained   equal to the bound: exactly (within the float tolerance of tolerance.ts), or the whole
 *              confidence interval inside [1 − ε, 1 + ε] × bound with ε = ATTAINED_EPSILON;
 *   holds      exactly below the bound, or the upper end of the confidence interval below it; the
 *              certified slack (bound − value, or bound − upper end) is reported;
 *   undecided  a sampled cell whose budget ran out before one of the above; shown with its interval.
 * A violated paper reading ([P]) is a *finding*, not a failure. Every judgement says what its verdict
 * rests on (`basis`): exact (enumerated expectation, deterministic or pathwise value), sampled (the
 * method and level of the confidence interval) or certificate (a verified worst-case bound).
 *
 * This module judges numbers only: it returns a Judgement and knows nothing of trials or scopes. The
 * measurement layer (src/measure/outcome.ts) assembles a trial's outcome record from a judgement.
 */
export type Verdict = 'violated' | 'attained' | 'holds' | 'undecided';

/** What a verdict rests on. */
export type Basis =
  | { kind: 'exact'; detail: string }
  | { kind: 'sampled'; method: string; level: number; samples: number }
  | { kind: 'certificate'; detail: string };

/** Relative half-width ε of the band a sampled interval must fit in to be judged attained. */
export const ATTAINED_EPSILON = 0.05;

/** One line saying what a verdict rests on, for pages and failure messages. */
export function describeBasis(b: Basis): string {
  switch (b.kind) {
    case 'exact':
      return `exact (${b.detail})`;
    case 'sampled':
      return `sampled: ${b.samples} samples, ${b.method}, level ${b.level}`;
    case 'certificate':
      return `certificate (${b.detail})`;
  }
}

function ratioOf(measured: number, bound: number): number {
  if (bound > 0) return measured / bound;
  // A zero bound met with equality up to the float tolerance (e.g. Jensen on a linear loss) is attained.
  if (eqTol(measured, bound)) return 1;
  return measured < bound ? 0 : Infinity;
}

function requireFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new InvalidParameterError(name, v, 'a finite number (a NaN or ∞ is a bug upstream)');
}

/** The verdict on a value known without sampling error: attained within the float tolerance, else holds/violated. */
export function exactVerdict(measured: number, bound: number): Verdict {
  if (eqTol(measured, bound)) return 'attained';
  return leqTol(measured, bound) ? 'holds' : 'violated';
}

/** The verdict on a confidence interval [lower, upper] of a mean against a bound (see the header). */
export function intervalVerdict(lower: number, upper: number, bound: number): Verdict {
  if (lower > bound) return 'violated';
  if (upper < bound) return 'holds';
  const lo = bound * (1 - ATTAINED_EPSILON);
  const hi = bound * (1 + ATTAINED_EPSILON);
  if (lower >= Math.min(lo, hi) && upper <= Math.max(lo, hi)) return 'attained';
  return 'undecided';
}

/** What the statistics conclude about a measured value against a bound. */
export interface Judgement {
  /** Point estimate of the measured quantity (the sample mean for a sampled claim). */
  measured: number;
  bound: number;
  /** measured / bound (1 for a zero bound met within the float tolerance). */
  ratio: number;
  /** Confidence interval of the mean (sampled claims), simultaneous over sample counts. */
  interval?: { lower: number; upper: number; level: number };
  verdict: Verdict;
  basis: Basis;
  /** Certified slack: bound − value (exact) or bound − upper confidence bound (sampled), when the verdict is holds. */
  slack?: number;
}

/**
 * measured ≤ bound for a value without sampling error: a pathwise inequality on one run, a deterministic
 * run, or an exact expectation over every index path (`detail` says which).
 */
export function judgeExact(measured: number, bound: number, detail: string): Judgement {
  requireFinite('measured', measured);
  requireFinite('bound', bound);
  const verdict = exactVerdict(measured, bound);
  return {
    measured,
    bound,
    ratio: ratioOf(measured, bound),
    verdict,
    basis: { kind: 'exact', detail },
    ...(verdict === 'holds' ? { slack: bound - measured } : {}),
  };
}

/** A pathwise inequality on one run, exact up to the suite's float tolerance. */
export function judgePathwise(measured: number, bound: number): Judgement {
  return judgeExact(measured, bound, 'pathwise, float tolerance of src/stats/tolerance.ts');
}

/** An identity: measured = predicted up to the suite's float tolerance; anything else is violated. */
export function judgeEquality(measured: number, predicted: number): Judgement {
  const j = judgeExact(measured, predicted, 'identity, float tolerance of src/stats/tolerance.ts');
  if (j.verdict !== 'holds') return j;
  const { slack: _strictlyBelow, ...rest } = j;
  return { ...rest, verdict: 'violated' };
}

export interface SampledOptions {
  /** Certified range [a, b] of every sample. */
  range: readonly [number, number];
  /** Probability that the interval misses the mean at some sample count (per claim). */
  delta: number;
}

/** The judgement of a sampled mean's confidence interval against a bound. */
function judgeInterval(I: MeanInterval, bound: number): Judgement {
  const verdict = intervalVerdict(I.lower, I.upper, bound);
  return {
    measured: I.mean,
    bound,
    ratio: ratioOf(I.mean, bound),
    interval: { lower: I.lower, upper: I.upper, level: I.level },
    verdict,
    basis: { kind: 'sampled', method: I.method, level: I.level, samples: I.n },
    ...(verdict === 'holds' ? { slack: bound - I.upper } : {}),
  };
}

/** E[X] ≤ bound from a fixed set of i.i.d. samples: the confidence sequence read once, at the end. */
export function judgeExpectation(samples: ArrayLike<number>, bound: number, stat: SampledOptions): Judgement {
  requireFinite('bound', bound);
  if (samples.length < 1) throw new InvalidParameterError('samples.length', samples.length, 'at least 1 sample');
  const cs = new ConfidenceSequence(stat.range, stat.delta);
  for (let i = 0; i < samples.length; i++) cs.push(samples[i]);
  return judgeInterval(cs.interval(), bound);
}

export interface SequentialOptions extends SampledOptions {
  /** Samples before the first look (default 32). */
  first?: number;
  /** The budget: at most this many samples. */
  max: number;
}

/** A sequential judgement, with the per-component means it was read from. */
export interface SequentialJudgement {
  judgement: Judgement;
  /** The mean of every component at the deciding look. */
  componentMeans: Float64Array;
  /** The component with the largest mean (the one `judgement.measured` is). */
  worstComponent: number;
}

/**
 * sup_j E[X_j] ≤ bound, sampling until decided: `draw(r, out)` writes replicate r's m components (m = 1 for
 * a plain mean; m test points for a worst-case loss difference). Each component has its own confidence
 * sequence at δ/m (Bonferroni over the components), so [max_j lower_j, max_j upper_j] covers sup_j E[X_j]
 * at every look with probability ≥ 1 − δ. Looks after `first` samples, then whenever the count doubles,
 * and at the budget; the first look with a verdict other than undecided stops the cell (valid at any
 * stopping time: the intervals are time-uniform).
 */
export function judgeSequential(
  m: number,
  draw: (r: number, out: Float64Array) => void,
  bound: number,
  o: SequentialOptions,
): SequentialJudgement {
  requireFinite('bound', bound);
  const css = Array.from({ length: m }, () => new ConfidenceSequence(o.range, o.delta / m));
  const row = new Float64Array(m);
  let look = Math.min(o.first ?? 32, o.max);
  let out: SequentialJudgement | undefined;
  for (let r = 0; r < o.max; r++) {
    draw(r, row);
    for (let j = 0; j < m; j++) css[j].push(row[j]);
    if (r + 1 !== look && r + 1 !== o.max) continue;
    look = Math.min(2 * look, o.max);
    const Is = css.map((c) => c.interval());
    let best = 0;
    for (let j = 1; j < m; j++) if (Is[j].mean > Is[best].mean) best = j;
    const I: MeanInterval = {
      ...Is[best],
      lower: Math.max(...Is.map((x) => x.lower)),
      upper: Math.max(...Is.map((x) => x.upper)),
      level: 1 - o.delta,
    };
    out = {
      judgement: judgeInterval(I, bound),
      componentMeans: Float64Array.from(Is, (x) => x.mean),
      worstComponent: best,
    };
    if (out.judgement.verdict !== 'undecided') return out;
  }
  if (!out) throw new InvalidParameterError('sequential budget max', o.max, 'at least 1 sample');
  return out;
}
