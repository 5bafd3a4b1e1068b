import type { FunctionClass } from './function-class';
import { generatedGlm, type GlmTask } from './glm';
import type { Instance, InstanceSpec } from './instance';
import type { Link } from './links';
import { P, type ParamSpec, type Params } from './params';

/** A named family of instances: its function classes, parameters and a deterministic builder. */
export interface Generator {
  name: string;
  /** Every class the instances belong to; the first is the primary one (e.g. strongly convex smooth → also convex-smooth). */
  classes: readonly FunctionClass[];
  /** Lower-bound / bound-attaining constructions with a fixed structure (left out of arbitraries unless asked). */
  hard?: boolean;
  description: string;
  params: readonly ParamSpec[];
  /** Builds from validated parameters (defaults filled); same spec ⇒ same bits. */
  build(spec: InstanceSpec, p: Params): Instance;
}

const LAMBDA = P.scale('lambda', 'ridge coefficient λ = μ (per-example strong convexity)', 0.5, -6, 2);
const NOISE = P.nonNegative('noise', 'half-width of the uniform label noise (regression)', 0.5, -4, 0);

/**
 * A GLM generator: parameters d, n, R, Rx (+ noise for regression, + λ for a ridge version, + extra),
 * the link chosen from the parameters and the certified label bound Y.
 */
export interface GlmGeneratorArgs {
  name: string;
  classes: readonly FunctionClass[];
  description: string;
  task: GlmTask;
  ridge?: boolean;
  extra?: readonly ParamSpec[];
  link: (p: Params, R: number, Rx: number, Y: number) => Link;
}

export function glmGenerator(args: GlmGeneratorArgs): Generator {
  const params = [
    P.d(),
    P.n(),
    P.R(),
    P.Rx(),
    ...(args.task === 'regression' ? [NOISE] : []),
    ...(args.ridge ? [LAMBDA] : []),
    ...(args.extra ?? []),
  ];
  return {
    name: args.name,
    classes: args.classes,
    description: args.description,
    params,
    build: (spec, p) =>
      generatedGlm(
        spec,
        {
          d: p.d,
          n: p.n,
          R: p.R,
          Rx: p.Rx,
          lambda: args.ridge ? p.lambda : 0,
          noise: args.task === 'regression' ? p.noise : 0,
        },
        args.task,
        (Y) => args.link(p, p.R, p.Rx, Y),
      ),
  };
}

/** The ridge-regularised version f + (λ/2)‖w‖² of a GLM generator: μ = λ, L += λR, β += λ. */
export function ridgeOf(base: GlmGeneratorArgs, classes: readonly FunctionClass[], what: string): Generator {
  return glmGenerator({
    ...base,
    name: `ridge-${base.name}`,
    classes,
    description: `${base.name} + (λ/2)‖w‖²: ${what}`,
    ridge: true,
  });
}
