import { InvalidArgumentError } from 'commander';

/**
 * Argument parsers for numeric options, shared by every command. A bad value throws commander's
 * InvalidArgumentError, which commander reports with the flag the user typed
 * ("option '--seed <n>' argument 'abc' is invalid. …") and exits 2.
 */
export function integerArgument(min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected ${range}`);
    return n;
  };
}

export function numberArgument(min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number ≥ ${min}`);
    return n;
  };
}

/** A finite number > 0 (a step scale, a constant). */
export function positiveNumberArgument(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a finite number > 0');
  return n;
}

/** A seed: what FWA_SEED accepts (src/profile.ts), 32 bits. */
export const seedArgument = integerArgument(0, 0xffffffff);
