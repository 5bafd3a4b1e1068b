import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import type { EvalFunction, MathJsInstance, MathNode } from 'mathjs';
import { InvalidParameterError } from '../errors';
import { harmonic, harmonicDiff, tailPowerSum, windowPowerMean } from '../engine/series';

export { harmonic, harmonicDiff, tailPowerSum, windowPowerMean };

const requireModule = createRequire(import.meta.url);
let engine: MathJsInstance | undefined;

/**
 * The restricted mathjs instance every bound is written in. Units are removed (in the default
 * instance `T` is a tesla and `L` a litre), so every identifier is a symbol that must come from
 * the scope, or one of the functions below.
 *
 * Built on first use, through require (mathjs ships CommonJS too): importing mathjs and creating
 * the instance take about a second, which `fwa-theorems --help` and `list` never need, while
 * evaluate() must stay synchronous for the checks.
 */
export function formulaEngine(): MathJsInstance {
  if (!engine) {
    const { all, create } = requireModule('mathjs') as typeof MathJs;
    const factories = Object.fromEntries(Object.entries(all).filter(([name]) => !/unit/i.test(name)));
    engine = create(factories);
    engine.import(
      {
        H: harmonic,
        Hdiff: harmonicDiff,
        powmean: windowPowerMean,
        tailpow: tailPowerSum,
      },
      { override: false },
    );
  }
  return engine;
}

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
  const math = formulaEngine();
  const node = math.parse(expression);
  const symbols = new Set<string>();
  node.traverse((n, _path, parent) => {
    if ((n as { isSymbolNode?: boolean }).isSymbolNode) {
      const name = (n as unknown as { name: string }).name;
      const isCallee =
        parent &&
        (parent as { isFunctionNode?: boolean }).isFunctionNode &&
        (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && !(name in math && typeof (math as unknown as Record<string, unknown>)[name] !== 'function')) {
        symbols.add(name);
      } else if (
        isCallee &&
        !knownFunctions.has(name) &&
        typeof (math as unknown as Record<string, unknown>)[name] !== 'function'
      ) {
        throw new InvalidParameterError(
          'bound function',
          name,
          'a mathjs function or one of H, Hdiff, powmean, tailpow',
        );
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
