/**
 * Nelder–Mead downhill simplex (Nelder & Mead, "A simplex method for function minimization", The
 * Computer Journal 7(4), 1965), with the standard coefficients: reflection 1, expansion 2,
 * contraction 1/2, shrink 1/2 (Lagarias, Reeds, Wright & Wright, SIAM J. Optim. 9(1), 1998).
 *
 * Written here rather than imported: the one widely used JavaScript implementation on npm, `fmin`,
 * exports nothing to Node's ESM loader in its current release (0.0.4: a UMD bundle inside a
 * "type": "module" package) and throws a ReferenceError on every shrink step (an undeclared loop
 * variable in strict mode); its previous release lists its build tools (rollup 0.25, uglify-js 2) as
 * run-time dependencies, as does `optimization-js` (browserify, jsdoc). The method is forty lines.
 *
 * Derivative-free because the objective is a ratio of an exact expectation (a sum over every index
 * path of projected SGD) to a bound: piecewise smooth, with kinks where a projection switches on, and
 * infinite (refused) outside the theorem's hypotheses.
 */

export interface NelderMeadOptions {
  /** Edge of the initial simplex along every coordinate (the simplex is x0, x0 + step·e_i). */
  step: number;
  /** Function evaluations at most. */
  maxEvaluations: number;
  /** Stop when the simplex's values differ by less than this (absolute). */
  tolerance: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  fx: number;
  evaluations: number;
}

/** Minimises f from x0. f may return Infinity (a refused point): such a vertex is always replaced first. */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  opts: NelderMeadOptions,
): NelderMeadResult {
  const N = x0.length;
  let evaluations = 0;
  const value = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  const simplex: { x: Float64Array; fx: number }[] = [];
  for (let i = 0; i <= N; i++) {
    const x = Float64Array.from(x0);
    if (i > 0) x[i - 1] += opts.step;
    simplex.push({ x, fx: value(x) });
  }
  if (N === 0) return { x: simplex[0].x, fx: simplex[0].fx, evaluations };
  const centroid = new Float64Array(N);
  /** centroid + t·(centroid − worst): t = 1 reflects, 2 expands, ±1/2 contracts outside/inside. */
  const along = (t: number): { x: Float64Array; fx: number } => {
    const worst = simplex[N].x;
    const x = new Float64Array(N);
    for (let j = 0; j < N; j++) x[j] = centroid[j] + t * (centroid[j] - worst[j]);
    return { x, fx: value(x) };
  };
  while (evaluations < opts.maxEvaluations) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0].fx;
    const worst = simplex[N].fx;
    if (Number.isFinite(worst) && worst - best < opts.tolerance) break;
    centroid.fill(0);
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) centroid[j] += simplex[i].x[j] / N;
    const r = along(1);
    if (r.fx < best) {
      const e = along(2);
      simplex[N] = e.fx < r.fx ? e : r;
    } else if (r.fx < simplex[N - 1].fx) {
      simplex[N] = r;
    } else {
      const c = r.fx < worst ? along(0.5) : along(-0.5);
      if (c.fx < Math.min(r.fx, worst)) {
        simplex[N] = c;
      } else {
        // shrink towards the best vertex
        for (let i = 1; i <= N; i++) {
          const x = simplex[i].x;
          for (let j = 0; j < N; j++) x[j] = simplex[0].x[j] + 0.5 * (x[j] - simplex[0].x[j]);
          simplex[i].fx = value(x);
        }
      }
    }
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: simplex[0].x, fx: simplex[0].fx, evaluations };
}
