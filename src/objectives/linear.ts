import type { LinearGradient, Objective } from '../engine/objective';
import { RandomStream } from '../engine/rng';
import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import { onSphere } from './data';
import { ballConstants, type Instance, type InstanceSpec } from './instance';
import type { Params } from './params';

/**
 * f(w; z) = ⟨w, z⟩: the gradient is z whatever w, so SGD's trajectory is a sum of data. It is the linear
 * gradient 1·z_i (LinearGradient), so the engine fuses it into the update: the same bits (1·z = z
 * exactly) without copying z_i into a gradient buffer first.
 */
export class LinearObjective implements Objective, LinearGradient {
  constructor(
    readonly d: number,
    readonly n: number,
    /** n×d row-major, every row of norm L. */
    readonly Z: Float64Array,
  ) {}

  loss(w: Float64Array, i: number): number {
    const o = i * this.d;
    let s = 0;
    for (let j = 0; j < this.d; j++) s += w[j] * this.Z[o + j];
    return s;
  }

  grad(_w: Float64Array, i: number, out: Float64Array): void {
    const o = i * this.d;
    for (let j = 0; j < this.d; j++) out[j] = this.Z[o + j];
  }

  get rows(): Float64Array {
    return this.Z;
  }

  slope(): number {
    return 1;
  }
}

/**
 * The bound-attaining linear instance (docs/theory/stability.md#g1-convex-general-steps): z_i uniform
 * on the sphere of radius L, W the ball of radius R. neighbour(i) is the adversarial S^(i) with z_i
 * replaced by −z_i: on a coupled run without projection every draw of i moves the two iterates 2α_t L further apart, so the
 * convex stability bounds hold with equality in expectation.
 * F* = −R‖z̄‖ (closed form, at w* = −R z̄/‖z̄‖); population risk E_z⟨w, z⟩ = 0 (closed form).
 */
export function buildLinear(spec: InstanceSpec, p: Params): Instance {
  const { d, n, L } = p;
  const rng = RandomStream.fromSeed(spec.seed);
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) onSphere(rng, d, L, Z, i * d);
  return linearInstance(spec, p, Z, 'closed form: z is uniform on the sphere, E z = 0, so F(w) = ⟨w, E z⟩ = 0');
}

/**
 * The linear loss on data from a distribution with finitely many atoms: z_i i.i.d. uniform on the 2d
 * points ±L·e_j. E z = 0 again (population risk 0), the neighbour flips z_i as above, and E over the data
 * set S is a finite sum over the (2d)^n data sets (`finiteSupport`): the generalization gap can be
 * computed exactly (src/measure/exact.ts).
 */
export function buildLinearAtoms(spec: InstanceSpec, p: Params): Instance {
  const { d, n } = p;
  const rng = RandomStream.fromSeed(spec.seed);
  const assignment = Int32Array.from({ length: n }, () => rng.index(2 * d));
  return linearAtomsOn(spec, p, assignment);
}

/** Atom a of the 2d: +L·e_{a/2} for even a, −L·e_{(a−1)/2} for odd a. */
function linearAtomsOn(spec: InstanceSpec, p: Params, assignment: Int32Array): Instance {
  const { d, n, L } = p;
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) Z[i * d + (assignment[i] >> 1)] = assignment[i] & 1 ? -L : L;
  const inst = linearInstance(spec, p, Z, 'closed form: z is uniform on the atoms ±L·e_j, E z = 0, so F(w) = 0');
  return {
    ...inst,
    finiteSupport: {
      atoms: 2 * d,
      probability: () => 1 / (2 * d),
      dataSet: (a: Int32Array) => {
        if (a.length !== n) throw new InvalidParameterError('atom assignment length', a.length, `n = ${n}`);
        for (const x of a) requireInteger('atom', x, 0, 2 * d - 1);
        return linearAtomsOn(spec, p, a);
      },
    },
  };
}

/** The linear instance on data Z (n×d rows of norm L). */
function linearInstance(spec: InstanceSpec, p: Params, Z: Float64Array, populationRiskMethod: string): Instance {
  const { d, n, R, L } = p;
  const objective = new LinearObjective(d, n, Z);
  const zbar = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) zbar[j] += Z[i * d + j] / n;
  let nz = 0;
  for (let j = 0; j < d; j++) nz += zbar[j] * zbar[j];
  nz = Math.sqrt(nz);
  const wStar = Array.from(zbar, (v) => (nz > 0 ? (-R * v) / nz : 0));
  return {
    spec,
    objective,
    constants: ballConstants({
      d,
      n,
      R,
      L,
      beta: 0,
      mu: 0,
      convex: true,
      lossRange: [-R * L, R * L],
      Fstar: -R * nz,
      FstarGap: 0,
      FstarCertificate: 'closed form: min over the ball of ⟨w, z̄⟩ is −R‖z̄‖, at w* = −R z̄/‖z̄‖',
      betaF: 0,
      wStar,
    }),
    populationRisk: () => 0,
    populationRiskMethod,
    neighbour: (i: number) => {
      requireInteger('neighbour index i', i, 0, n - 1);
      const Zi = Z.slice();
      for (let j = 0; j < d; j++) Zi[i * d + j] = -Zi[i * d + j];
      return new LinearObjective(d, n, Zi);
    },
  };
}
