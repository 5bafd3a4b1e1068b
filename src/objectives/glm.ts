import type { Objective } from '../engine/objective';
import { RandomStream } from '../engine/rng';
import { InvalidParameterError } from '../errors';
import { requireInteger, requireNonNegative, requirePositive } from '../validate';
import { certifyFstar, MINORANT_EPSILONS } from './certify';
import { inBall, onSphere } from './data';
import { attachDistribution } from './distribution';
import { ballConstants, type CertifiedConstants, type Instance, type InstanceSpec } from './instance';
import type { Link } from './links';

/**
 * Generalised linear models f(w; x, y) = φ(⟨w, x⟩, y) + (λ/2)‖w‖² with ‖x‖ ≤ Rx on the ball
 * W = {‖w‖ ≤ R}. With U = R·Rx and |y| ≤ Y the link's bounds give every constant:
 * L = d1·Rx + λR, β = d2·Rx² + λ, μ = λ, loss ∈ [φ_min, φ_max + λR²/2].
 */
export class GlmObjective implements Objective {
  constructor(
    readonly d: number,
    readonly n: number,
    /** n×d row-major data. */
    readonly X: Float64Array,
    readonly y: Float64Array,
    readonly link: Link,
    readonly lambda: number,
  ) {}

  loss(w: Float64Array, i: number): number {
    const { d, X } = this;
    const o = i * d;
    let u = 0;
    for (let j = 0; j < d; j++) u += w[j] * X[o + j];
    const f = this.link.value(u, this.y[i]);
    if (this.lambda === 0) return f;
    let w2 = 0;
    for (let j = 0; j < d; j++) w2 += w[j] * w[j];
    return f + 0.5 * this.lambda * w2;
  }

  grad(w: Float64Array, i: number, out: Float64Array): void {
    const { d, X, lambda } = this;
    const o = i * d;
    let u = 0;
    for (let j = 0; j < d; j++) u += w[j] * X[o + j];
    const c = this.link.deriv(u, this.y[i]);
    for (let j = 0; j < d; j++) out[j] = c * X[o + j] + lambda * w[j];
  }

  /** The same model on data with example i replaced by (x, y). */
  withExample(i: number, x: Float64Array, y: number): GlmObjective {
    const X = this.X.slice();
    X.set(x, i * this.d);
    const Y = this.y.slice();
    Y[i] = y;
    return new GlmObjective(this.d, this.n, X, Y, this.link, this.lambda);
  }
}

export type GlmTask = 'classification' | 'regression';

/**
 * The known data distribution of a generated GLM: x uniform in the ball of radius Rx;
 * classification: y = ±1 with P(y = 1 | x) = σ(⟨θ, x⟩), ‖θ‖ = 4/Rx (logits in [−4, 4]);
 * regression: y = ⟨θ, x⟩ + ξ, ‖θ‖ = R/2 (a teacher inside W), ξ uniform on [−noise, noise].
 */
export interface GlmModel {
  task: GlmTask;
  d: number;
  Rx: number;
  /** Certified |y| ≤ Y. */
  Y: number;
  /** Draws one example: x into out[offset..offset+d), returns y. */
  draw(rng: RandomStream, out: Float64Array, offset: number): number;
}

export function glmModel(
  task: GlmTask,
  d: number,
  Rx: number,
  R: number,
  noise: number,
  teacherRng: RandomStream,
): GlmModel {
  const theta = new Float64Array(d);
  onSphere(teacherRng, d, task === 'classification' ? 4 / Rx : R / 2, theta);
  const dotTheta = (x: Float64Array, o: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += theta[j] * x[o + j];
    return s;
  };
  if (task === 'classification') {
    return {
      task,
      d,
      Rx,
      Y: 1,
      draw(rng, out, offset) {
        inBall(rng, d, Rx, out, offset);
        const p = 1 / (1 + Math.exp(-dotTheta(out, offset)));
        return rng.bernoulli(p) === 1 ? 1 : -1;
      },
    };
  }
  return {
    task,
    d,
    Rx,
    Y: (R * Rx) / 2 + noise,
    draw(rng, out, offset) {
      inBall(rng, d, Rx, out, offset);
      return dotTheta(out, offset) + noise * rng.uniform(-1, 1);
    },
  };
}

export interface GlmSetup {
  spec: InstanceSpec;
  R: number;
  Rx: number;
  lambda: number;
  link: Link;
  objective: GlmObjective;
  /** Certified |y| ≤ Y over the data and the distribution. */
  Y: number;
  /** The distribution the data came from (enables neighbour(i) and the population risk). */
  model?: GlmModel;
}

/** Certified constants, F* and (with a model) neighbours and the held-out population risk. */
export function glmInstance(s: GlmSetup): Instance {
  const { objective: obj, R, Rx, lambda, link } = s;
  const { d, n } = obj;
  const b = link.bounds(R * Rx, s.Y);
  const beta = b.d2 === Infinity ? Infinity : b.d2 * Rx * Rx + lambda;
  const L = b.d1 * Rx + lambda * R;
  const lossRange: [number, number] = [b.range[0], b.range[1] + 0.5 * lambda * R * R];
  let fstar: Pick<CertifiedConstants, 'Fstar' | 'FstarGap' | 'FstarCertificate'>;
  if (link.convex) {
    const minorant = link.minorant;
    const scale = 1 + R * Rx + s.Y;
    fstar = certifyFstar(
      obj,
      R,
      beta,
      minorant && {
        at: (eps) => ({
          objective: new GlmObjective(d, n, obj.X, obj.y, minorant(eps), lambda),
          beta: (Rx * Rx) / eps + lambda,
        }),
        epsilons: MINORANT_EPSILONS.map((e) => e * scale),
        slack: 0.5,
      },
      lossRange[1] - lossRange[0],
    );
  } else {
    fstar = {
      Fstar: lossRange[0],
      FstarGap: Infinity,
      FstarCertificate: `lower bound only: every loss is ≥ ${lossRange[0]} on W (non-convex: the minimum is not certified)`,
    };
  }
  // ‖∇f(w; z_i)‖ ≤ d1‖x_i‖ + λR on W, so the mean square over S is bounded by the data's own norms.
  let G2 = 0;
  for (let i = 0; i < n; i++) {
    let x2 = 0;
    for (let j = 0; j < d; j++) x2 += obj.X[i * d + j] * obj.X[i * d + j];
    const gi = b.d1 * Math.sqrt(x2) + lambda * R;
    G2 += (gi * gi) / n;
  }
  const G = Math.min(L, Math.sqrt(G2) * (1 + 1e-12));
  const constants = ballConstants({ d, n, R, L, G, beta, mu: lambda, convex: link.convex, lossRange, ...fstar });
  const inst: Instance = { spec: s.spec, objective: obj, constants };
  const model = s.model;
  if (!model) return inst;
  return attachDistribution(inst, {
    sample: (m, rng) => sampleGlm(model, m, rng, link, lambda),
    replace: (i, rng) => {
      const x = new Float64Array(d);
      const y = model.draw(rng, x, 0);
      return obj.withExample(i, x, y);
    },
  });
}

/** n examples drawn from the model, as a GLM objective with the given link. */
export function sampleGlm(model: GlmModel, n: number, rng: RandomStream, link: Link, lambda: number): GlmObjective {
  const X = new Float64Array(n * model.d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = model.draw(rng, X, i * model.d);
  return new GlmObjective(model.d, n, X, y, link, lambda);
}

/** A generated GLM instance: teacher and data from the seed (teacher and data streams are split). */
export function generatedGlm(
  spec: InstanceSpec,
  p: { d: number; n: number; R: number; Rx: number; lambda: number; noise: number },
  task: GlmTask,
  link: Link | ((Y: number) => Link),
): Instance {
  const root = RandomStream.fromSeed(spec.seed);
  const model = glmModel(task, p.d, p.Rx, p.R, p.noise, root.split());
  const theLink = typeof link === 'function' ? link(model.Y) : link;
  const objective = sampleGlm(model, p.n, root.split(), theLink, p.lambda);
  return glmInstance({ spec, R: p.R, Rx: p.Rx, lambda: p.lambda, link: theLink, objective, Y: model.Y, model });
}

/**
 * A GLM on given data (e.g. a real data set). Validates that every ‖x_i‖ ≤ Rx, every label is ±1
 * for classification (|y_i| finite for regression), and the parameters; the constants are then
 * certified exactly as for generated data. No distribution is known, so no neighbour or population.
 * The spec (generator "data:<name>") only describes the instance: the data are not in it, so
 * buildInstance cannot replay it.
 */
export function glmFromData(args: {
  X: ArrayLike<number>[];
  y: ArrayLike<number>;
  R: number;
  Rx: number;
  lambda?: number;
  task: GlmTask;
  link: Link | ((Y: number) => Link);
  name?: string;
}): Instance {
  const R = requirePositive('R', args.R);
  const Rx = requirePositive('Rx', args.Rx);
  const lambda = requireNonNegative('lambda (μ)', args.lambda ?? 0);
  const n = args.X.length;
  requireInteger('n (number of examples)', n, 1);
  if (args.y.length !== n)
    throw new InvalidParameterError('y.length', args.y.length, `the number of examples n = ${n}`);
  const d = args.X[0].length;
  requireInteger('d (dimension)', d, 1);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  let Y = 0;
  for (let i = 0; i < n; i++) {
    const xi = args.X[i];
    if (xi.length !== d) throw new InvalidParameterError(`X[${i}].length`, xi.length, `the dimension d = ${d}`);
    let n2 = 0;
    for (let j = 0; j < d; j++) {
      const v = xi[j];
      if (!Number.isFinite(v)) throw new InvalidParameterError(`X[${i}][${j}]`, v, 'a finite number');
      X[i * d + j] = v;
      n2 += v * v;
    }
    if (Math.sqrt(n2) > Rx * (1 + 1e-12))
      throw new InvalidParameterError(`‖X[${i}]‖`, Math.sqrt(n2), `≤ Rx = ${Rx} (the stated data norm)`);
    const yi = args.y[i];
    if (args.task === 'classification' ? yi !== 1 && yi !== -1 : !Number.isFinite(yi)) {
      throw new InvalidParameterError(`y[${i}]`, yi, args.task === 'classification' ? '−1 or +1' : 'a finite number');
    }
    y[i] = yi;
    Y = Math.max(Y, Math.abs(yi));
  }
  const link = typeof args.link === 'function' ? args.link(Y) : args.link;
  const spec: InstanceSpec = { generator: `data:${args.name ?? link.name}`, params: { d, n, R, Rx, lambda }, seed: 0 };
  return glmInstance({ spec, R, Rx, lambda, link, objective: new GlmObjective(d, n, X, y, link, lambda), Y });
}
