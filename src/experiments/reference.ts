import { InvalidParameterError } from '../errors';
import { requireInteger, requirePositive } from '../validate';
import type { Model } from './models/model';

/** min over the ball of F_S, bracketed: F* ∈ [lower, upper]. */
export interface ReferenceOptimum {
  /** F_S at the best point found (an upper bound on F*). */
  upper: number;
  /** upper − Frank–Wolfe gap: a certified lower bound on F* by convexity. */
  lower: number;
  iterations: number;
  w: Float64Array;
}

/** ∇F_S(w) = (1/n) Σ_i ∇f(w; z_i) into out; returns F_S(w). */
export function fullGradient(model: Model, w: Float64Array, out: Float64Array): void {
  out.fill(0);
  const inv = 1 / model.n;
  for (let i = 0; i < model.n; i++) model.addGrad(w, i, inv, out);
}

function projectInto(w: Float64Array, R: number): void {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j] * w[j];
  if (s > R * R) {
    const c = R / Math.sqrt(s);
    for (let j = 0; j < w.length; j++) w[j] *= c;
  }
}

/**
 * Projected accelerated gradient (FISTA with restart) on a convex β-smooth model over the ball of
 * radius R. By convexity F(w) − F* ≤ ⟨∇F(w), w − w*⟩ ≤ ⟨∇F(w), w⟩ + R‖∇F(w)‖ (the Frank–Wolfe
 * gap), so the bracket [F(w) − gap, F(w)] holds whatever the number of iterations.
 */
export function referenceOptimum(model: Model, R: number, iterations: number): ReferenceOptimum {
  if (!model.convex)
    throw new InvalidParameterError(
      'model',
      model.name,
      'a convex model (F* of a non-convex model is not certifiable)',
    );
  const beta = model.constants.beta;
  if (beta === null || !Number.isFinite(beta))
    throw new InvalidParameterError('model.constants.beta', beta, 'a finite smoothness constant');
  requirePositive('R', R);
  requireInteger('iterations', iterations, 1);
  const d = model.d;
  const x = new Float64Array(d);
  const xPrev = new Float64Array(d);
  const y = new Float64Array(d);
  const g = new Float64Array(d);
  let theta = 1;
  let fPrev = Infinity;
  for (let it = 0; it < iterations; it++) {
    fullGradient(model, y, g);
    xPrev.set(x);
    for (let j = 0; j < d; j++) x[j] = y[j] - g[j] / beta;
    projectInto(x, R);
    const f = model.evaluate(x).loss;
    // Restart the momentum when F goes up (O'Donoghue–Candès): keeps FISTA monotone in practice.
    if (f > fPrev) theta = 1;
    fPrev = f;
    const thetaNext = (1 + Math.sqrt(1 + 4 * theta * theta)) / 2;
    const mom = (theta - 1) / thetaNext;
    for (let j = 0; j < d; j++) y[j] = x[j] + mom * (x[j] - xPrev[j]);
    theta = thetaNext;
  }
  fullGradient(model, x, g);
  const f = model.evaluate(x).loss;
  let gw = 0;
  let gg = 0;
  for (let j = 0; j < d; j++) {
    gw += g[j] * x[j];
    gg += g[j] * g[j];
  }
  const gap = Math.max(0, gw + R * Math.sqrt(gg));
  return { upper: f, lower: f - gap, iterations, w: x };
}
