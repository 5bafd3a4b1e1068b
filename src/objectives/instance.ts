import type { AveragerSpec } from '../engine/averaging';
import type { ConvexDomain } from '../engine/domain';
import type { Objective } from '../engine/objective';
import type { ScheduleSpec } from '../engine/schedule';

/**
 * A printable, JSON-serialisable description of a problem instance: enough to rebuild it bit for
 * bit (build(spec) is deterministic), so a counterexample can be stored and replayed.
 */
export interface InstanceSpec {
  /** Generator name, e.g. "logistic", "hinge", "linear-attaining", "harvey-convex". */
  generator: string;
  params: Record<string, number | string | boolean>;
  /** Seed of the data. */
  seed: number;
}

/**
 * Constants the theorems consume, each certified (see each generator). L, β, μ and the loss range
 * hold for every example f(·; z) on W, so they hold for every neighbouring data set too; G is for the
 * data set S itself (a neighbour S^(i) still has mean ‖g‖² ≤ L²).
 */
export interface CertifiedConstants {
  d: number;
  n: number;
  /** W = ball of radius R (Infinity: unconstrained); with Instance.domain, W is that set and lies in this ball around 0. */
  R: number;
  /** Diameter of W (2R). */
  D: number;
  /** Lipschitz constant of every f(·; z) on W. */
  L: number;
  /** E_i ‖∇f(w; z_i)‖² ≤ G² for every w ∈ W, i uniform on S (G ≤ L). */
  G: number;
  /** Smoothness β (Infinity for non-smooth). */
  beta: number;
  /** Strong convexity μ (0 if none). */
  mu: number;
  convex: boolean;
  /** f(w; z) ∈ [lossMin, lossMax] on W, where certified (non-convex stability needs [0, M]). */
  lossRange?: [number, number];
  /** A certified lower bound of min_W F_S (equal to it where FstarGap = 0): F_S(w) ≥ F* on W. */
  Fstar: number;
  /** How F* was certified: "closed form: …" or "solver: … duality gap ≤ …". */
  FstarCertificate: string;
  /**
   * F* is a certified lower bound of min_W F_S within this gap of it: min_W F_S − F* ≤ FstarGap
   * (0 for a closed form; Infinity when only a lower bound is known, e.g. non-convex losses).
   */
  FstarGap?: number;
  /** Smoothness of F_S itself where it is known exactly and smaller than the per-example β. */
  betaF?: number;
  /** Strong convexity of F_S itself (μ above is per example, which implies it for F_S). */
  muF?: number;
  /** The minimiser of F_S over W where it is known in closed form. */
  wStar?: number[];
}

export interface Instance {
  spec: InstanceSpec;
  objective: Objective;
  constants: CertifiedConstants;
  /** W when it is not the ball of radius R (the engine projects onto it instead). */
  domain?: ConvexDomain;
  /**
   * The one run an instance is built for (a worst case attains its certified value only there); a
   * check that runs it with another schedule, T or averager refuses the trial.
   */
  intendedRun?: { T: number; schedule: ScheduleSpec; averager: AveragerSpec; label: string };
  /** Population risk F(w) where the data come from a known distribution (how: populationRiskMethod). */
  populationRisk?: (w: Float64Array) => number;
  /** "closed form: …" or "Monte Carlo: m held-out draws, seed …" (with its standard error scale). */
  populationRiskMethod?: string;
  /** S^(i): the same instance with example i replaced (for coupled stability runs). */
  neighbour?: (i: number) => Objective;
  /**
   * Data drawn i.i.d. from a distribution with finitely many atoms: E over the data set S is then a finite
   * sum over the atoms^n data sets, which src/measure/exact.ts computes.
   */
  finiteSupport?: FiniteSupport;
}

export interface FiniteSupport {
  /** Number of atoms m; atom a ∈ [0, m). */
  atoms: number;
  /** P(z = atom a). */
  probability(a: number): number;
  /** The instance on the data set whose example i is atom assignment[i]. */
  dataSet(assignment: Int32Array): Instance;
}

/** Constants on the ball of radius R: D = 2R, and G = L unless a smaller G is certified. */
export function ballConstants(c: Omit<CertifiedConstants, 'D' | 'G'> & { G?: number }): CertifiedConstants {
  return { ...c, D: 2 * c.R, G: c.G ?? c.L };
}
