import { all, create, type EvalFunction, type MathNode } from 'mathjs';
import { InvalidParameterError } from '../errors';

/**
 * The restricted mathjs instance every bound is written in. Units are removed (in the default
 * instance `T` is a tesla and `L` a litre), so every identifier is a symbol that must come from
 * the scope, or one of the functions below.
 */
const factories = Object.fromEntries(Object.entries(all).filter(([name]) => !/unit/i.test(name)));
export const math = create(factories);

/** H_m = Σ_{j=1}^{m} 1/j, H_0 = 0; summed from small terms up (exact to a few ulps). */
export function harmonic(m: number): number {
  if (!Number.isInteger(m) || m < 0) throw new InvalidParameterError('H(m): m', m, 'an integer ≥ 0');
  return harmonicDiff(m, 0);
}

/** H_a − H_b = Σ_{j=b+1}^{a} 1/j for a ≥ b ≥ 0, summed directly: no cancellation. */
export function harmonicDiff(a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || b < 0 || a < b) {
    throw new InvalidParameterError('Hdiff(a, b)', [a, b], 'integers a ≥ b ≥ 0');
  }
  let s = 0;
  for (let j = a; j > b; j--) s += 1 / j;
  return s;
}

/** A = (1/k) Σ_{i=T−k+1}^{T} i^q: the window mean of i^q (non-convex FWA stability, G5). */
export function windowPowerMean(T: number, k: number, q: number): number {
  if (!Number.isInteger(T) || !Number.isInteger(k) || k < 1 || k > T) {
    throw new InvalidParameterError('powmean(T, k, q)', [T, k], 'integers 1 ≤ k ≤ T');
  }
  let s = 0;
  for (let i = T - k + 1; i <= T; i++) s += Math.pow(i, q);
  return s / k;
}

/**
 * Σ_{t=1}^{T} min{1, (T−t+1)/k} · t^(−p): the FWA tail masses times the step shape t^(−p)
 * (G1 for steps α_t = c·t^(−p): p = 0 constant, 1/2 for c/√t, 1 for c/t). Summed from t = T down,
 * all terms positive, so there is no cancellation.
 */
export function tailPowerSum(T: number, k: number, p: number): number {
  if (!Number.isInteger(T) || !Number.isInteger(k) || k < 1 || k > T) {
    throw new InvalidParameterError('tailpow(T, k, p)', [T, k], 'integers 1 ≤ k ≤ T');
  }
  if (!Number.isFinite(p) || p < 0) throw new InvalidParameterError('tailpow(T, k, p): p', p, 'a finite number ≥ 0');
  let s = 0;
  for (let t = T; t >= 1; t--) s += (Math.min(k, T - t + 1) / k) * Math.pow(t, -p);
  return s;
}

math.import(
  {
    H: harmonic,
    Hdiff: harmonicDiff,
    powmean: windowPowerMean,
    tailpow: tailPowerSum,
  },
  { override: false },
);

const customTex: Record<string, string> = {
  H: '{H_{${args[0]}}}',
  Hdiff: '\\left(H_{${args[0]}} - H_{${args[1]}}\\right)',
  powmean: '{A_{${args[1]}}}',
  tailpow: '\\sum_{t=1}^{${args[0]}}\\min\\left\\{1,\\tfrac{${args[0]}-t+1}{${args[1]}}\\right\\}t^{-${args[2]}}',
};

export interface CompiledBound {
  readonly expression: string;
  readonly node: MathNode;
  /** Free symbols the scope must provide. */
  readonly symbols: readonly string[];
  evaluate(scope: Record<string, number>): number;
  tex(): string;
}

const knownFunctions = new Set(['H', 'Hdiff', 'powmean', 'tailpow']);

/** Parses once; evaluate() refuses a scope that lacks a symbol or gives a non-finite value. */
export function compileBound(expression: string): CompiledBound {
  const node = math.parse(expression);
  const symbols = new Set<string>();
  node.traverse((n, _path, parent) => {
    if ((n as { isSymbolNode?: boolean }).isSymbolNode) {
      const name = (n as unknown as { name: string }).name;
      const isCallee =
        parent && (parent as { isFunctionNode?: boolean }).isFunctionNode && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && !(name in math && typeof (math as unknown as Record<string, unknown>)[name] !== 'function')) {
        symbols.add(name);
      } else if (isCallee && !knownFunctions.has(name) && typeof (math as unknown as Record<string, unknown>)[name] !== 'function') {
        throw new InvalidParameterError('bound function', name, 'a mathjs function or one of H, Hdiff, powmean, tailpow');
      }
    }
  });
  // pi and e are constants of the instance, not free symbols.
  symbols.delete('pi');
  symbols.delete('e');
  const code: EvalFunction = node.compile();
  const syms = [...symbols].sort();
  return {
    expression,
    node,
    symbols: syms,
    evaluate(scope: Record<string, number>): number {
      for (const s of syms) {
        const v = scope[s];
        if (typeof v !== 'number' || Number.isNaN(v)) {
          throw new InvalidParameterError(`scope.${s}`, v, `a number for symbol ${s} of "${expression}"`);
        }
      }
      const v = code.evaluate({ ...scope }) as unknown;
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new InvalidParameterError(`value of "${expression}"`, v, 'a real number (check the scope)');
      }
      return v;
    },
    tex(): string {
      return node.toTex({
        parenthesis: 'keep',
        implicit: 'hide',
        handler: (n: MathNode) => {
          const f = n as unknown as { isFunctionNode?: boolean; fn?: { name?: string }; args?: MathNode[] };
          if (f.isFunctionNode && f.fn?.name && f.fn.name in customTex) {
            const args = (f.args ?? []).map((a) => a.toTex({ parenthesis: 'keep', implicit: 'hide' }));
            return customTex[f.fn.name].replace(/\$\{args\[(\d)\]\}/g, (_m, i: string) => args[Number(i)]);
          }
          return undefined;
        },
      } as never);
    },
  };
}
