import { InvalidParameterError } from './errors';

/** Parameter validators shared by the engine, the generators and the theory. */
export function requireInteger(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw new InvalidParameterError(name, v, range);
  }
  return v;
}

export function requirePositive(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
    throw new InvalidParameterError(name, v, 'a finite number > 0');
  }
  return v;
}

export function requireNonNegative(name: string, v: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new InvalidParameterError(name, v, 'a finite number ≥ 0');
  }
  return v;
}

export function requireFiniteArray(name: string, a: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i])) {
      throw new InvalidParameterError(`${name}[${i}]`, a[i], 'a finite number');
    }
  }
}
