import { pepSchedule, pointName, type GridPoint, type PepScheduleKind } from '../grid';
import type { GradientHypothesis, StochasticPepSpec } from './problem';

/**
 * The committed grid of stochastic worst cases: SGD on n components for T steps, FWA(k) at every k, both
 * schedules of the convergence family (α_t = c/√t and the constant-step theorem's c/√(T + 1)), c = 1,
 * D = G = 1 (the scaling lemma of the deterministic grid holds here too: every constraint is homogeneous
 * in (D, G) once the steps scale as cD/G), under both gradient hypotheses.
 */
export interface StochasticGridPoint {
  /** Components (index draws per step). */
  n: number;
  schedule: PepScheduleKind;
  c: number;
  /** Engine steps. */
  T: number;
  /** FWA window (k = 1: the last iterate). */
  k: number;
  gradients: GradientHypothesis;
}

/** File-name-safe, unique name of a point. */
export function stochasticPointName(p: StochasticGridPoint): string {
  return `sgd-n${p.n}-${p.schedule}-c${p.c}-T${p.T}-fwa-k${p.k}-${p.gradients}`;
}

/** The deterministic grid point of the same method (certificates/pep/), for the side-by-side table. */
export function deterministicPoint(p: StochasticGridPoint): GridPoint {
  return { schedule: p.schedule, c: p.c, T: p.T, averager: { kind: 'fwa', k: p.k } };
}

export const deterministicName = (p: StochasticGridPoint): string => pointName(deterministicPoint(p));

export function stochasticPointSpec(p: StochasticGridPoint): StochasticPepSpec {
  return {
    n: p.n,
    T: p.T,
    schedule: pepSchedule(p.schedule, p.c, p.T),
    averager: { kind: 'fwa', k: p.k },
    gradients: { kind: p.gradients, G: 1 },
    D: 1,
  };
}

/** Largest horizon committed per number of components (the solve cost grows as (n^T)³: see the README). */
const STOCHASTIC_MAX_T: Readonly<Record<number, number>> = { 2: 4, 3: 2 };

/**
 * One point beyond: n = 3, T = 3 (Gram order 163, about 7 500 inequalities, 2 775 kept; 18 minutes of CSDP
 * on the shared machine), at the constant-step bound's window k = T under the theorems' own hypothesis, where
 * the deterministic worst case is closest to its bound.
 */
const BEYOND: readonly StochasticGridPoint[] = [
  { n: 3, schedule: 'c-over-sqrt-horizon', c: 1, T: 3, k: 3, gradients: 'second-moment' },
];

export function stochasticGrid(): StochasticGridPoint[] {
  const out: StochasticGridPoint[] = [];
  for (const [n, maxT] of Object.entries(STOCHASTIC_MAX_T))
    for (const schedule of ['inv-sqrt-t', 'c-over-sqrt-horizon'] as const)
      for (let T = 1; T <= maxT; T++)
        for (let k = 1; k <= T; k++)
          for (const gradients of ['lipschitz', 'second-moment'] as const)
            out.push({ n: Number(n), schedule, c: 1, T, k, gradients });
  return [...out, ...BEYOND];
}
