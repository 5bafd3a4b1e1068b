import type { Generator } from './generator';
import { glmFromData, type GlmObjective } from './glm';
import type { Instance, InstanceSpec } from './instance';
import { sigmoidLink, tukeyLink } from './links';
import { P, type ParamSpec, type Params } from './params';

/**
 * Non-convex GLMs whose data are the instance's own numeric parameters, so that a derivative-free
 * search can move every coordinate of every example (and of the replacement example of the
 * neighbouring data set) the way it moves a step size. A seeded generator draws data from a
 * distribution, and the examples that make a stability bound tight (a replaced example whose gradient
 * opposes the original's at full Lipschitz length, the others on the concave part of the link) are
 * rarely drawn. The constants are certified from the data exactly as for any GLM (glmFromData):
 * Rx = the largest norm among the examples and the replacement, so no parameter can break them.
 */

/** Examples at most (the exact cells enumerate n^T index paths) and dimension at most. */
export const EXPLICIT_MAX_N = 16;
export const EXPLICIT_MAX_D = 2;

/** The name of coordinate j of example i (`r` for the replacement example of the neighbour). */
export const coordinateName = (i: number | 'r', j: number): string => `x${i}_${j}`;
/** The name of the label of example i (regression only). */
export const labelName = (i: number | 'r'): string => `y${i}`;

/** A data coordinate: any real; arbitraries draw it in (0, 2] (a search moves it anywhere). */
function coordinate(name: string, description: string, def: number): ParamSpec {
  return {
    name,
    integer: false,
    min: -1e6,
    max: 1e6,
    default: def,
    description,
    draw: { kind: 'log2', lo: -4, hi: 2, steps: 2 },
  };
}

const examples = (): (number | 'r')[] => [...Array.from({ length: EXPLICIT_MAX_N }, (_, i) => i), 'r'];

function dataParams(labels: boolean): ParamSpec[] {
  const out: ParamSpec[] = [
    P.int('d', 'dimension', 1, 1, EXPLICIT_MAX_D, EXPLICIT_MAX_D),
    P.int('n', 'number of examples', 2, 2, EXPLICIT_MAX_N, EXPLICIT_MAX_N),
    P.R(),
  ];
  for (const i of examples()) {
    const who = i === 'r' ? 'the replacement example of the neighbouring data set' : `example ${i}`;
    for (let j = 0; j < EXPLICIT_MAX_D; j++)
      out.push(coordinate(coordinateName(i, j), `coordinate ${j} of ${who}`, i === 'r' ? -1 : 1));
    if (labels) out.push(coordinate(labelName(i), `label of ${who}`, 0));
  }
  return out;
}

/** The examples (rows of X, labels) and the replacement named by the parameters, d and n taken from them. */
function readData(p: Params, labels: boolean) {
  const d = p.d;
  const n = p.n;
  const row = (i: number | 'r') => Float64Array.from({ length: d }, (_, j) => p[coordinateName(i, j)]);
  const label = (i: number | 'r') => (labels ? p[labelName(i)] : 1);
  const X = Array.from({ length: n }, (_, i) => row(i));
  const y = Float64Array.from({ length: n }, (_, i) => label(i));
  const replacement = { x: row('r'), y: label('r') };
  let Rx = 0;
  for (const x of [...X, replacement.x]) Rx = Math.max(Rx, Math.hypot(...x));
  return { X, y, replacement, Rx };
}

function buildExplicit(spec: InstanceSpec, p: Params, task: 'classification' | 'regression'): Instance {
  const labels = task === 'regression';
  const { X, y, replacement, Rx } = readData(p, labels);
  const inst = glmFromData({
    X,
    y,
    R: p.R,
    Rx,
    task,
    link: labels ? tukeyLink(p.c) : sigmoidLink,
    name: spec.generator,
  });
  const objective = inst.objective as GlmObjective;
  return {
    ...inst,
    spec,
    // Every constant holds for each example on W, the replacement included (Rx covers it).
    neighbour: (i) => objective.withExample(i, replacement.x, replacement.y),
  };
}

export const explicitDataGenerators: readonly Generator[] = [
  {
    name: 'sigmoid-data',
    classes: ['nonconvex-smooth-bounded'],
    hard: true,
    description:
      'sigmoid loss σ(−⟨w,x⟩) on data given as parameters x<i>_<j> (replacement xr_<j>): L = Rx/4, β = Rx²/(6√3), Rx = max ‖x‖',
    params: dataParams(false),
    build: (spec, p) => buildExplicit(spec, p, 'classification'),
  },
  {
    name: 'tukey-data',
    classes: ['nonconvex-smooth-bounded'],
    hard: true,
    description:
      "Tukey's biweight on data given as parameters x<i>_<j>, y<i> (replacement xr_<j>, yr): L = 96Rx/(25√5c), β = 6Rx²/c²",
    params: [...dataParams(true), P.scale('c', 'Tukey scale c', 1, -2, 2)],
    build: (spec, p) => buildExplicit(spec, p, 'regression'),
  },
];
