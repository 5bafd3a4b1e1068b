import { gramAlgebra, numericAlgebra, type GramForm } from './algebra';
import { CSDP_TOLERANCE, runCsdp, type SdpResult } from './csdp';
import { runSdpa, SDPA_TOLERANCE } from './sdpa-solver';
import { column, gramFactor } from './factor';
import { aprioriBounds, pepInstance, pepLayout, type PepLayout, type PepSpec } from './problem';
import { writeSdpa } from './sdpa';
import type { Inequality } from './classes/types';
import type { GramProblem } from './gram-problem';

/** A solved Gram problem: the solver's primal (P, f) and dual (y on the generated constraints) and how it went. */
export interface GramSolution {
  /** The solver that ran. */
  solver: SdpSolverName;
  /** CSDP's exit code and its meaning on the last round (0: success). */
  code: number;
  status: string;
  primalObjective: number;
  dualObjective: number;
  /** The solver's relative tolerance (SolveOptions.tolerance; CSDP's default when not given). */
  tolerance: number;
  /** Gram matrix (n × n, row-major) and scalars of the primal solution. */
  P: Float64Array;
  f: Float64Array;
  /** Dual multiplier of each generated inequality, by key (every other inequality has multiplier 0). */
  multipliers: Map<string, number>;
  /** Constraint generation: rounds, generated and total inequalities, largest violation of the final primal. */
  rounds: number;
  generated: number;
  total: number;
  maxViolation: number;
  seconds: number;
  /** Each round of constraint generation: where the time went. */
  roundLog: RoundStats[];
}

/** One round of constraint generation. */
export interface RoundStats {
  /** Inequalities given to the solver (its Schur complement is m × m). */
  m: number;
  /** Wall seconds in the solver process, and in writing its input and checking every inequality. */
  solverSeconds: number;
  otherSeconds: number;
  /** Violated inequalities found outside the set (all of them, up to max(200, m/2), join the next round). */
  violated: number;
  /** The largest violation among them (0 when none). */
  largestViolation: number;
  /** A round of the interior-iterate PEP, the lower-bound half of a split solve (split.ts). */
  interior?: boolean;
}

/** The SDP solvers that read the SDPA files written here (csdp.ts, sdpa-solver.ts). */
export type SdpSolverName = 'csdp' | 'sdpa';

export interface SolveOptions {
  /** Default CSDP (SDPA: to cross-check it, pep-solver.test.ts). */
  solver?: SdpSolverName;
  /** Called after each round (progress of long solves). */
  onRound?: (round: RoundStats) => void;
  /**
   * The solver's relative tolerances (CSDP's axtol, atytol, objtol; SDPA's epsilonStar, epsilonDash).
   * Default: CSDP's own 1e-8 (CSDP_TOLERANCE), SDPA's 1e-9.
   */
  tolerance?: number;
}

type SdpRunner = (sdpa: string, blocks: readonly number[], tolerance?: number) => Promise<SdpResult>;
const RUNNERS: Readonly<Record<SdpSolverName, SdpRunner>> = {
  csdp: runCsdp,
  sdpa: runSdpa,
};

/** A solved PEP of the deterministic method, with its layout. */
export interface PepSolution extends GramSolution {
  layout: PepLayout;
}

/**
 * A different start and end for constraint generation (split.ts): the first round solves the inequalities
 * `first` selects; when that round does not already bring the upper bound (the solver's dual objective) down to
 * `upperTarget`, the next round adds the problem's usual first set. Generation also stops, with a primal
 * that may violate inequalities outside the set, as soon as a round's upper bound is at most `upperTarget`:
 * the lower bound then comes from elsewhere.
 */
export interface GenerationPlan {
  first: (key: string) => boolean;
  upperTarget: number;
}

/** Violations above this (absolute, in the units of the inequalities) bring an inequality into the SDP. */
const GENERATION_TOL = 1e-9;
/** Problems with at most this many inequalities are solved whole, without constraint generation. */
const SOLVE_WHOLE_BELOW = 700;
const MAX_ROUNDS = 30;

const iterateIndex = (name: string): number => (/^x\d+$/.test(name) ? Number(name.slice(1)) : -1);

/**
 * The first set of a constraint generation: everything that is not a pair of distant iterates (pairs
 * with x*, with w̄, consecutive iterates, norms, the measure). Distant pairs come in when violated.
 */
function initiallyGenerated(key: string): boolean {
  const m = /^([a-z]+):([^|]+)\|([^|]+)$/.exec(key);
  if (!m) return true;
  const a = iterateIndex(m[2]);
  const b = iterateIndex(m[3]);
  if (a < 0 || b < 0 || Math.abs(a - b) <= 1) return true;
  // Observed on solved instances: f_i ≥ f_j + ⟨g_j, x_i − x_j⟩ binds for i < j (a later subgradient
  // at an earlier point) and the normal cone of a later iterate at an earlier one; diameters between
  // iterates rarely bind.
  if (m[1] === 'diam') return false;
  return m[1] === 'set' ? a > b : a < b;
}

/**
 * The inequalities between neighbouring pairs of iterates, (x_{i±1}, x_{j±1}), of the same kind as one
 * between x_i and x_j: the binding set is made of solid blocks of such pairs, so an inequality found
 * violated brings its neighbours into the next round with it.
 */
function adjacentPairs(key: string): string[] {
  const m = /^([a-z]+):x(\d+)\|x(\d+)$/.exec(key);
  if (!m) return [];
  const out: string[] = [];
  for (let di = -1; di <= 1; di++)
    for (let dj = -1; dj <= 1; dj++)
      if (di !== 0 || dj !== 0) out.push(`${m[1]}:x${Number(m[2]) + di}|x${Number(m[3]) + dj}`);
  return out;
}

function isConstant(form: GramForm): boolean {
  return [...form.Q.values()].every((v) => v === 0) && form.lin.every((v) => v === 0);
}

/** Values of every inequality (≤ 0 when satisfied) at a Gram matrix P and scalars f. */
export function inequalityValues(layout: PepLayout, P: Float64Array, f: Float64Array): Map<string, number> {
  const { V, r } = gramFactor(P, layout.n);
  const basis = Array.from({ length: layout.n }, (_, i) => column(V, r, layout.n, i));
  const inst = pepInstance(numericAlgebra(r), layout, basis, Array.from(f));
  return new Map(inst.inequalities.map((q) => [q.key, q.value()]));
}

/** The inequalities in the Gram algebra (forms built lazily, on demand) and the objective form. */
export function gramInstance(layout: PepLayout): { inequalities: Inequality<GramForm>[]; objective: GramForm } {
  const alg = gramAlgebra(layout.n, layout.nf);
  const basis = Array.from({ length: layout.n }, (_, i) => alg.basis(i));
  const scalars = Array.from({ length: layout.nf }, (_, j) => alg.variable(j));
  const inst = pepInstance(alg, layout, basis, scalars);
  return { inequalities: inst.inequalities, objective: inst.objective };
}

/** The deterministic PEP as a Gram problem. */
export function pepGramProblem(layout: PepLayout): GramProblem {
  const { inequalities, objective } = gramInstance(layout);
  return {
    n: layout.n,
    nf: layout.nf,
    inequalities,
    objective,
    values: (P, f) => inequalityValues(layout, P, f),
    initiallyGenerated,
    companions: adjacentPairs,
    bounds: aprioriBounds(layout),
  };
}

/** Solves the PEP of the deterministic method (solveGram). */
export async function solvePep(spec: PepSpec, options: SolveOptions = {}): Promise<PepSolution> {
  const layout = pepLayout(spec);
  return { layout, ...(await solveGram(pepGramProblem(layout), options)) };
}

/**
 * Solves a Gram problem with CSDP by constraint generation: solve on a subset, evaluate every inequality
 * on the explicit primal solution, add the violated ones, repeat until none is violated by more than
 * GENERATION_TOL. The dual multipliers of the last round, extended by zeros, are dual feasible for
 * the whole problem; the primal is checked against the whole problem.
 */
export async function solveGram(
  problem: GramProblem,
  options: SolveOptions = {},
  plan?: GenerationPlan,
): Promise<GramSolution> {
  const started = performance.now();
  const { inequalities, objective } = problem;
  const forms = new Map<string, GramForm>();
  const formOf = (q: Inequality<GramForm>): GramForm => {
    let f = forms.get(q.key);
    if (!f) forms.set(q.key, (f = q.value()));
    return f;
  };
  // Inequalities without any variable (‖g*‖² ≤ G² with g* = 0) hold or fail on their own.
  const live = inequalities.filter((q) => {
    const f = formOf(q);
    if (!isConstant(f)) return true;
    if (f.c > 0) throw new Error(`PEP inequality ${q.key} is violated by the problem data itself (${f.c} > 0)`);
    forms.delete(q.key);
    return false;
  });
  const byKey = new Map(live.map((q) => [q.key, q]));
  let active =
    live.length <= SOLVE_WHOLE_BELOW
      ? live.map((q) => q.key)
      : live.filter((q) => (plan ? plan.first(q.key) : problem.initiallyGenerated(q.key))).map((q) => q.key);
  const run = RUNNERS[options.solver ?? 'csdp'];
  const roundLog: RoundStats[] = [];
  for (let round = 1; ; round++) {
    const roundStarted = performance.now();
    const rows = active.map((k) => formOf(byKey.get(k)!));
    const blocks = [problem.n, -(problem.nf + rows.length)];
    const input = writeSdpa({ n: problem.n, nf: problem.nf, rows, objective });
    const solverStarted = performance.now();
    const res = await run(input, blocks, options.tolerance);
    const solverSeconds = (performance.now() - solverStarted) / 1000;
    const P = res.X[0];
    const f = res.X[1].slice(0, problem.nf);
    const values = problem.values(P, f);
    const inSet = new Set(active);
    const violated = [...values.entries()]
      .filter(([k, v]) => v > GENERATION_TOL && !inSet.has(k) && byKey.has(k))
      .sort((a, b) => b[1] - a[1]);
    const targetMet = plan !== undefined && res.code === 0 && res.dualObjective <= plan.upperTarget;
    const stop = targetMet || violated.length === 0 || round >= MAX_ROUNDS || (res.code !== 0 && res.code !== 3);
    const stats: RoundStats = {
      m: active.length,
      solverSeconds,
      otherSeconds: (performance.now() - roundStarted) / 1000 - solverSeconds,
      violated: violated.length,
      largestViolation: violated.length > 0 ? violated[0][1] : 0,
    };
    roundLog.push(stats);
    options.onRound?.(stats);
    if (stop) {
      let maxViolation = -Infinity;
      for (const [k, v] of values) if (byKey.has(k)) maxViolation = Math.max(maxViolation, v);
      return {
        solver: options.solver ?? 'csdp',
        tolerance: options.tolerance ?? (options.solver === 'sdpa' ? SDPA_TOLERANCE : CSDP_TOLERANCE),
        code: violated.length === 0 || targetMet ? res.code : res.code === 0 ? 4 : res.code,
        status:
          violated.length === 0
            ? res.status
            : targetMet
              ? `${res.status}; upper bound at the target after ${round} round${round === 1 ? '' : 's'} (the primal is not feasible)`
              : `${res.status}; constraint generation stopped after ${round} rounds with ${violated.length} violated inequalities`,
        primalObjective: res.primalObjective,
        dualObjective: res.dualObjective,
        P,
        f,
        multipliers: new Map(active.map((k, i) => [k, res.y[i]])),
        rounds: round,
        generated: active.length,
        total: live.length,
        maxViolation,
        seconds: (performance.now() - started) / 1000,
        roundLog,
      };
    }
    // Each violated inequality brings its neighbours (problem.companions): without them each round found
    // a few more violated next to the last ones (measured at T = 30: 6–7 rounds instead of 3).
    const added = new Set<string>();
    for (const [k] of violated.slice(0, Math.max(200, active.length >> 1))) {
      added.add(k);
      for (const c of problem.companions?.(k) ?? []) if (byKey.has(c) && !inSet.has(c)) added.add(c);
    }
    // A plan's first set did not bring the bound down: from now on, the usual first set too.
    if (plan && round === 1)
      for (const q of live) if (problem.initiallyGenerated(q.key) && !inSet.has(q.key)) added.add(q.key);
    active = [...active, ...added];
  }
}
