import { DivergenceError, InvalidParameterError } from '../errors';
import { requireFiniteArray, requireInteger } from '../validate';
import { makeAverager } from './averaging';
import { type Averager, type AveragerChoice } from './averagers/averager';
import type { ConvexDomain } from './domain';
import { linearGradientOf, type LinearGradient, type Objective } from './objective';
import { RandomStream } from './rng';
import { stepSizes, type ScheduleSpec } from './schedule';
import { copyRange, dotRow, safeNorm, scale } from './vec';
import { KERNEL_MAX_BYTES, kernelBytes, LinearStepKernel } from './wasm/linear-step';

/** Where the fused linear-gradient step runs (SgdConfig.kernel). */
export type StepKernel = 'js' | 'wasm';

/**
 * The default kernel is 'wasm' from this dimension and this many steps on (docs/performance.md): below
 * d = 32 the two calls into WebAssembly per step cost about what the SIMD loops save, and a runner's
 * kernel (its instance and memory, ~50 µs against ~5 µs for a JavaScript runner) pays for itself only
 * over thousands of steps; short runs, such as the enumerations that build a runner per path, stay 'js'.
 */
export const WASM_MIN_D = 32;
export const WASM_MIN_T = 4096;

/** Configuration of one projected SGD run (index convention: src/engine/convention.ts). */
export interface SgdConfig {
  objective: Objective;
  /** Number of updates. */
  T: number;
  schedule: ScheduleSpec;
  /** Initial point w_0 (default 0). Must lie in W. */
  w0?: Float64Array;
  /** W = ball of this radius around 0; Infinity (default) means W = R^d. */
  radius?: number;
  /** W = this convex set instead of a ball (then radius must stay Infinity); w0 must lie in it. */
  domain?: ConvexDomain;
  /** Mini-batch size b (default 1): g_t is the mean gradient of b indices drawn with replacement. */
  batch?: number;
  /** The averagers run alongside (default: the last iterate); a user's averager plugs in here. */
  averagers?: AveragerChoice[];
  /**
   * Where the fused step runs (an objective exposing LinearGradient, batch 1): 'wasm' the WebAssembly
   * SIMD kernel (src/engine/wasm/), 'js' the JavaScript loops, the reference. Both give the same bits.
   * Default: 'wasm' when the step is fused, d ≥ WASM_MIN_D, T ≥ WASM_MIN_T and the data fit the kernel's
   * memory (8·d·(n + 1) bytes ≤ KERNEL_MAX_BYTES); 'js' otherwise. 'wasm' where no step is fused (no
   * LinearGradient, or batch > 1) is an error.
   */
  kernel?: StepKernel;
}

/**
 * The state of one projected SGD run. `step` takes the drawn indices from outside, so a coupled
 * pair of runs can share one index stream.
 */
export class SgdRunner {
  readonly objective: Objective;
  readonly T: number;
  readonly d: number;
  readonly radius: number;
  readonly domain?: ConvexDomain;
  readonly batch: number;
  /** α_t at index t (alpha[0] = 0). */
  readonly alpha: Float64Array;
  /** The current iterate w_t (in the kernel's memory on the 'wasm' path). */
  readonly w: Float64Array;
  /** Where the fused step runs: SgdConfig.kernel, or its default. */
  readonly kernel: StepKernel;
  readonly averagers: Averager[];
  /** Number of steps taken so far. */
  t = 0;
  private readonly gBuf: Float64Array;
  private readonly gTmp: Float64Array;
  /** Set when the objective exposes a linear gradient (src/engine/objective.ts): the fused path. */
  private readonly lin?: Objective & LinearGradient;
  /** The WebAssembly kernel of the fused step, when kernel = 'wasm'. */
  private readonly wasm?: LinearStepKernel;
  /** The fused path leaves g_t as c·x_i, materialised on demand. */
  private gCoef = 0;
  private gRow = -1;

  constructor(cfg: SgdConfig) {
    const obj = cfg.objective;
    if (!obj || typeof obj.grad !== 'function') throw new InvalidParameterError('objective', obj, 'an Objective');
    requireInteger('objective.d', obj.d, 1);
    requireInteger('objective.n', obj.n, 1);
    this.objective = obj;
    this.T = requireInteger('T', cfg.T, 1);
    this.d = obj.d;
    this.radius = cfg.radius ?? Infinity;
    if (!(this.radius > 0)) throw new InvalidParameterError('radius', this.radius, 'a number > 0 or Infinity');
    if (cfg.domain !== undefined) {
      if (this.radius !== Infinity)
        throw new InvalidParameterError('radius', this.radius, `Infinity when a domain is given (${cfg.domain.label})`);
      this.domain = cfg.domain;
    }
    this.batch = requireInteger('batch', cfg.batch ?? 1, 1);
    this.alpha = stepSizes(cfg.schedule, this.T);
    this.lin = linearGradientOf(obj);
    this.kernel = chooseKernel(cfg.kernel, this.lin, this.batch, this.T);
    if (this.kernel === 'wasm') this.wasm = new LinearStepKernel((this.lin as LinearGradient).rows, this.d);
    this.w = this.wasm ? this.wasm.w : new Float64Array(this.d);
    if (cfg.w0 !== undefined) {
      if (cfg.w0.length !== this.d)
        throw new InvalidParameterError('w0.length', cfg.w0.length, `the dimension d = ${this.d}`);
      requireFiniteArray('w0', cfg.w0);
      const n0 = safeNorm(cfg.w0);
      if (n0 > this.radius * (1 + 1e-12)) {
        throw new InvalidParameterError('‖w0‖', n0, `a point of W (‖w0‖ ≤ radius = ${this.radius})`);
      }
      this.w.set(cfg.w0);
    }
    this.gBuf = new Float64Array(this.d);
    this.gTmp = new Float64Array(this.d);
    this.averagers = (cfg.averagers ?? [{ kind: 'last' }]).map((s) => makeAverager(s, this.d));
    for (const a of this.averagers) a.init(this.w, this.T);
  }

  /** The last gradient used, g_t (mean over the batch). */
  get g(): Float64Array {
    if (this.gRow >= 0) {
      const X = (this.lin as LinearGradient).rows;
      const off = this.gRow * this.d;
      for (let j = 0; j < this.d; j++) this.gBuf[j] = this.gCoef * X[off + j];
      this.gRow = -1;
    }
    return this.gBuf;
  }

  /** Whether every averager can copy its state (copyFrom): what prefix sharing needs. */
  get copyable(): boolean {
    return this.averagers.every((a) => a.copyFrom !== undefined);
  }

  /**
   * Becomes `src` advanced by one step with `indices`: src must be a runner built from the same
   * configuration (objective, T, schedule, radius, batch, averagers), and the result has the bits `src`
   * itself would have after step(indices). An enumeration (src/engine/enumerate.ts) advances each child
   * from its parent this way. What the step overwrites (g_{t−1}) is not copied. (Reading w_{t−1} from src
   * instead of copying it was tried: the update loop over two arrays instead of one slowed runSgd by 10–20%.)
   */
  stepFrom(src: SgdRunner, indices: number | ArrayLike<number>): void {
    if (src.T !== this.T || src.d !== this.d || src.averagers.length !== this.averagers.length)
      throw new InvalidParameterError(
        'runner to copy',
        `T = ${src.T}, d = ${src.d}`,
        `a runner of the same configuration (T = ${this.T}, d = ${this.d})`,
      );
    this.t = src.t;
    for (let k = 0; k < this.averagers.length; k++) {
      const a = this.averagers[k];
      if (!a.copyFrom)
        throw new InvalidParameterError(
          `averagers[${k}].copyFrom`,
          undefined,
          "a state copy (the built-in averagers have one); enumerate with strategy 'recompute' otherwise",
        );
      a.copyFrom(src.averagers[k]);
    }
    copyRange(this.w, src.w, 0, this.d);
    this.step(indices);
  }

  /** Step t = this.t + 1 with the drawn example index (batch = 1) or indices (batch = b). */
  step(indices: number | ArrayLike<number>): void {
    const t = this.t + 1;
    if (t > this.T) throw new InvalidParameterError('step', t, `at most T = ${this.T} steps`);
    const lin = this.lin;
    if (typeof indices === 'number' && lin) {
      const off = indices * this.d;
      const wasm = this.wasm;
      const c = lin.slope(wasm ? wasm.dot(off) : dotRow(lin.rows, off, this.w, this.d), indices);
      this.gCoef = c;
      this.gRow = indices;
      if (wasm) this.finish(t, wasm.update(off, this.alpha[t], c));
      else this.update(t, lin.rows, off, c);
    } else {
      // 1·g_j = g_j exactly, so the generic path shares the fused loop bit for bit.
      this.update(t, this.gradient(indices), 0, 1);
    }
  }

  /** g_t into gBuf: the gradient at example i, or the mean over a mini-batch. */
  private gradient(indices: number | ArrayLike<number>): Float64Array {
    const { w, d, objective } = this;
    const g = this.gBuf;
    this.gRow = -1;
    if (typeof indices === 'number') {
      objective.grad(w, indices, g);
    } else {
      objective.grad(w, indices[0], g);
      for (let b = 1; b < indices.length; b++) {
        objective.grad(w, indices[b], this.gTmp);
        for (let j = 0; j < d; j++) g[j] += this.gTmp[j];
      }
      const inv = 1 / indices.length;
      for (let j = 0; j < d; j++) g[j] *= inv;
    }
    return g;
  }

  /**
   * w_t = Π(w_{t−1} − α_t g_t) with g_t = c·src[off .. off + d): a gradient buffer (c = 1) or, fused, the
   * data row x_i of a linear gradient (no pass through a buffer). Four partial sums of ‖w_t‖²: one serial
   * chain of d additions is latency-bound, four are not. The WebAssembly kernel (wasm/linear-step.wat)
   * performs these operations in this order for the same bits: change one, change both.
   */
  private update(t: number, src: Float64Array, off: number, c: number): void {
    const { w, d } = this;
    const a = this.alpha[t];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const x0 = w[j] - a * (c * src[off + j]);
      const x1 = w[j + 1] - a * (c * src[off + j + 1]);
      const x2 = w[j + 2] - a * (c * src[off + j + 2]);
      const x3 = w[j + 3] - a * (c * src[off + j + 3]);
      w[j] = x0;
      w[j + 1] = x1;
      w[j + 2] = x2;
      w[j + 3] = x3;
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; j < d; j++) {
      const x = w[j] - a * (c * src[off + j]);
      w[j] = x;
      s0 += x * x;
    }
    this.finish(t, s0 + s1 + (s2 + s3));
  }

  /** Divergence check, projection onto the ball or the domain, averagers; n2 = ‖w_t − α_t g_t‖². */
  private finish(t: number, n2: number): void {
    const { w, d } = this;
    const r = this.radius;
    if (!(n2 < Infinity)) {
      for (let i = 0; i < d; i++) {
        if (!Number.isFinite(w[i])) {
          throw new DivergenceError(
            t,
            `w_t[${i}] = ${w[i]} (α_t = ${this.alpha[t]}, g_t[${i}] = ${this.g[i]}); reduce the step size or check the data`,
          );
        }
      }
      // Only ‖w_t‖² overflowed (‖w_t‖ > ~1e154) while w_t is finite: not a divergence yet, but the
      // ball test needs the norm without overflow.
      const nrm = safeNorm(w);
      if (nrm > r) scale(r / nrm, w);
    } else if (n2 > r * r) {
      const s = r / Math.sqrt(n2);
      for (let i = 0; i < d; i++) w[i] *= s;
    }
    if (this.domain) this.domain.project(w);
    this.t = t;
    for (let k = 0; k < this.averagers.length; k++) this.averagers[k].update(t, w);
  }
}

/** The kernel of SgdConfig.kernel: the given one where it applies, else the default (see there). */
function chooseKernel(
  kernel: StepKernel | undefined,
  lin: (Objective & LinearGradient) | undefined,
  batch: number,
  T: number,
): StepKernel {
  const fused = lin !== undefined && batch === 1;
  if (kernel === undefined)
    return fused && lin.d >= WASM_MIN_D && T >= WASM_MIN_T && kernelBytes(lin.n, lin.d) <= KERNEL_MAX_BYTES
      ? 'wasm'
      : 'js';
  if (kernel === 'js') return 'js';
  if (kernel !== 'wasm') throw new InvalidParameterError('kernel', kernel, "'js' | 'wasm' (or leave it unset)");
  if (!fused)
    throw new InvalidParameterError(
      'kernel',
      kernel,
      `'js' or unset: the WebAssembly kernel runs the fused step of an objective exposing LinearGradient (rows, slope) at batch 1 (here ${lin ? `batch = ${batch}` : 'no LinearGradient'})`,
    );
  if (kernelBytes(lin.n, lin.d) > KERNEL_MAX_BYTES)
    throw new InvalidParameterError(
      'kernel',
      kernel,
      `'js' or unset: the data (n = ${lin.n}, d = ${lin.d}) need more than the kernel's ${KERNEL_MAX_BYTES} bytes`,
    );
  return 'wasm';
}

/** Draws the step's index (batch = 1) or fills `buf` with b indices, uniformly with replacement. */
export function drawIndices(rng: RandomStream, n: number, buf: Int32Array): number | Int32Array {
  if (buf.length === 1) return rng.index(n);
  fillIndices(rng, n, buf, buf.length);
  return buf;
}

/** buf[0 .. m) ← m indices uniform in [0, n), in draw order. */
function fillIndices(rng: RandomStream, n: number, buf: Int32Array, m: number): void {
  for (let q = 0; q < m; q++) buf[q] = rng.index(n);
}

export interface SgdResult {
  /** w_T */
  w: Float64Array;
  /** The averaged points after T steps, in the order of cfg.averagers. */
  averages: Float64Array[];
  /** i_t for t = 1..T at position t − 1 (only when recordIndices; first index of each batch). */
  indices?: Int32Array;
}

export interface RunOptions {
  /** A seed, or a stream the run draws from: exactly b·T draws when the run completes. */
  seed: number | RandomStream;
  recordIndices?: boolean;
  /** Called after every step with the runner (read w, averagers); keep it cheap. */
  observe?: (t: number, runner: SgdRunner) => void;
  /** Called once before the first step, with the runner at t = 0 (w_0, averagers initialised). */
  start?: (runner: SgdRunner) => void;
}

/** The result of a runner after its last step (copies: the runner's buffers keep changing). */
export function snapshot(runner: SgdRunner): SgdResult {
  return { w: runner.w.slice(), averages: runner.averagers.map((a) => a.read().slice()) };
}

/** Runs T steps of projected SGD from a seed. Same seed ⇒ the same bits. */
export function runSgd(cfg: SgdConfig, opts: RunOptions): SgdResult {
  const runner = new SgdRunner(cfg);
  const rng = typeof opts.seed === 'number' ? RandomStream.fromSeed(opts.seed) : opts.seed;
  const rec = opts.recordIndices ? new Int32Array(runner.T) : undefined;
  opts.start?.(runner);
  drive(runner, rng, rec, opts.observe);
  return { ...snapshot(runner), ...(rec ? { indices: rec } : {}) };
}

/**
 * The step loop, apart from runSgd's set-up and result code. In the common case (one index per step,
 * no observer) the indices are drawn in chunks of up to 1024 by a loop of their own, then consumed: the
 * same draws in the same order (nothing else can touch the stream during the run), and V8 optimises the
 * draw far better there than inside the step loop (+10–25% steps per second on bench/run.ts).
 */
function drive(
  runner: SgdRunner,
  rng: RandomStream,
  rec: Int32Array | undefined,
  observe: RunOptions['observe'],
): void {
  const n = runner.objective.n;
  const T = runner.T;
  if (runner.batch === 1 && !observe) {
    const chunk = new Int32Array(Math.min(T, 1024));
    for (let t0 = 1; t0 <= T; t0 += chunk.length) {
      const m = Math.min(chunk.length, T - t0 + 1);
      fillIndices(rng, n, chunk, m);
      for (let q = 0; q < m; q++) {
        const i = chunk[q];
        if (rec) rec[t0 - 1 + q] = i;
        runner.step(i);
      }
    }
    return;
  }
  const buf = new Int32Array(runner.batch);
  for (let t = 1; t <= T; t++) {
    const idx = drawIndices(rng, n, buf);
    if (rec) rec[t - 1] = typeof idx === 'number' ? idx : idx[0];
    runner.step(idx);
    if (observe) observe(t, runner);
  }
}
