import { glmGenerator, type Generator, type GlmGeneratorArgs } from './generator';
import { huberLink, logisticLink, squaredLink } from './links';
import { P } from './params';
import { buildQuadratic } from './quadratic';

export const LOGISTIC: GlmGeneratorArgs = {
  name: 'logistic',
  classes: ['convex-smooth'],
  description: 'logistic regression log(1 + e^{−y⟨w,x⟩}), ‖x‖ ≤ Rx: L = Rx, β = Rx²/4',
  task: 'classification',
  link: () => logisticLink,
};

export const LEAST_SQUARES: GlmGeneratorArgs = {
  name: 'least-squares',
  classes: ['convex-smooth'],
  description: 'least squares ½(⟨w,x⟩ − y)² on the ball: L = Rx(R·Rx + Y), β = Rx²',
  task: 'regression',
  link: () => squaredLink,
};

export const HUBER: GlmGeneratorArgs = {
  name: 'huber',
  classes: ['convex-smooth'],
  description: 'Huber regression with threshold δ: L = Rx·min(δ, R·Rx + Y), β = Rx²',
  task: 'regression',
  extra: [P.scale('delta', 'Huber threshold δ', 0.5, -4, 2)],
  link: (p) => huberLink(p.delta),
};

/** Convex, β-smooth, L-Lipschitz on the ball (F* by the certified solver or in closed form). */
export const convexSmoothGenerators: readonly Generator[] = [
  glmGenerator(LOGISTIC),
  glmGenerator(LEAST_SQUARES),
  glmGenerator(HUBER),
  {
    name: 'quadratic-spectrum',
    classes: ['convex-smooth', 'strongly-convex'],
    description:
      'least squares ½(w − c_i)ᵀH(w − c_i) with prescribed spectrum: β = lambdaMax, μ = lambdaMax/kappa, w* and F* in closed form',
    params: [
      P.d(),
      P.n(),
      P.R(),
      P.scale('lambdaMax', 'largest eigenvalue of H (= β)', 1, -2, 4),
      { ...P.scale('kappa', 'condition number λ_max/λ_min (≥ 1)', 4, 0, 8), min: 1, minExclusive: false },
    ],
    build: buildQuadratic,
  },
];
