import type { Objective } from '../engine/objective';
import { RandomStream, deriveSeed } from '../engine/rng';
import { requireInteger } from '../validate';
import type { Instance } from './instance';

/** Seed labels, so the data, a replacement example and the held-out sample never share draws. */
export const STREAM = { neighbour: 0x6e656967, population: 0x706f7075 } as const;

/** Size of the held-out sample that estimates a population risk (capped by the work m·d). */
export function heldOutSize(d: number): number {
  return Math.max(2000, Math.min(20000, Math.floor(4e6 / d)));
}

/** A known data distribution: draws m examples as an objective, or a copy of S with example i redrawn. */
export interface Distribution {
  sample(m: number, rng: RandomStream): Objective;
  replace(i: number, rng: RandomStream): Objective;
}

/**
 * Gives an instance its S^(i) (example i replaced by a fresh draw from its own seeded stream) and the
 * population risk as the mean loss on a large seeded held-out sample, drawn once on first use.
 */
export function attachDistribution(inst: Instance, dist: Distribution): Instance {
  const { seed } = inst.spec;
  const { n, d } = inst.constants;
  inst.neighbour = (i: number) => {
    requireInteger('neighbour index i', i, 0, n - 1);
    return dist.replace(i, RandomStream.fromSeed(deriveSeed(seed, STREAM.neighbour, i)));
  };
  const m = heldOutSize(d);
  let heldOut: Objective | undefined;
  inst.populationRisk = (w: Float64Array) => {
    heldOut ??= dist.sample(m, RandomStream.fromSeed(deriveSeed(seed, STREAM.population)));
    let sum = 0;
    for (let i = 0; i < m; i++) sum += heldOut.loss(w, i);
    return sum / m;
  };
  const range = inst.constants.lossRange;
  const se = range ? `; standard error ≤ ${(range[1] - range[0]).toPrecision(3)}/(2√${m})` : '';
  inst.populationRiskMethod = `Monte Carlo: mean loss over ${m} held-out draws from the generating distribution (seed deriveSeed(${seed}, population))${se}`;
  return inst;
}
