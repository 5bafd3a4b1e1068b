import { szHorizonForEngineSteps, type Convention } from '../engine/convention';
import { HypothesisError, InvalidParameterError } from '../errors';
import type { TheoremCheck } from './check';
import { FUNCTION_CLASSES, type FunctionClass } from '../objectives/function-class';
import { compileBound, type CompiledBound } from './expr';
import type { Scope } from './scope';

/**
 * The Theorem contract: a theorem is one value, not a test body. It carries its statement (bound,
 * hypotheses, convention), the relation it states between other theorems (by value) and its check
 * (how it is measured). Tests, audit reports, the constants guard and the ledger all read these
 * values; none restates a formula or finds a check by id.
 */
export type TheoremStatus = 'classical' | 'derived' | 'paper-reading';
export type TheoremFamily = 'convergence' | 'stability' | 'algebra';
/** upper: measure ≤ bound; equality: identities; ordering: bound A ≤ bound B. */
export type TheoremKind = 'upper' | 'equality' | 'ordering';
export type MeasureMode = 'pathwise' | 'expectation';

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
  /** e.g. "Hardt–Recht–Singer 2016 Thm 3.8", "derived: G1 at a constant step". */
  source: string;
  /** The section of docs/theory that states or derives it, e.g. "docs/theory/stability.md#g2-constant-step". */
  reference: string;
  status: TheoremStatus;
  family: TheoremFamily;
  kind: TheoremKind;
  /**
   * Which counting of T the formula uses (src/engine/convention.ts). `evaluate` reads T in this
   * convention; `forEngineRun` converts a scope whose T counts engine updates.
   */
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
  /** For a paper reading: the derived theorem it is a printed form of (the guard compares the two). */
  readingOf?: Theorem;
  /** For relations between bounds (orderings, ratio identities): the two sides, by value. */
  relation?: Relation;
}

/** One side of a relation: a theorem's bound, evaluated at the relation's scope with k shifted by kShift. */
export interface BoundSide {
  theorem: Theorem;
  /** Evaluate at k + kShift (monotonicity in k compares window k + 1 with window k). */
  kShift?: number;
}

/**
 * A relation between registry bounds at the same parameters; the entry's kind says which:
 *   'ordering': lhs(scope) ≤ rhs(scope), and the entry's bound is the symbol B standing for rhs;
 *   'equality': lhs(scope) / rhs(scope) equals the entry's own bound expression (a ratio identity).
 */
export interface Relation {
  lhs: BoundSide;
  rhs: BoundSide;
}

/** The measure of every relation entry. */
export const BOUND_RELATION = {
  description: 'a relation between registry bounds at the same parameters (exact up to float tolerance)',
  mode: 'pathwise' as const,
};

/** The scope a side is evaluated at. */
export function sideScope(side: BoundSide, scope: Scope): Scope {
  return side.kShift ? { ...scope, k: scope.k + side.kShift } : scope;
}

/** How a theorem is measured, written against the theorem value itself (never an id). */
export type CheckBuilder = (theorem: Theorem) => TheoremCheck;

/** What defineTheorem takes: the statement, and optionally how to check it. */
export interface TheoremDefinition extends TheoremSpec {
  check?: CheckBuilder;
}

export interface Theorem extends TheoremSpec {
  readonly compiled: CompiledBound;
  /** How the theorem is measured (absent: a statement the suite does not measure yet). */
  readonly check?: TheoremCheck;
  /** Throws HypothesisError naming the first violated hypothesis. */
  assertHypotheses(scope: Scope): void;
  /** Validates the hypotheses, then evaluates the bound (T in the theorem's own convention). */
  evaluate(scope: Scope): number;
  /** The horizon T of the formula for an engine run of `steps` updates (T + 1 in Shamir–Zhang's counting). */
  horizonFor(steps: number): number;
  /** A scope whose T counts engine updates, converted to the theorem's convention. */
  forEngineRun(scope: Scope): Scope;
  tex(): string;
}

export function defineTheorem(definition: TheoremDefinition): Theorem {
  const { check, ...spec } = definition;
  const unknown = spec.classes.filter((c) => !(FUNCTION_CLASSES as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new InvalidParameterError(
      `classes of theorem ${spec.id}`,
      unknown,
      `function classes the generators produce: ${FUNCTION_CLASSES.join(', ')}`,
    );
  }
  // Compiled on first use, not here: listing the registry (`fwa-theorems list`) must not load the
  // formula engine (src/theory/expr.ts). The registry test compiles every bound.
  let compiledBound: CompiledBound | undefined;
  const compile = (): CompiledBound => {
    if (!compiledBound) {
      const c = compileBound(spec.bound);
      const missing = c.symbols.filter((s) => !(s in spec.symbols));
      if (missing.length > 0) {
        throw new InvalidParameterError(
          `symbols of theorem ${spec.id}`,
          missing,
          `a meaning for every symbol of the bound "${spec.bound}": add ${missing.map((m) => `${m}: '…'`).join(', ')} to symbols`,
        );
      }
      compiledBound = c;
    }
    return compiledBound;
  };
  const assertHypotheses = (scope: Scope): void => {
    for (const h of spec.hypotheses) {
      const why = h.check(scope);
      if (why !== null) throw new HypothesisError(spec.id, h.id, why);
    }
  };
  const horizonFor = (steps: number): number => (spec.convention === 'sz' ? szHorizonForEngineSteps(steps) : steps);
  const theorem: Theorem = {
    ...spec,
    get compiled() {
      return compile();
    },
    assertHypotheses,
    evaluate(scope: Scope): number {
      assertHypotheses(scope);
      return compile().evaluate(scope);
    },
    horizonFor,
    forEngineRun: (scope) => ('T' in scope ? { ...scope, T: horizonFor(scope.T) } : scope),
    tex: () => compile().tex(),
  };
  // The check is built against the finished value, so it reads the theorem's bound and hypotheses directly.
  return check ? Object.assign(theorem, { check: check(theorem) }) : theorem;
}

/** The theorem's check, or a typed error naming the theorem (for callers that need one). */
export function checkOf(theorem: Theorem): TheoremCheck {
  if (!theorem.check) {
    throw new InvalidParameterError(
      `check of theorem ${theorem.id}`,
      undefined,
      'a theorem defined with check: … (src/measure/ builds one)',
    );
  }
  return theorem.check;
}
