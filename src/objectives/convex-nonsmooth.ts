import { glmGenerator, type Generator, type GlmGeneratorArgs } from './generator';
import { absoluteLink, hingeLink } from './links';
import { buildMaxAffine } from './max-affine';
import { P } from './params';

export const HINGE: GlmGeneratorArgs = {
  name: 'hinge',
  classes: ['convex-nonsmooth'],
  description: 'hinge loss (SVM) max(0, 1 − y⟨w,x⟩): L = Rx',
  task: 'classification',
  link: () => hingeLink,
};

/** Convex, L-Lipschitz, not smooth (β = ∞); F* certified through smooth minorants. */
export const convexNonsmoothGenerators: readonly Generator[] = [
  glmGenerator(HINGE),
  glmGenerator({
    name: 'absolute',
    classes: ['convex-nonsmooth'],
    description: 'absolute deviation |⟨w,x⟩ − y|: L = Rx',
    task: 'regression',
    link: () => absoluteLink,
  }),
  {
    name: 'max-affine',
    classes: ['convex-nonsmooth'],
    description: 'polyhedral max_j ⟨a_ij, w⟩ + b_ij with ‖a_ij‖ ≤ Rx: L = Rx',
    params: [P.d(), P.n(), P.R(), P.Rx(), P.int('pieces', 'number of affine pieces per example', 3, 1, 1000, 6)],
    build: buildMaxAffine,
  },
];
