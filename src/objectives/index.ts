import { InvalidParameterError } from '../errors';
import type { FunctionClass } from './function-class';
import { requireInteger } from '../validate';
import { convexNonsmoothGenerators } from './convex-nonsmooth';
import { convexSmoothGenerators } from './convex-smooth';
import { explicitDataGenerators } from './explicit-data';
import type { Generator } from './generator';
import { buildHarvey } from './hard/harvey';
import type { Instance, InstanceSpec } from './instance';
import { buildLinear, buildLinearAtoms } from './linear';
import { nonconvexGenerators } from './nonconvex';
import { P, readParams } from './params';
import { stronglyConvexGenerators } from './strongly-convex';
import { worstCaseGenerator } from './worst-case/generator';

export type { Generator } from './generator';
export type { CertifiedConstants, Instance, InstanceSpec } from './instance';

const linearGenerator: Generator = {
  name: 'linear',
  classes: ['linear', 'convex-smooth'],
  description:
    'linear loss ⟨w, z⟩ with ‖z‖ = L (β = 0); neighbour(i) flips z_i → −z_i and attains the convex stability bounds',
  params: [P.d(), P.n(), P.R(), P.scale('L', 'the norm of every z_i (Lipschitz constant)', 1, -4, 4)],
  build: buildLinear,
};

/** Bound-attaining like `linear`, on finitely many atoms so that E over the data set is exact (hard: drawn only when asked). */
const linearAtomsGenerator: Generator = {
  name: 'linear-atoms',
  classes: ['linear', 'convex-smooth'],
  hard: true,
  description:
    'linear loss ⟨w, z⟩ with z i.i.d. uniform on the 2d atoms ±L·e_j: E over the data set is a finite sum (exact generalization gaps)',
  params: [P.d(), P.n(), P.R(), P.scale('L', 'the norm of every z_i (Lipschitz constant)', 1, -4, 4)],
  build: buildLinearAtoms,
};

const HARVEY_T = P.int('T', 'horizon = dimension of the construction (run exactly T steps)', 1000, 1, 100_000, 64);

const hardGenerators: readonly Generator[] = [
  {
    name: 'harvey-convex',
    classes: ['convex-nonsmooth'],
    hard: true,
    description: 'Harvey–Liaw–Plan–Randhawa convex lower bound (n = 1, d = T, α_t = 1/√t): f(w_T) − f* ≥ H_T/(32√T)',
    params: [HARVEY_T],
    build: (spec, p) => buildHarvey(spec, p.T, 'convex'),
  },
  {
    name: 'harvey-strongly-convex',
    classes: ['strongly-convex', 'convex-nonsmooth'],
    hard: true,
    description: 'strongly convex variant (μ = 1, α_t = 1/t): f(w_T) − f* ≥ H_T/(4T)',
    params: [HARVEY_T],
    build: (spec, p) => buildHarvey(spec, p.T, 'strongly-convex'),
  },
];

/** Every generator, by name. */
export const generators: readonly Generator[] = [
  linearGenerator,
  ...convexSmoothGenerators,
  ...convexNonsmoothGenerators,
  ...stronglyConvexGenerators,
  ...nonconvexGenerators,
  linearAtomsGenerator,
  ...hardGenerators,
  worstCaseGenerator,
  ...explicitDataGenerators,
];

const byName = new Map(generators.map((g) => [g.name, g]));

export function getGenerator(name: string): Generator {
  const g = byName.get(name);
  if (!g) throw new InvalidParameterError('generator', name, `one of ${[...byName.keys()].join(', ')}`);
  return g;
}

/** The generators whose instances satisfy the hypotheses of `cls` (hard constructions only when asked). */
export function generatorsFor(cls: FunctionClass, opts: { includeHard?: boolean } = {}): Generator[] {
  return generators.filter((g) => g.classes.includes(cls) && (opts.includeHard || !g.hard));
}

/**
 * Builds an instance from its JSON spec: deterministic (same spec ⇒ same bits), every bad parameter
 * an InvalidParameterError naming `<generator>.<parameter>`. Missing parameters take their defaults.
 */
export function buildInstance(spec: InstanceSpec): Instance {
  if (typeof spec !== 'object' || spec === null)
    throw new InvalidParameterError('spec', spec, 'an InstanceSpec { generator, params, seed }');
  const g = getGenerator(spec.generator);
  requireInteger(`${g.name}.seed`, spec.seed, 0, 0xffffffff);
  const params = readParams(g.name, g.params, spec.params);
  return g.build({ generator: g.name, params: { ...params }, seed: spec.seed }, params);
}
