import fc, { type Arbitrary } from 'fast-check';
import { averagerName, averagerWeights } from '../../engine/averaging';
import { type AveragerChoice, type AveragerSpec } from '../../engine/averagers/averager';
import { InvalidParameterError } from '../../errors';
import { instanceSpecArb, log2Grid, logInt } from '../../objectives/arbitraries';
import type { Instance, InstanceSpec } from '../../objectives/instance';
import type { Theorem } from '../../theory/theorem';
import type { Scope } from '../../theory/scope';
import { averagerArb, emaRateArb, seedArb, windowArb } from '../arbitraries';
import { instanceOf } from '../instances';
import type { Trial } from '../../theory/check';

/**
 * Trial arbitraries of the stability checks: small instances, step caps within the hypotheses, and
 * the averager families a theorem quantifies over.
 */

/** Small instances, so that many replicates stay cheap (d ≤ 4, n ≤ 12). */
const SMALL = { maxD: 4, maxN: 12 } as const;

/** Convex smooth instances with neighbours: the bound-attaining linear loss (a ball it never leaves) and GLMs. */
export function smoothConvexSpecArb(): Arbitrary<InstanceSpec> {
  return fc.oneof(
    instanceSpecArb('linear', { generators: ['linear'], maxD: 3, maxN: 6, fixed: { R: 1024 } }),
    instanceSpecArb('convex-smooth', { ...SMALL, generators: ['logistic', 'least-squares', 'huber'] }),
  );
}

/** Non-convex smooth losses in [0, 1] with neighbours. */
export function nonconvexSpecArb(): Arbitrary<InstanceSpec> {
  return instanceSpecArb('nonconvex-smooth-bounded', { ...SMALL, generators: ['sigmoid', 'cauchy', 'tukey'] });
}

/** Largest step the convex hypotheses allow (2/β), capped for β = 0 so numbers stay readable. */
function convexStepCap(beta: number): number {
  return beta > 0 ? Math.min(2 / beta, 4) : 4;
}

/** A step ≤ cap, log-spread over three octaves below it (the cap itself included: the edge case). */
function stepBelow(cap: number): Arbitrary<number> {
  return log2Grid(-6, 0, 2).map((x) => cap * x);
}

interface Draw {
  params: Scope;
  /** Only for a family that draws a whole averager (ANY_AVERAGER). */
  averager?: AveragerSpec;
}

/**
 * How a check names the averager it measures. A family with parameters (FWA's window k, EMA's rate g)
 * keeps them in the trial's params alone, where the bound reads them, and `of` derives the averager
 * run from them: a sweep or a search that changes k changes the window run. Only the theorems that
 * quantify over averagers (G6, the pathwise coupling, generalization) carry a whole averager spec.
 */
export interface AveragerFamily {
  draw(T: number): Arbitrary<Draw>;
  of(trial: Trial): AveragerChoice;
}

/** A family named by the trial's params: a trial that also carries an averager spec is refused. */
function namedBy(make: (p: Scope) => AveragerChoice): (trial: Trial) => AveragerChoice {
  return (trial) => {
    if (trial.averager)
      throw new InvalidParameterError(
        'averager',
        JSON.stringify(trial.averager),
        `no averager field: ${trial.theorem} runs the averager its params name (${averagerName(make(trial.params))})`,
      );
    return make(trial.params);
  };
}

/** Exactly one averager, with no parameter to draw: an engine spec or a user's averager (CustomAverager). */
export function onlyAverager(choice: AveragerChoice): AveragerFamily {
  return { draw: () => fc.constant<Draw>({ params: {} }), of: namedBy(() => choice) };
}

export const LAST: AveragerFamily = onlyAverager({ kind: 'last' });
export const FWA_WINDOW: AveragerFamily = {
  draw: (T) => windowArb(T).map((k): Draw => ({ params: { k } })),
  of: namedBy((p) => ({ kind: 'fwa', k: p.k })),
};
export const EMA_RATE: AveragerFamily = {
  draw: () => emaRateArb(0, 12).map((g): Draw => ({ params: { g } })),
  of: namedBy((p) => ({ kind: 'ema', gamma: p.g })),
};
export const SWA_ALL: AveragerFamily = onlyAverager({ kind: 'swa', start: 1 });
export const ANY_AVERAGER: AveragerFamily = {
  draw: (T) => averagerArb(T).map((averager): Draw => ({ params: {}, averager })),
  of: (trial) => {
    if (!trial.averager)
      throw new InvalidParameterError(
        'averager',
        undefined,
        `an averager spec (${trial.theorem} quantifies over averagers)`,
      );
    // A drawn spec fits the T it was drawn for; a sweep point at a smaller T may leave its horizon
    // (Polyak t₀ ≥ T, a LAWA block longer than T): refused here, as the run would, so the point is out of scope.
    if (typeof trial.params.T === 'number') averagerWeights(trial.averager, trial.params.T);
    return trial.averager;
  },
};

/**
 * Trials of one theorem: an instance spec, then parameters drawn knowing its certified constants, and
 * the differing example i* for a coupled run (generalization draws fresh data sets: it has none).
 */
export function trialsOf(
  theorem: Theorem,
  specs: Arbitrary<InstanceSpec>,
  draw: (inst: Instance) => Arbitrary<Draw>,
  replicates: number,
  coupled = true,
): Arbitrary<Trial> {
  return specs.chain((spec) => {
    const inst = instanceOf(spec);
    return fc
      .tuple(draw(inst), seedArb, fc.integer({ min: 0, max: inst.constants.n - 1 }))
      .map(([d, seed, i]): Trial => ({
        theorem: theorem.id,
        instance: spec,
        params: { ...d.params, ...(coupled ? { i } : {}) },
        seed,
        replicates,
        ...(d.averager ? { averager: d.averager } : {}),
      }));
  });
}

/** The step exponents p of α_t = c·t^(−p) the engine runs. */
export const exponentP = fc.constantFrom(0, 0.5, 1);

/** Largest step of a convex trial at horizon T: the step rule α_t ≤ 2/β (HRS Lemma 3.6). */
export type StepCap = (inst: Instance, T: number) => number;
export const stepRule: StepCap = (inst) => convexStepCap(inst.constants.beta);

/** Horizons a draw may take on an instance (exact cells: few enough index paths to enumerate). */
type Horizons = (inst: Instance) => Arbitrary<number>;

/** Convex draws: a horizon, a step below the cap, the averager family's parameters (or spec). */
export function convexDraw(
  steps: 'constant' | Arbitrary<number>,
  family: AveragerFamily,
  cap: StepCap = stepRule,
  horizons: Horizons = () => logInt(2, 40),
) {
  return (inst: Instance): Arbitrary<Draw> =>
    horizons(inst).chain((T) =>
      fc
        .record({
          step: stepBelow(cap(inst, T)),
          p: steps === 'constant' ? fc.constant(0) : steps,
          avg: family.draw(T),
        })
        .map(({ step, p, avg }): Draw => ({
          params: { T, ...(steps === 'constant' ? { a: step } : { c: step, p }), ...avg.params },
          ...(avg.averager ? { averager: avg.averager } : {}),
        })),
    );
}

/** Non-convex draws: steps c/t with q = βc on a grid (HRS 3.12 / G5), or a constant step (G4). */
export const nonconvexDraws = {
  harmonic:
    (family: AveragerFamily, horizons: Horizons = () => logInt(2, 60)) =>
    (inst: Instance) =>
      horizons(inst).chain((T) =>
        fc.record({ q: log2Grid(-16, 4, 4), avg: family.draw(T) }).map(({ q, avg }): Draw => ({
          params: { T, c: q / inst.constants.beta, p: 1, ...avg.params },
          ...(avg.averager ? { averager: avg.averager } : {}),
        })),
      ),
  constant:
    (horizons: Horizons = () => logInt(2, 60)) =>
    (inst: Instance) =>
      horizons(inst).chain((T) =>
        fc.record({ x: log2Grid(-32, -8, 4), avg: FWA_WINDOW.draw(T) }).map(({ x, avg }): Draw => ({
          params: { T, a: x / inst.constants.beta, ...avg.params },
        })),
      ),
};
