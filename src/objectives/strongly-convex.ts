import { HINGE } from './convex-nonsmooth';
import { HUBER, LEAST_SQUARES, LOGISTIC } from './convex-smooth';
import { ridgeOf, type Generator } from './generator';

/** Ridge-regularised versions f + (λ/2)‖w‖²: every example is μ = λ strongly convex; L += λR, β += λ. */
export const stronglyConvexGenerators: readonly Generator[] = [
  ridgeOf(LOGISTIC, ['strongly-convex', 'convex-smooth'], 'μ = λ, L = Rx + λR, β = Rx²/4 + λ'),
  ridgeOf(LEAST_SQUARES, ['strongly-convex', 'convex-smooth'], 'μ = λ, β = Rx² + λ'),
  ridgeOf(HUBER, ['strongly-convex', 'convex-smooth'], 'μ = λ, β = Rx² + λ'),
  ridgeOf(HINGE, ['strongly-convex', 'convex-nonsmooth'], 'regularised SVM, μ = λ, non-smooth'),
];
