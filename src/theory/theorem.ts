import type { Convention } from '../engine/convention';
import { HypothesisError } from '../errors';
import { compileBound, type CompiledBound } from './expr';

/**
 * The Theorem contract (design.md): a theorem is a value, not a test body. Tests, proof checks,
 * audit reports and the constants ledger all read the registry; none restates a formula.
 */
export type TheoremStatus = 'classical' | 'derived' | 'paper-reading';
export type TheoremFamily = 'convergence' | 'stability' | 'algebra';
/** upper: measure ≤ bound; equality: identities; ordering: bound A ≤ bound B. */
export type TheoremKind = 'upper' | 'equality' | 'ordering';
export type MeasureMode = 'pathwise' | 'expectation';

/** The function classes the generators produce (src/objectives/). */
export type FunctionClass =
  'convex-smooth' | 'convex-nonsmooth' | 'strongly-convex' | 'nonconvex-smooth-bounded' | 'linear';

/** Numeric parameters of a theorem instance (T, k, c, L, n, …): the bound's scope. */
export type Scope = Record<string, number>;

export interface Hypothesis {
  /** Short stable name, e.g. "k in [1, T]", "alpha <= 2/beta". */
  id: string;
  /** Returns null when the hypothesis holds, else a sentence saying what is wrong and what is valid. */
  check(scope: Scope): string | null;
}

export interface TheoremSpec {
  /** Stable kebab-case id (matches bound-vectors.json where the bound appears there). */
  id: string;
  title: string;
  /** e.g. "Hardt–Recht–Singer 2016 Thm 3.8", "derived: fwa-theory.md §3.2". */
  source: string;
  /** Section of ../shared/paper/ that states or derives it. */
  reference: string;
  status: TheoremStatus;
  family: TheoremFamily;
  kind: TheoremKind;
  /** Which counting of T the formula uses; engine runs convert explicitly (src/engine/convention.ts). */
  convention: Convention;
  /** The function classes the theorem quantifies over. */
  classes: FunctionClass[];
  hypotheses: Hypothesis[];
  measure: { description: string; mode: MeasureMode };
  /** One mathjs expression in the restricted instance (src/theory/expr.ts). */
  bound: string;
  /** Meaning of every symbol of the bound. */
  symbols: Record<string, string>;
  /** For kind 'ordering' / reductions: the id of the parent bound (e.g. the SGD bound at k = 1). */
  parent?: string;
}

export interface Theorem extends TheoremSpec {
  readonly compiled: CompiledBound;
  /** Throws HypothesisError naming the first violated hypothesis. */
  assertHypotheses(scope: Scope): void;
  /** Validates the hypotheses, then evaluates the bound. */
  evaluate(scope: Scope): number;
  tex(): string;
}

export function defineTheorem(spec: TheoremSpec): Theorem {
  const compiled = compileBound(spec.bound);
  const missing = compiled.symbols.filter((s) => !(s in spec.symbols));
  if (missing.length > 0) {
    throw new Error(`theorem ${spec.id}: symbols ${missing.join(', ')} of the bound are not documented in symbols`);
  }
  const assertHypotheses = (scope: Scope): void => {
    for (const h of spec.hypotheses) {
      const why = h.check(scope);
      if (why !== null) throw new HypothesisError(spec.id, h.id, why);
    }
  };
  return {
    ...spec,
    compiled,
    assertHypotheses,
    evaluate(scope: Scope): number {
      assertHypotheses(scope);
      return compiled.evaluate(scope);
    },
    tex: () => compiled.tex(),
  };
}
