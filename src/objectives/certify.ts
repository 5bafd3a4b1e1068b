import { InvalidParameterError } from '../errors';
import { empiricalRisk, type Objective } from '../engine/objective';
import { projectBall } from '../engine/vec';

/**
 * Certified lower bounds of min_W F for convex F on the ball W = {‖w‖ ≤ R}.
 *
 * The certificate is the Frank–Wolfe (linear-minimisation) bound: for convex F, any x ∈ W and any
 * g ∈ ∂F(x),  min_W F ≥ F(x) + min_{v∈W} ⟨g, v − x⟩ = F(x) − ⟨g, x⟩ − R‖g‖.  It holds for every x,
 * so a solver only has to find a point where it is tight; no solver accuracy is trusted. For a
 * non-smooth F the solver runs on a smooth convex minorant F_ε ≤ F (min F ≥ min F_ε), tightening ε.
 */
export interface SmoothConvexProblem {
  d: number;
  /** A convex function (or a convex minorant of the objective) and its gradient. */
  value(w: Float64Array): number;
  grad(w: Float64Array, out: Float64Array): void;
  /** A smoothness constant of `value` (sets the step 1/β). */
  beta: number;
}

export interface MinimumCertificate {
  /** Certified: min_W F ≥ lower. */
  lower: number;
  /** F(x) at the best point found: min_W F ≤ upper. */
  upper: number;
  x: Float64Array;
  iterations: number;
}

/** Iterations between two evaluations of the certificate (it costs two extra passes over the data). */
const CHECK_EVERY = 8;

/** Relative slack for rounding in F and the bound: a sum of n ≤ 1e5 terms errs by ≤ n·2^-53 ≈ 1e-11. */
const ROUNDING_SLACK = 1e-11;

/** The Frank–Wolfe lower bound at x with gradient g, less a slack for rounding. */
export function frankWolfeLowerBound(Fx: number, x: Float64Array, g: Float64Array, R: number): number {
  let gx = 0;
  let g2 = 0;
  for (let j = 0; j < x.length; j++) {
    gx += g[j] * x[j];
    g2 += g[j] * g[j];
  }
  const gn = Math.sqrt(g2);
  return Fx - gx - R * gn - ROUNDING_SLACK * (1 + Math.abs(Fx) + Math.abs(gx) + R * gn);
}

export interface SolveOptions {
  /** Stop when upper(F) − lower ≤ tol. */
  tol: number;
  maxIter: number;
  /** The true objective where `p` is a minorant of it (default: p.value). */
  objective?: (w: Float64Array) => number;
  /** Warm start (projected onto W). */
  x0?: Float64Array;
}

/**
 * Projected FISTA with adaptive (function-value) restart on p, certified by the Frank–Wolfe bound of
 * p at the extrapolated and the current points. Deterministic: no randomness, fixed iteration order.
 */
export function certifyConvexMinimum(p: SmoothConvexProblem, R: number, opts: SolveOptions): MinimumCertificate {
  if (!(R > 0) || !Number.isFinite(R))
    throw new InvalidParameterError('R', R, 'a finite radius > 0 (the certificate needs a bounded W)');
  if (!(p.beta > 0) || !Number.isFinite(p.beta))
    throw new InvalidParameterError('beta', p.beta, 'a finite smoothness > 0 (the step is 1/β)');
  const d = p.d;
  const objective = opts.objective;
  const x = new Float64Array(d);
  if (opts.x0) x.set(opts.x0);
  projectBall(x, R);
  const xPrev = x.slice();
  const y = x.slice();
  const g = new Float64Array(d);
  const best = x.slice();
  const step = 1 / p.beta;
  let lower = -Infinity;
  let upper = objective ? objective(x) : p.value(x);
  let theta = 1;
  let fPrev = p.value(x);
  let it = 0;
  for (; it < opts.maxIter; it++) {
    const check = it % CHECK_EVERY === 0;
    p.grad(y, g);
    if (check) {
      const lb = frankWolfeLowerBound(p.value(y), y, g, R);
      if (lb > lower) lower = lb;
    }
    xPrev.set(x);
    for (let j = 0; j < d; j++) x[j] = y[j] - step * g[j];
    projectBall(x, R);
    const fx = p.value(x);
    if (!objective || check) {
      const Fx = objective ? objective(x) : fx;
      if (Fx < upper) {
        upper = Fx;
        best.set(x);
      }
      if (upper - lower <= opts.tol) break;
    }
    if (fx > fPrev) {
      // Restart the momentum: the sequence stopped descending (O'Donoghue–Candès).
      theta = 1;
      y.set(x);
    } else {
      const thetaNext = (1 + Math.sqrt(1 + 4 * theta * theta)) / 2;
      const m = (theta - 1) / thetaNext;
      for (let j = 0; j < d; j++) y[j] = x[j] + m * (x[j] - xPrev[j]);
      projectBall(y, R);
      theta = thetaNext;
    }
    fPrev = fx;
  }
  p.grad(x, g);
  const lbx = frankWolfeLowerBound(p.value(x), x, g, R);
  if (lbx > lower) lower = lbx;
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new InvalidParameterError('objective value', { lower, upper }, 'finite values on W (check the data and R)');
  }
  return { lower, upper, x: best, iterations: it };
}

/**
 * min_W F for a convex objective through a sequence of smooth minorants F_ε (ε decreasing), each
 * warm-started from the last; the certificate of any minorant is a certificate for F.
 */
export function certifyByMinorants(
  minorant: (eps: number) => SmoothConvexProblem,
  objective: (w: Float64Array) => number,
  R: number,
  epsilons: readonly number[],
  opts: { tol: number; maxIterPerStage: number; slack: number },
): MinimumCertificate {
  let cert: MinimumCertificate | undefined;
  let lower = -Infinity;
  let upper = Infinity;
  let best: Float64Array | undefined;
  let its = 0;
  for (const eps of epsilons) {
    // A minorant within slack·ε of F cannot certify F to better than that: stop each stage there.
    const stageTol = Math.max(opts.tol, (1 + opts.slack) * eps);
    cert = certifyConvexMinimum(minorant(eps), R, {
      tol: stageTol,
      maxIter: opts.maxIterPerStage,
      objective,
      x0: cert?.x,
    });
    its += cert.iterations;
    if (cert.lower > lower) lower = cert.lower;
    if (cert.upper < upper) {
      upper = cert.upper;
      best = cert.x;
    }
    if (upper - lower <= opts.tol) break;
  }
  if (!cert || !best) throw new InvalidParameterError('epsilons', epsilons, 'a non-empty list of smoothing levels');
  return { lower, upper, x: best, iterations: its };
}

/** The certificate sentence stored in CertifiedConstants.FstarCertificate. */
export function describeCertificate(method: string, c: MinimumCertificate): string {
  return `solver: ${method}, ${c.iterations} iterations; Frank–Wolfe bound min F ≥ F(x) − ⟨g,x⟩ − R‖g‖ = ${c.lower.toPrecision(12)}, F(best x) = ${c.upper.toPrecision(12)}, gap ≤ ${(c.upper - c.lower).toExponential(2)}`;
}

/** F_S = (1/n) Σ f(·; z_i) of an Objective as a problem for the solver (mean of per-example gradients). */
export function empiricalProblem(obj: Objective, beta: number): SmoothConvexProblem {
  const tmp = new Float64Array(obj.d);
  return {
    d: obj.d,
    beta,
    value: (w) => empiricalRisk(obj, w),
    grad: (w, out) => {
      out.fill(0);
      for (let i = 0; i < obj.n; i++) {
        obj.grad(w, i, tmp);
        for (let j = 0; j < out.length; j++) out[j] += tmp[j];
      }
      const inv = 1 / obj.n;
      for (let j = 0; j < out.length; j++) out[j] *= inv;
    },
  };
}

export interface FstarCertificate {
  Fstar: number;
  FstarGap: number;
  FstarCertificate: string;
}

/** Smoothing levels of the minorant continuation, relative to the problem's loss scale. */
export const MINORANT_EPSILONS: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

/** Work cap of the certificate solver (full-gradient evaluations × n·d), so building stays cheap. */
const SOLVER_WORK = 1e7;

/**
 * Certified F* for a convex objective on the ball of radius R: directly when β is finite, otherwise
 * through the smooth minorants (each an Objective with its smoothness 1/ε × data scale).
 */
export function certifyFstar(
  obj: Objective,
  R: number,
  beta: number,
  minorant?: {
    at: (eps: number) => { objective: Objective; beta: number };
    /** Smoothing levels, largest first (scaled to the problem). */
    epsilons: readonly number[];
    /** F − F_ε ≤ slack·ε. */
    slack: number;
  },
  tolScale = 1,
  /** Flops of one full-gradient evaluation (n·d for a GLM). */
  evalCost = obj.n * obj.d,
): FstarCertificate {
  const tol = 1e-10 * Math.max(1, tolScale);
  const maxIter = Math.max(200, Math.min(20000, Math.ceil(SOLVER_WORK / evalCost)));
  let cert: MinimumCertificate;
  let method: string;
  if (Number.isFinite(beta)) {
    cert = certifyConvexMinimum(empiricalProblem(obj, beta), R, { tol, maxIter });
    method = 'projected FISTA with restart on F_S';
  } else if (minorant) {
    const stages = minorant.epsilons.length;
    cert = certifyByMinorants(
      (eps) => {
        const m = minorant.at(eps);
        return empiricalProblem(m.objective, m.beta);
      },
      (w) => empiricalRisk(obj, w),
      R,
      minorant.epsilons,
      { tol, maxIterPerStage: Math.ceil(maxIter / stages), slack: minorant.slack },
    );
    method = `projected FISTA on smooth convex minorants F_ε ≤ F_S, ε ∈ {${minorant.epsilons.map((e) => e.toExponential(0)).join(', ')}}`;
  } else {
    throw new InvalidParameterError(
      'beta',
      beta,
      'a finite smoothness, or a smooth minorant for a non-smooth objective',
    );
  }
  return { Fstar: cert.lower, FstarGap: cert.upper - cert.lower, FstarCertificate: describeCertificate(method, cert) };
}
