import type { Objective } from '../engine/objective';
import { RandomStream } from '../engine/rng';
import { inBall, onSphere, orthonormalBasis } from './data';
import { attachDistribution } from './distribution';
import { ballConstants, type Instance, type InstanceSpec } from './instance';
import type { Params } from './params';

/** f(w; c_i) = ½(w − c_i)ᵀH(w − c_i) = ½‖A(w − c_i)‖² with AᵀA = H: least squares with a known Hessian. */
export class QuadraticObjective implements Objective {
  private readonly r: Float64Array;

  constructor(
    readonly d: number,
    readonly n: number,
    /** d×d symmetric positive semi-definite, row-major. */
    readonly H: Float64Array,
    /** n×d centres. */
    readonly C: Float64Array,
  ) {
    this.r = new Float64Array(d);
  }

  private residual(w: Float64Array, i: number): Float64Array {
    const { d, C, r } = this;
    for (let j = 0; j < d; j++) r[j] = w[j] - C[i * d + j];
    return r;
  }

  loss(w: Float64Array, i: number): number {
    const { d, H } = this;
    const r = this.residual(w, i);
    let s = 0;
    for (let j = 0; j < d; j++) {
      let hr = 0;
      for (let k = 0; k < d; k++) hr += H[j * d + k] * r[k];
      s += r[j] * hr;
    }
    return 0.5 * s;
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const { d, H } = this;
    const r = this.residual(w, i);
    for (let j = 0; j < d; j++) {
      let hr = 0;
      for (let k = 0; k < d; k++) hr += H[j * d + k] * r[k];
      out[j] = hr;
    }
  }

  withCentre(i: number, c: Float64Array): QuadraticObjective {
    const C = this.C.slice();
    C.set(c, i * this.d);
    return new QuadraticObjective(this.d, this.n, this.H, C);
  }
}

/**
 * Prescribed spectrum: H = V diag(λ) Vᵀ, V a random rotation, λ geometric from β = lambdaMax down to
 * μ = lambdaMax/kappa (d = 1: λ = β = μ). Centres c_i = w* + ξ_i, ‖w*‖ = R/4, ξ_i uniform in the ball
 * of radius R/4, so ‖c_i‖ ≤ R/2 and the minimiser c̄ = mean c_i lies inside W. Every example is
 * μ-strongly convex and β-smooth; L = β·(R + R/2) bounds ‖H(w − c)‖ on W. Closed forms:
 * F* = ½ mean (c_i − c̄)ᵀH(c_i − c̄), population F(w) = ½(w − w*)ᵀH(w − w*) + (R/4)² tr H/(2(d + 2)).
 */
export function buildQuadratic(spec: InstanceSpec, p: Params): Instance {
  const { d, n, R, lambdaMax, kappa } = p;
  const root = RandomStream.fromSeed(spec.seed);
  const V = orthonormalBasis(root.split(), d);
  const lam = Array.from({ length: d }, (_, j) => (d === 1 ? lambdaMax : lambdaMax * Math.pow(kappa, -j / (d - 1))));
  const mu = lam[d - 1];
  const H = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let q = 0; q < d; q++) s += V[q * d + a] * lam[q] * V[q * d + b];
      H[a * d + b] = s;
    }
  }
  const wTrue = new Float64Array(d);
  onSphere(root.split(), d, R / 4, wTrue);
  const rho = R / 4;
  const drawCentre = (rng: RandomStream, out: Float64Array, offset: number): void => {
    inBall(rng, d, rho, out, offset);
    for (let j = 0; j < d; j++) out[offset + j] += wTrue[j];
  };
  const sample = (count: number, rng: RandomStream): QuadraticObjective => {
    const C = new Float64Array(count * d);
    for (let i = 0; i < count; i++) drawCentre(rng, C, i * d);
    return new QuadraticObjective(d, count, H, C);
  };
  const objective = sample(n, root.split());
  const cbar = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) cbar[j] += objective.C[i * d + j] / n;
  const at = new QuadraticObjective(d, 1, H, cbar);
  let Fstar = 0;
  for (let i = 0; i < n; i++) Fstar += at.loss(objective.C.subarray(i * d, (i + 1) * d), 0) / n;
  const trH = lam.reduce((s, v) => s + v, 0);
  const noiseRisk = (rho * rho * trH) / (2 * (d + 2));
  const truth = new QuadraticObjective(d, 1, H, wTrue);
  const L = lambdaMax * 1.5 * R;
  const inst: Instance = {
    spec,
    objective,
    constants: ballConstants({
      d,
      n,
      R,
      L,
      beta: lambdaMax,
      mu,
      convex: true,
      lossRange: [0, 0.5 * lambdaMax * (1.5 * R) * (1.5 * R)],
      Fstar,
      FstarGap: 0,
      FstarCertificate:
        'closed form: F_S(w) = ½(w − c̄)ᵀH(w − c̄) + F*, F* = ½ mean_i (c_i − c̄)ᵀH(c_i − c̄), c̄ ∈ W (‖c̄‖ ≤ R/2)',
      betaF: lambdaMax,
      muF: mu,
      wStar: Array.from(cbar),
    }),
  };
  attachDistribution(inst, {
    sample,
    replace: (i, rng) => {
      const c = new Float64Array(d);
      drawCentre(rng, c, 0);
      return objective.withCentre(i, c);
    },
  });
  // The quadratic's population risk has a closed form: prefer it to the held-out estimate.
  inst.populationRisk = (w: Float64Array) => truth.loss(w, 0) + noiseRisk;
  inst.populationRiskMethod =
    'closed form: ½(w − w*)ᵀH(w − w*) + ρ² tr H/(2(d + 2)), ρ = R/4 (E ξξᵀ = ρ²I/(d + 2) for ξ uniform in the ball)';
  return inst;
}
