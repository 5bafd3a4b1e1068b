/**
 * The two readings of one PEP instance. Every interpolation inequality, method equation and measure in
 * src/pep is written once, against this interface, and evaluated in two algebras:
 *
 *   - `gramAlgebra`: a vector is its coefficient vector in the Gram basis, a scalar is a linear form in
 *     the Gram matrix P and the function values f (what the SDP sees: every constraint is linear in (P, f));
 *   - `numericAlgebra`: vectors are explicit points of R^r (the columns of a Gram factor) and scalars are
 *     numbers (what the certificate verifier checks).
 *
 * So the verifier checks the same inequalities the solver was given, on explicit vectors rebuilt by the
 * same method code, and nothing is written twice.
 */
export interface Algebra<V, S> {
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  /** s·a */
  scale(a: V, s: number): V;
  zero(): V;
  dot(a: V, b: V): S;
  num(c: number): S;
  plus(a: S, b: S): S;
  /** c·a */
  times(a: S, c: number): S;
}

/** a − b in the scalar algebra. */
export function minus<V, S>(alg: Algebra<V, S>, a: S, b: S): S {
  return alg.plus(a, alg.times(b, -1));
}

/** Σ_i w_i v_i. */
export function combination<V, S>(alg: Algebra<V, S>, vs: readonly V[], w: ArrayLike<number>): V {
  let out = alg.zero();
  for (let i = 0; i < vs.length; i++) if (w[i] !== 0) out = alg.add(out, alg.scale(vs[i], w[i]));
  return out;
}

/** Explicit vectors in R^dim; scalars are numbers. */
export function numericAlgebra(dim: number): Algebra<Float64Array, number> {
  return {
    add: (a, b) => a.map((x, i) => x + b[i]),
    sub: (a, b) => a.map((x, i) => x - b[i]),
    scale: (a, s) => a.map((x) => x * s),
    zero: () => new Float64Array(dim),
    dot(a, b) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += a[i] * b[i];
      return s;
    },
    num: (c) => c,
    plus: (a, b) => a + b,
    times: (a, c) => a * c,
  };
}

/**
 * A linear form ⟨Q, P⟩ + ⟨lin, f⟩ + c in the Gram matrix P (n × n) and the scalar variables f (function
 * values and auxiliary scalars). Q is symmetric and sparse, stored by its upper triangle: key i·n + j
 * (i ≤ j) holds Q_ij = Q_ji, so ⟨Q, P⟩ = Σ_i Q_ii P_ii + 2 Σ_{i<j} Q_ij P_ij (the SDPA convention).
 */
export interface GramForm {
  Q: Map<number, number>;
  lin: Float64Array;
  c: number;
}

export interface GramAlgebra extends Algebra<Float64Array, GramForm> {
  /** Basis vector i of the Gram basis. */
  basis(i: number): Float64Array;
  /** Scalar variable j. */
  variable(j: number): GramForm;
  readonly n: number;
  readonly nf: number;
}

/** Coefficient vectors over a Gram basis of size n; nf scalar variables. */
export function gramAlgebra(n: number, nf: number): GramAlgebra {
  const vec = numericAlgebra(n);
  const addInto = (out: Map<number, number>, key: number, v: number): void => {
    out.set(key, (out.get(key) ?? 0) + v);
  };
  return {
    n,
    nf,
    add: vec.add,
    sub: vec.sub,
    scale: vec.scale,
    zero: vec.zero,
    basis(i) {
      const e = new Float64Array(n);
      e[i] = 1;
      return e;
    },
    variable(j) {
      const lin = new Float64Array(nf);
      lin[j] = 1;
      return { Q: new Map(), lin, c: 0 };
    },
    dot(a, b) {
      // ⟨a, b⟩ = Σ_kl a_k b_l P_kl; an off-diagonal product counts half in each triangle.
      const Q = new Map<number, number>();
      for (let k = 0; k < n; k++) {
        if (a[k] === 0) continue;
        for (let l = 0; l < n; l++) {
          if (b[l] === 0) continue;
          const v = a[k] * b[l];
          if (k === l) addInto(Q, k * n + k, v);
          else addInto(Q, Math.min(k, l) * n + Math.max(k, l), v / 2);
        }
      }
      return { Q, lin: new Float64Array(nf), c: 0 };
    },
    num: (c) => ({ Q: new Map(), lin: new Float64Array(nf), c }),
    plus(a, b) {
      const Q = new Map(a.Q);
      for (const [k, v] of b.Q) addInto(Q, k, v);
      return { Q, lin: a.lin.map((x, i) => x + b.lin[i]), c: a.c + b.c };
    },
    times: (a, c) => ({
      Q: new Map([...a.Q].map(([k, v]) => [k, v * c])),
      lin: a.lin.map((x) => x * c),
      c: a.c * c,
    }),
  };
}
