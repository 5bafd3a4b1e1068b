import fc, { type Arbitrary } from 'fast-check';
import type { FunctionClass } from './function-class';
import type { Generator } from './generator';
import { generatorsFor, getGenerator } from './index';
import type { InstanceSpec } from './instance';
import type { ParamSpec } from './params';

export interface InstanceArbOptions {
  /** Upper bound on the problem dimension d (default 8). */
  maxD?: number;
  /** Bounds on the number of examples n (defaults 2 and 32). */
  minN?: number;
  maxN?: number;
  /** Only these generators (by name). */
  generators?: readonly string[];
  /** Also require these classes (e.g. 'strongly-convex' with also: ['convex-smooth'] for smooth ones). */
  also?: readonly FunctionClass[];
  /** Include the hard constructions (Harvey: d = T, n = 1). */
  includeHard?: boolean;
  /** Parameters held fixed (e.g. { R: 1 }); a parameter a generator does not have is ignored for it. */
  fixed?: Readonly<Record<string, number>>;
}

/**
 * THE log-scale arbitrary of the suite: 2^(e/steps) for an integer exponent e ∈ [lo, hi]. Exactly
 * printable (no subnormals or extremes), log-uniform, shrinking towards e = 0 (the value 1) or the
 * end of [lo, hi] nearest to it.
 */
export function log2Grid(lo: number, hi: number, steps: number): Arbitrary<number> {
  return fc.integer({ min: lo, max: hi }).map((e) => 2 ** (e / steps));
}

/** An integer drawn log-uniformly from [lo, hi] (shrinks towards lo). */
export function logInt(lo: number, hi: number): Arbitrary<number> {
  const a = Math.log(lo);
  const b = Math.log(hi);
  return fc
    .integer({ min: 0, max: 1000 })
    .map((u) => Math.min(hi, Math.max(lo, Math.round(Math.exp(a + ((b - a) * u) / 1000)))));
}

/**
 * One parameter: integers uniform in their range (shrinking to the low end, so dimensions and sample
 * sizes shrink towards small values); scale parameters log-uniform over 2^(e/steps), e an integer
 * (exactly printable, no subnormals or extremes), shrinking towards 1.
 */
export function paramArb(p: ParamSpec, opts: InstanceArbOptions = {}): Arbitrary<number> {
  const fixed = opts.fixed?.[p.name];
  if (fixed !== undefined) return fc.constant(fixed);
  const draw = p.draw;
  switch (draw.kind) {
    case 'fixed':
      return fc.constant(p.default);
    case 'int': {
      let lo = draw.lo;
      let hi = draw.hi;
      if (p.name === 'd' && opts.maxD !== undefined) hi = Math.min(hi, opts.maxD);
      if (p.name === 'n') {
        if (opts.maxN !== undefined) hi = opts.maxN;
        if (opts.minN !== undefined) lo = opts.minN;
      }
      return fc.integer({ min: lo, max: Math.max(lo, hi) });
    }
    case 'log2':
      return log2Grid(draw.lo, draw.hi, draw.steps);
  }
}

/** Dimension of a generator's instance from its parameters (d, or the construction's own). */
function dimensionOf(g: Generator, params: Record<string, number>): number {
  if (g.name === 'tanh-net') return params.p * params.width;
  if (g.name.startsWith('harvey')) return params.T;
  return params.d;
}

/** Specs of one generator. Seeds are 32-bit integers shrinking towards 0. */
export function generatorSpecArb(g: Generator, opts: InstanceArbOptions = {}): Arbitrary<InstanceSpec> {
  const rec: Record<string, Arbitrary<number>> = {};
  for (const p of g.params) rec[p.name] = paramArb(p, opts);
  // A dimension fixed by the caller is allowed past the default cap (else every draw is filtered).
  const maxD = opts.maxD ?? Math.max(8, opts.fixed?.d ?? 0, (opts.fixed?.p ?? 0) * (opts.fixed?.width ?? 1));
  return fc
    .record({ params: fc.record(rec), seed: fc.nat({ max: 0x7fffffff }) })
    .filter(({ params }) => g.hard === true || dimensionOf(g, params) <= maxD)
    .map(({ params, seed }) => ({ generator: g.name, params: { ...params }, seed }));
}

/**
 * Specs of every generator of the class (hard constructions excluded unless asked), as printable
 * JSON values: a counterexample prints the spec, and buildInstance(spec) replays it bit for bit.
 */
export function instanceSpecArb(cls: FunctionClass, opts: InstanceArbOptions = {}): Arbitrary<InstanceSpec> {
  let gens = generatorsFor(cls, { includeHard: opts.includeHard });
  if (opts.generators) {
    const wanted = new Set(opts.generators);
    for (const name of wanted) getGenerator(name);
    gens = gens.filter((g) => wanted.has(g.name));
  }
  if (opts.also) gens = gens.filter((g) => opts.also!.every((c) => g.classes.includes(c)));
  if (gens.length === 0) throw new Error(`no generator of class ${cls} matches the options ${JSON.stringify(opts)}`);
  return fc.oneof(...gens.map((g) => generatorSpecArb(g, opts)));
}
