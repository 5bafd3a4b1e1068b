import { DivergenceError, InvalidParameterError } from '../errors';
import { requireFiniteArray, requireInteger } from '../validate';
import { makeAverager, type Averager, type AveragerSpec } from './averaging';
import type { Objective } from './objective';
import { RandomStream } from './rng';
import { stepSizes, type ScheduleSpec } from './schedule';

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
  /** Mini-batch size b (default 1): g_t is the mean gradient of b indices drawn with replacement. */
  batch?: number;
  averagers?: AveragerSpec[];
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
  readonly batch: number;
  /** α_t at index t (alpha[0] = 0). */
  readonly alpha: Float64Array;
  /** The current iterate w_t. */
  readonly w: Float64Array;
  /** The last gradient used, g_t (mean over the batch). */
  readonly g: Float64Array;
  readonly averagers: Averager[];
  /** Number of steps taken so far. */
  t = 0;
  private readonly gTmp: Float64Array;

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
    this.batch = requireInteger('batch', cfg.batch ?? 1, 1);
    this.alpha = stepSizes(cfg.schedule, this.T);
    this.w = new Float64Array(this.d);
    if (cfg.w0 !== undefined) {
      if (cfg.w0.length !== this.d) throw new InvalidParameterError('w0.length', cfg.w0.length, `the dimension d = ${this.d}`);
      requireFiniteArray('w0', cfg.w0);
      let n2 = 0;
      for (let j = 0; j < this.d; j++) n2 += cfg.w0[j] * cfg.w0[j];
      if (Math.sqrt(n2) > this.radius * (1 + 1e-12)) {
        throw new InvalidParameterError('‖w0‖', Math.sqrt(n2), `a point of W (‖w0‖ ≤ radius = ${this.radius})`);
      }
      this.w.set(cfg.w0);
    }
    this.g = new Float64Array(this.d);
    this.gTmp = new Float64Array(this.d);
    this.averagers = (cfg.averagers ?? [{ kind: 'last' }]).map((s) => makeAverager(s, this.d));
    for (const a of this.averagers) a.init(this.w, this.T);
  }

  /** Step t = this.t + 1 with the drawn example index (batch = 1) or indices (batch = b). */
  step(indices: number | ArrayLike<number>): void {
    const t = this.t + 1;
    if (t > this.T) throw new InvalidParameterError('step', t, `at most T = ${this.T} steps`);
    const { w, g, d, objective } = this;
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
    const a = this.alpha[t];
    let n2 = 0;
    for (let j = 0; j < d; j++) {
      const x = w[j] - a * g[j];
      w[j] = x;
      n2 += x * x;
    }
    if (!Number.isFinite(n2)) {
      throw new DivergenceError(t, `‖w_t‖² = ${n2} (α_t = ${a}); reduce the step size or check the data`);
    }
    const r = this.radius;
    if (n2 > r * r) {
      const s = r / Math.sqrt(n2);
      for (let j = 0; j < d; j++) w[j] *= s;
    }
    this.t = t;
    for (let k = 0; k < this.averagers.length; k++) this.averagers[k].update(t, w);
  }
}

/** Draws the step's index (batch = 1) or fills `buf` with b indices, uniformly with replacement. */
export function drawIndices(rng: RandomStream, n: number, buf: Int32Array): number | Int32Array {
  if (buf.length === 1) return rng.index(n);
  for (let b = 0; b < buf.length; b++) buf[b] = rng.index(n);
  return buf;
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
  seed: number | RandomStream;
  recordIndices?: boolean;
  /** Called after every step with the runner (read w, averagers); keep it cheap. */
  observe?: (t: number, runner: SgdRunner) => void;
}

/** Runs T steps of projected SGD from a seed. Same seed ⇒ the same bits. */
export function runSgd(cfg: SgdConfig, opts: RunOptions): SgdResult {
  const runner = new SgdRunner(cfg);
  const rng = typeof opts.seed === 'number' ? RandomStream.fromSeed(opts.seed) : opts.seed;
  const n = runner.objective.n;
  const buf = new Int32Array(runner.batch);
  const rec = opts.recordIndices ? new Int32Array(runner.T) : undefined;
  for (let t = 1; t <= runner.T; t++) {
    const idx = drawIndices(rng, n, buf);
    if (rec) rec[t - 1] = typeof idx === 'number' ? idx : idx[0];
    runner.step(idx);
    if (opts.observe) opts.observe(t, runner);
  }
  return {
    w: runner.w.slice(),
    averages: runner.averagers.map((a) => a.read().slice()),
    ...(rec ? { indices: rec } : {}),
  };
}
