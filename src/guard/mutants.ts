import type { MathNode } from 'mathjs';
import { compileBound, formulaEngine, type CompiledBound } from '../theory/expr';

/**
 * Mutants of a bound expression, generated from its mathjs tree. A mutant is a plausible
 * typo in a printed constant: a constant scaled, a term dropped, an exponent nudged, an index off by
 * one, or the shape of the k/T dependence changed. The guard asks whether the suite notices each one.
 */
export type MutantKind = 'scale-constant' | 'scale-bound' | 'shift-index' | 'drop-term' | 'nudge-exponent' | 'shape';

export interface Mutant {
  /** Stable within one bound: kind plus the site and the change, e.g. "scale-constant#3x0.5". */
  id: string;
  kind: MutantKind;
  /** Human-readable change, e.g. "2 → 1 in 2 * a * L ^ 2 / n". */
  description: string;
  expression: string;
  compiled: CompiledBound;
}

/** Factors applied to every numeric constant (a printed constant scaled by 0.5 or 0.9). */
export const CONSTANT_FACTORS = [0.5, 0.9] as const;
/** Additive nudge of every exponent. */
export const EXPONENT_NUDGE = 0.1;

/** Custom functions whose first arguments are integer indices (src/theory/expr.ts). */
const INTEGER_ARGS: Record<string, number> = { H: 1, Hdiff: 2, powmean: 2, tailpow: 2 };

interface Site {
  node: MathNode;
  /** Inside an integer-index argument: scaling would leave the domain, so shift by ±1 instead. */
  integerPosition: boolean;
  /** The exponent of a power node. */
  exponentPosition: boolean;
}

type AnyNode = MathNode & {
  type: string;
  isConstantNode?: boolean;
  isOperatorNode?: boolean;
  isFunctionNode?: boolean;
  isParenthesisNode?: boolean;
  value?: unknown;
  op?: string;
  fn?: MathNode & { name?: string };
  args?: MathNode[];
  content?: MathNode;
};

const C = (v: number): MathNode => new (formulaEngine().ConstantNode)(v);
const op = (o: '+' | '-' | '*' | '/' | '^', fn: string, a: MathNode, b: MathNode): MathNode =>
  new (formulaEngine().OperatorNode)(o as never, fn as never, [a, b]);
const paren = (n: MathNode): MathNode => new (formulaEngine().ParenthesisNode)(n);
const call = (name: string, ...args: MathNode[]): MathNode => {
  const math = formulaEngine();
  return new math.FunctionNode(new math.SymbolNode(name), args);
};

function collectSites(root: MathNode): Site[] {
  const sites: Site[] = [];
  const walk = (n: AnyNode, integerPosition: boolean, exponentPosition: boolean): void => {
    sites.push({ node: n, integerPosition, exponentPosition });
    if (n.isFunctionNode && n.args) {
      const nInt = INTEGER_ARGS[n.fn?.name ?? ''] ?? 0;
      n.args.forEach((a, i) => walk(a as AnyNode, integerPosition || i < nInt, false));
      return;
    }
    if (n.isOperatorNode && n.args) {
      n.args.forEach((a, i) => walk(a as AnyNode, integerPosition, n.op === '^' && i === 1));
      return;
    }
    if (n.isParenthesisNode && n.content) {
      walk(n.content as AnyNode, integerPosition, exponentPosition);
      return;
    }
    n.forEach((child) => walk(child as AnyNode, integerPosition, false));
  };
  walk(root as AnyNode, false, false);
  return sites;
}

function replaceNode(root: MathNode, target: MathNode, replacement: MathNode): MathNode {
  return root.transform((n) => (n === target ? replacement : n));
}

const unwrap = (n: MathNode): AnyNode => {
  let m = n as AnyNode;
  while (m.isParenthesisNode && m.content) m = m.content as AnyNode;
  return m;
};

interface Candidate {
  kind: MutantKind;
  site: number;
  tag: string;
  description: string;
  node: MathNode;
}

/** The candidate changes at one site of the tree. */
function candidatesAt(site: Site, index: number): Candidate[] {
  const n = site.node as AnyNode;
  const out: Candidate[] = [];
  const add = (kind: MutantKind, tag: string, description: string, replacement: MathNode): void => {
    out.push({ kind, site: index, tag, description, node: replacement });
  };
  const here = n.toString();
  if (n.isConstantNode && typeof n.value === 'number') {
    const v = n.value;
    if (site.integerPosition) {
      for (const s of [-1, 1])
        if (v + s >= 0) add('shift-index', s > 0 ? '+1' : '-1', `index constant ${v} → ${v + s}`, C(v + s));
    } else if (site.exponentPosition) {
      for (const s of [-EXPONENT_NUDGE, EXPONENT_NUDGE])
        add('nudge-exponent', s > 0 ? '+' : '-', `exponent ${v} → ${round(v + s)}`, C(round(v + s)));
    } else {
      for (const f of CONSTANT_FACTORS)
        add('scale-constant', `x${f}`, `constant ${v} → ${round(v * f)}`, C(round(v * f)));
    }
    return out;
  }
  if (n.isOperatorNode && n.args?.length === 2) {
    const [a, b] = n.args;
    if (n.op === '+' || n.op === '-') {
      add('drop-term', 'keep-left', `drop term ${b.toString()} of ${here}`, a);
      if (n.op === '+') add('drop-term', 'keep-right', `drop term ${a.toString()} of ${here}`, b);
    }
    if (n.op === '^' && !unwrap(b).isConstantNode) {
      for (const s of [-EXPONENT_NUDGE, EXPONENT_NUDGE]) {
        const nudged = s > 0 ? op('+', 'add', b, C(EXPONENT_NUDGE)) : op('-', 'subtract', b, C(EXPONENT_NUDGE));
        add(
          'nudge-exponent',
          s > 0 ? '+' : '-',
          `exponent ${b.toString()} ${s > 0 ? '+' : '−'} ${EXPONENT_NUDGE}`,
          op('^', 'pow', a, paren(nudged)),
        );
      }
    }
    return out;
  }
  if (n.isFunctionNode && n.args) {
    const name = n.fn?.name;
    const [x, y, q] = n.args;
    if ((name === 'log' || name === 'ln') && n.args.length === 1) {
      const inner = unwrap(x);
      if (inner.isOperatorNode && inner.op === '/' && inner.args) {
        const [num, den] = inner.args;
        add(
          'shape',
          'log-halve',
          `${here} → log(${num.toString()}/(2·${den.toString()}))`,
          call('log', op('/', 'divide', num, paren(op('*', 'multiply', C(2), den)))),
        );
        add('shape', 'log-drop-denominator', `${here} → log(${num.toString()})`, call('log', num));
      }
    }
    if (name === 'sqrt' && n.args.length === 1) {
      add('shape', 'sqrt-to-linear', `${here} → ${x.toString()} (1/√T → 1/T where it divides)`, paren(x));
      for (const e of [0.5 - EXPONENT_NUDGE, 0.5 + EXPONENT_NUDGE])
        add(
          'nudge-exponent',
          e > 0.5 ? '+' : '-',
          `${here} → (${x.toString()})^${round(e)}`,
          op('^', 'pow', paren(x), C(round(e))),
        );
    }
    if (name === 'H' && n.args.length === 1) {
      add(
        'shape',
        'harmonic-to-log',
        `${here} → log(${x.toString()}) (H_m ≥ ln m: drops the Euler constant)`,
        call('log', x),
      );
    }
    if (name === 'Hdiff' && n.args.length === 2) {
      add(
        'shape',
        'harmonic-diff-to-log',
        `${here} → log((${x.toString()})/(${y.toString()})) (integral form)`,
        call('log', op('/', 'divide', paren(x), paren(y))),
      );
    }
    if (name === 'powmean' && n.args.length === 3) {
      // The paper's possible integral reading of A_k, a lower bound on A_k
      // (docs/theory/stability.md#g5-integral-reading).
      const q1 = paren(op('+', 'add', q, C(1)));
      const integral = op(
        '/',
        'divide',
        paren(op('-', 'subtract', op('^', 'pow', paren(x), q1), op('^', 'pow', paren(op('-', 'subtract', x, y)), q1))),
        paren(op('*', 'multiply', q1, paren(y))),
      );
      add(
        'shape',
        'powmean-to-integral',
        `${here} → (T^(q+1) − (T−k)^(q+1))/((q+1)k) (integral reading)`,
        paren(integral),
      );
    }
  }
  return out;
}

const round = (v: number): number => Number(v.toPrecision(12));

/**
 * Every mutant of `expression`, deduplicated by the mutated expression and never equal to it.
 * Mutants that no longer compile (e.g. a dropped term leaves a free symbol undefined) are kept out.
 */
export function generateMutants(expression: string): Mutant[] {
  const original = compileBound(expression);
  const root = original.node;
  const sites = collectSites(root);
  const candidates: Candidate[] = [];
  sites.forEach((s, i) => candidates.push(...candidatesAt(s, i)));
  const seen = new Set<string>([canonical(root)]);
  const mutants: Mutant[] = [];
  const push = (kind: MutantKind, id: string, description: string, node: MathNode): void => {
    const key = canonical(node);
    if (seen.has(key)) return;
    seen.add(key);
    const expr = node.toString({ parenthesis: 'keep', implicit: 'show' });
    let compiled: CompiledBound;
    try {
      compiled = compileBound(expr);
    } catch {
      return;
    }
    mutants.push({ id, kind, description, expression: expr, compiled });
  };
  for (const f of CONSTANT_FACTORS) {
    push('scale-bound', `scale-bound#x${f}`, `whole bound × ${f}`, op('*', 'multiply', C(f), paren(root)));
  }
  for (const c of candidates) {
    push(c.kind, `${c.kind}#${c.site}${c.tag}`, `${c.description}`, replaceNode(root, sites[c.site].node, c.node));
  }
  return mutants;
}

function canonical(n: MathNode): string {
  return n.toString({ parenthesis: 'auto', implicit: 'show' });
}
