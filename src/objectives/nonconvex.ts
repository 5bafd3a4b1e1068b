import { glmGenerator, type Generator } from './generator';
import { cauchyLink, sigmoidLink, tukeyLink } from './links';
import { P } from './params';
import { buildTanhNet } from './tanh-net';

/** Non-convex, β-smooth, L-Lipschitz, every loss in [0, 1] (F* = 0 is only a lower bound). */
export const nonconvexGenerators: readonly Generator[] = [
  glmGenerator({
    name: 'sigmoid',
    classes: ['nonconvex-smooth-bounded'],
    description: 'sigmoid loss σ(−y⟨w,x⟩) ∈ [0,1]: L = Rx/4, β = Rx²/(6√3)',
    task: 'classification',
    link: () => sigmoidLink,
  }),
  glmGenerator({
    name: 'cauchy',
    classes: ['nonconvex-smooth-bounded'],
    description: 'Cauchy loss log(1 + r²/c²) normalised to [0,1] on W: L = Rx/(c·M₀), β = 2Rx²/(c²M₀)',
    task: 'regression',
    extra: [P.scale('c', 'Cauchy scale c', 1, -2, 2)],
    link: (p, R, Rx, Y) => cauchyLink(p.c, R * Rx + Y),
  }),
  glmGenerator({
    name: 'tukey',
    classes: ['nonconvex-smooth-bounded'],
    description: "Tukey's biweight 1 − (1 − r²/c²)³₊ ∈ [0,1]: L = 96Rx/(25√5c), β = 6Rx²/c²",
    task: 'regression',
    extra: [P.scale('c', 'Tukey scale c', 1, -2, 2)],
    link: (p) => tukeyLink(p.c),
  }),
  {
    name: 'tanh-net',
    classes: ['nonconvex-smooth-bounded'],
    description:
      'one-hidden-layer tanh network, fixed output ±1/width, loss (h − y)²/4 ∈ [0,1]: L = Rx/√width, β = (½ + 4/(3√3))Rx²/width',
    params: [
      P.int('p', 'input dimension (d = p·width)', 2, 1, 100_000, 4),
      P.int('width', 'number of hidden units', 3, 1, 10_000, 4),
      P.n(),
      P.R(),
      P.Rx(),
      P.nonNegative('noise', 'half-width of the uniform label noise', 0.25, -4, 0),
    ],
    build: buildTanhNet,
  },
];
