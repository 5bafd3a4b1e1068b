import type { GramForm } from './algebra';
import type { Inequality } from './classes/types';

/**
 * What the solver (solve.ts) and the certificate checks (certificate.ts) need of a performance-estimation
 * problem, whatever method it describes: the deterministic subgradient method (problem.ts) or SGD over the
 * scenario tree of its index draws (stochastic/). Every inequality `form ≤ 0` and the objective are
 * linear in the Gram matrix P (n × n) and the scalars f ≥ 0 (nf of them).
 */
export interface GramProblem {
  n: number;
  nf: number;
  /** The inequalities, by stable key (forms built lazily, on demand). */
  inequalities: Inequality<GramForm>[];
  /** What is maximised. */
  objective: GramForm;
  /** Every inequality's value (≤ 0 when satisfied) at an explicit primal (P, f): what constraint generation checks. */
  values(P: Float64Array, f: Float64Array): Map<string, number>;
  /** Whether an inequality is in the first round of constraint generation (problems too large to solve whole). */
  initiallyGenerated(key: string): boolean;
  /** Keys of inequalities to add with a violated one (likely to bind with it); keys the problem lacks are ignored. */
  companions?(key: string): string[];
  /**
   * A priori bounds over the feasible set: P_kk ≤ gramDiagonal[k] and f_j ≤ scalar. They let a dual slack
   * matrix that is PSD only up to a small shift still certify an upper bound; null when there are none.
   */
  bounds: { gramDiagonal: Float64Array; scalar: number } | null;
}
