import { linearRegression } from 'simple-statistics';
import { InvalidParameterError } from '../errors';
import { FLOAT_RTOL } from './tolerance';

/**
 * Log-log slope fit: y ≈ C·x^slope, fitted by least squares on (ln x, ln y). Used to read rates
 * (e.g. a gap decaying like T^{-1/2}) and to test that measured/bound is flat across T or k
 * (slope ≈ 0 when a bound's shape is right).
 */
export interface SlopeFit {
  slope: number;
  /** ln C */
  intercept: number;
  /** Coefficient of determination of the fit in log-log space. */
  r2: number;
  points: number;
}

export function logLogSlope(xs: ArrayLike<number>, ys: ArrayLike<number>): SlopeFit {
  if (xs.length !== ys.length || xs.length < 2) {
    throw new InvalidParameterError('xs/ys lengths', [xs.length, ys.length], 'two equal lengths ≥ 2');
  }
  const pts: number[][] = [];
  for (let i = 0; i < xs.length; i++) {
    if (!(xs[i] > 0) || !(ys[i] > 0) || !Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      throw new InvalidParameterError(`(x, y)[${i}]`, [xs[i], ys[i]], 'finite positive numbers (log-log fit)');
    }
    pts.push([Math.log(xs[i]), Math.log(ys[i])]);
  }
  const { m, b } = linearRegression(pts);
  let distinct = false;
  for (let i = 1; i < pts.length; i++) if (pts[i][0] !== pts[0][0]) distinct = true;
  if (!distinct) throw new InvalidParameterError('xs', Array.from(xs), 'at least two distinct x values');
  return { slope: m, intercept: b, r2: rSquaredOf(pts, m, b), points: pts.length };
}

/** 1 − SS_res/SS_tot; y constant to float precision (the flat-ratio case) and fitted as such has r² = 1. */
function rSquaredOf(pts: number[][], m: number, b: number): number {
  let sum = 0;
  let sq = 0;
  for (const p of pts) {
    sum += p[1];
    sq += p[1] * p[1];
  }
  const mean = sum / pts.length;
  let tot = 0;
  let res = 0;
  for (const p of pts) {
    tot += (p[1] - mean) ** 2;
    res += (p[1] - (m * p[0] + b)) ** 2;
  }
  // Below this, SS_tot is rounding noise of the mean, not variation of y.
  const noise = FLOAT_RTOL * FLOAT_RTOL * Math.max(1, sq);
  if (tot <= noise) return res <= noise ? 1 : 0;
  return 1 - res / tot;
}
