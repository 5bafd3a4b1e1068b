import type { Objective } from '../engine/objective';

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

/** Constants the theorems consume, each certified (see src/objectives/README or each generator). */
export interface CertifiedConstants {
  d: number;
  n: number;
  /** W = ball of radius R (Infinity: unconstrained). */
  R: number;
  /** Diameter of W (2R). */
  D: number;
  /** Lipschitz constant of every f(·; z) on W. */
  L: number;
  /** Bound on E‖g‖² ≤ G² on W (G ≤ L). */
  G: number;
  /** Smoothness β (Infinity for non-smooth). */
  beta: number;
  /** Strong convexity μ (0 if none). */
  mu: number;
  convex: boolean;
  /** f(w; z) ∈ [lossMin, lossMax] on W, where certified (non-convex stability needs [0, M]). */
  lossRange?: [number, number];
  /** min_W F_S. */
  Fstar: number;
  /** How F* was certified: "closed form: …" or "solver: … duality gap ≤ …". */
  FstarCertificate: string;
}

export interface Instance {
  spec: InstanceSpec;
  objective: Objective;
  constants: CertifiedConstants;
  /** Population risk F(w) where the data come from a known distribution. */
  populationRisk?: (w: Float64Array) => number;
  /** S^(i): the same instance with example i replaced (for coupled stability runs). */
  neighbour?: (i: number) => Objective;
}
