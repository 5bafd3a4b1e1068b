/**
 * Typed errors. Each says what was wrong and what would be valid, so a failing
 * sweep cell or a bad CLI flag explains itself without a stack trace.
 */
/**
 * `instanceof` for these errors compares names, not class objects: the compiled CLI (dist/) that
 * loads a TypeScript catalog importing src/ holds two copies of this module, and an error thrown by
 * one copy must be recognized by the other (a bad --trial, a sweep cell outside the hypotheses).
 */
function named(v: unknown, name: string): boolean {
  return v instanceof Error && v.name === name;
}

export class InvalidParameterError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return named(v, 'InvalidParameterError');
  }
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`invalid ${parameter} = ${formatValue(value)}: expected ${expected}`);
    this.name = 'InvalidParameterError';
  }
}

/**
 * A user's catalog module that cannot be run: it names the file, what is wrong with it and the fix.
 * An InvalidParameterError, so every command treats it as bad input (exit 2).
 */
export class CatalogError extends InvalidParameterError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super('catalog', file, fix);
    this.message = `catalog ${file}: ${problem}. Fix: ${fix}`;
    this.name = 'CatalogError';
  }
}

export class HypothesisError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return named(v, 'HypothesisError');
  }
  constructor(
    readonly theorem: string,
    readonly hypothesis: string,
    readonly detail: string,
  ) {
    super(`theorem ${theorem}: hypothesis "${hypothesis}" violated: ${detail}`);
    this.name = 'HypothesisError';
  }
}

export class DivergenceError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    return named(v, 'DivergenceError');
  }
  constructor(
    readonly step: number,
    readonly detail: string,
  ) {
    super(`iterate became non-finite at step t = ${step}: ${detail}`);
    this.name = 'DivergenceError';
  }
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
