/**
 * Typed errors. Each says what was wrong and what would be valid, so a failing
 * sweep cell or a bad CLI flag explains itself without a stack trace.
 */
const BRANDS = Symbol.for('fwa-theorems.error-brands');

/**
 * The base of the suite's typed errors. `instanceof` also recognizes an error thrown by another copy
 * of this module: the compiled CLI (dist/) that loads a TypeScript catalog importing src/ holds two
 * copies, and an error thrown by one must be recognized by the other (a bad --trial, a sweep cell
 * outside the hypotheses, a bad catalog). Each class names itself in a static `brand` (bundlers may
 * rename classes); an instance carries the brands of its class and of every ancestor, so
 * `catalogError instanceof InvalidParameterError` holds across copies as it does within one.
 */
abstract class SuiteError extends Error {
  static override [Symbol.hasInstance](v: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, v)) return true;
    const own = Object.hasOwn(this, 'brand') ? (this as unknown as { brand: string }).brand : undefined;
    const brands = v instanceof Error ? (v as unknown as Record<symbol, unknown>)[BRANDS] : undefined;
    return own !== undefined && Array.isArray(brands) && brands.includes(own);
  }
  constructor(message: string) {
    super(message);
    const brands: string[] = [];
    for (let c: unknown = new.target; c && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c as object, 'brand')) brands.push((c as { brand: string }).brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands });
  }
}

export class InvalidParameterError extends SuiteError {
  static readonly brand: string = 'InvalidParameterError';
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
  static override readonly brand = 'CatalogError';
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

export class HypothesisError extends SuiteError {
  static readonly brand: string = 'HypothesisError';
  constructor(
    readonly theorem: string,
    readonly hypothesis: string,
    readonly detail: string,
  ) {
    super(`theorem ${theorem}: hypothesis "${hypothesis}" violated: ${detail}`);
    this.name = 'HypothesisError';
  }
}

export class DivergenceError extends SuiteError {
  static readonly brand: string = 'DivergenceError';
  constructor(
    readonly step: number,
    readonly detail: string,
  ) {
    super(`iterate became non-finite at step t = ${step}: ${detail}`);
    this.name = 'DivergenceError';
  }
}

/**
 * An exact expectation was asked of an instance with more index paths than the budget allows: n^(b·T)
 * paths (n examples, batch b, T steps) against the budget.
 */
export class EnumerationBudgetError extends Error {
  constructor(
    readonly n: number,
    readonly T: number,
    readonly batch: number,
    readonly paths: number,
    readonly budget: number,
  ) {
    super(
      `cannot enumerate n^(b·T) = ${n}^(${batch}·${T}) = ${paths} index paths (n = ${n}, T = ${T}, batch b = ${batch}): ` +
        `the budget is ${budget} paths; use a smaller n or T, raise the budget, or sample instead`,
    );
    this.name = 'EnumerationBudgetError';
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

/**
 * A file the suite reads (results, ledger, audit summary, certificates) that cannot be parsed or
 * has the wrong shape. Names the file and the 1-based line; the file is never rewritten when this
 * is thrown, so the reader can inspect or move it.
 */
export class CorruptFileError extends SuiteError {
  static readonly brand: string = 'CorruptFileError';
  constructor(
    /** What the file is, e.g. 'results file', 'ledger file'. */
    readonly kind: string,
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(
      `corrupt ${kind} ${file}, line ${line}: ${detail}. The file was left untouched; move it away or fix that line, then run again.`,
    );
    this.name = 'CorruptFileError';
  }
}

/**
 * A write the run needs failed (disk full, quota, read-only file system). What was already on disk
 * is intact: JSON files are replaced atomically and results.jsonl only ever gains whole lines.
 */
export class OutputWriteError extends SuiteError {
  static readonly brand: string = 'OutputWriteError';
  constructor(
    readonly file: string,
    readonly code: string,
    detail: string,
  ) {
    super(
      `cannot write ${file} (${code}${code === 'ENOSPC' ? ': no space left on the device' : ''}): ${detail}. Files already written are intact; free space and continue with --resume.`,
    );
    this.name = 'OutputWriteError';
  }
}

/** Another process holds the run directory's lock: one writer per run directory. */
export class RunLockedError extends SuiteError {
  static readonly brand: string = 'RunLockedError';
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(
      `run directory ${dir} is in use by ${holder}. Wait for it to finish, or choose another --out; a lock left by a process that died is taken over automatically.`,
    );
    this.name = 'RunLockedError';
  }
}

/**
 * A trial that is not a trial: a field missing or of the wrong type (an `instance: null`, a seed that
 * is not an integer). Names the theorem, the field, what it holds and the fix. Thrown before the trial
 * runs, so the message is about the trial and never a TypeError from deep inside the engine.
 */
export class MalformedTrialError extends SuiteError {
  static readonly brand: string = 'MalformedTrialError';
  constructor(
    readonly theorem: string,
    readonly field: string,
    readonly value: unknown,
    readonly fix: string,
  ) {
    super(`theorem ${theorem}: trial.${field} = ${formatValue(value)}. Fix: ${fix}`);
    this.name = 'MalformedTrialError';
  }
}

/**
 * A check returned an outcome no verdict can rest on: a measured value or a bound that is NaN or not a
 * number (a complex value, undefined), an unknown verdict. An error of the check, never a violation.
 */
export class MalformedOutcomeError extends SuiteError {
  static readonly brand: string = 'MalformedOutcomeError';
  constructor(
    readonly theorem: string,
    readonly field: string,
    readonly value: unknown,
  ) {
    super(
      `theorem ${theorem}: the check returned outcome.${field} = ${formatValue(value)}; a verdict needs a real number there. ` +
        'Fix the check (a NaN usually comes from 0/0 or a missing constant; a complex bound from a root of a negative number)',
    );
    this.name = 'MalformedOutcomeError';
  }
}
