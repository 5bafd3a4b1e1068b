import { InvalidParameterError } from '../errors';
import type { InstanceSpec } from './instance';

/**
 * How an arbitrary draws a parameter. `int`: uniform integer in [lo, hi] (shrinks to lo).
 * `log2`: 2^(e/steps) for an integer e ∈ [lo, hi], so a scale parameter is log-uniform over a grid
 * of exactly representable, printable values (plain fc.double is biased to extremes and subnormals)
 * and shrinks towards e = 0, i.e. towards 1. `fixed`: always the default.
 */
export type ParamDraw =
  { kind: 'int'; lo: number; hi: number } | { kind: 'log2'; lo: number; hi: number; steps: number } | { kind: 'fixed' };

/** A numeric parameter of a generator: its validation range, default and how arbitraries draw it. */
export interface ParamSpec {
  name: string;
  integer: boolean;
  min: number;
  /** The lower end is excluded (e.g. R > 0). */
  minExclusive?: boolean;
  max: number;
  default: number;
  description: string;
  draw: ParamDraw;
}

export type Params = Readonly<Record<string, number>>;

function describeRange(p: ParamSpec): string {
  const kind = p.integer ? 'an integer' : 'a finite number';
  const lo = p.minExclusive ? `> ${p.min}` : `≥ ${p.min}`;
  return p.max === Infinity ? `${kind} ${lo}` : `${kind} ${lo} and ≤ ${p.max}`;
}

/**
 * Validates a spec's parameters against the generator's list and fills the defaults. Every error
 * names `<generator>.<parameter>`, the value, and what would be valid.
 */
export function readParams(
  generator: string,
  specs: readonly ParamSpec[],
  raw: InstanceSpec['params'] | undefined,
): Params {
  const known = new Map(specs.map((p) => [p.name, p]));
  const given = raw ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidParameterError(`${generator}.params`, given, 'an object of numeric parameters');
  }
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      throw new InvalidParameterError(
        `${generator}.${key}`,
        given[key],
        `one of the parameters ${[...known.keys()].join(', ') || '(none)'}`,
      );
    }
  }
  const out: Record<string, number> = {};
  for (const p of specs) out[p.name] = checkParam(generator, p, p.name in given ? given[p.name] : p.default);
  return out;
}

function checkParam(generator: string, p: ParamSpec, v: unknown): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!p.integer || Number.isInteger(v)) &&
    (p.minExclusive ? v > p.min : v >= p.min) &&
    v <= p.max;
  if (!ok) throw new InvalidParameterError(`${generator}.${p.name}`, v, describeRange(p));
  return v as number;
}

/** Shared parameter definitions, so every generator names and bounds them alike. */
export const P = {
  d: (hi = 8): ParamSpec => ({
    name: 'd',
    integer: true,
    min: 1,
    max: 1_000_000,
    default: 2,
    description: 'dimension',
    draw: { kind: 'int', lo: 1, hi },
  }),
  n: (hi = 32, lo = 2): ParamSpec => ({
    name: 'n',
    integer: true,
    min: 1,
    max: 10_000_000,
    default: 8,
    description: 'number of examples',
    draw: { kind: 'int', lo, hi },
  }),
  R: (): ParamSpec => ({
    name: 'R',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1e6,
    default: 1,
    description: 'radius of the ball W',
    draw: { kind: 'log2', lo: -4, hi: 4, steps: 2 },
  }),
  Rx: (): ParamSpec => ({
    name: 'Rx',
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1e6,
    default: 1,
    description: 'bound on the data norm ‖x‖',
    draw: { kind: 'log2', lo: -4, hi: 4, steps: 2 },
  }),
  scale: (name: string, description: string, def = 1, lo = -4, hi = 4): ParamSpec => ({
    name,
    integer: false,
    min: 0,
    minExclusive: true,
    max: 1e6,
    default: def,
    description,
    draw: { kind: 'log2', lo, hi, steps: 2 },
  }),
  nonNegative: (name: string, description: string, def: number, lo: number, hi: number): ParamSpec => ({
    name,
    integer: false,
    min: 0,
    max: 1e6,
    default: def,
    description,
    draw: { kind: 'log2', lo, hi, steps: 2 },
  }),
  int: (name: string, description: string, def: number, min: number, max: number, hi: number): ParamSpec => ({
    name,
    integer: true,
    min,
    max,
    default: def,
    description,
    draw: { kind: 'int', lo: min, hi },
  }),
} as const;
