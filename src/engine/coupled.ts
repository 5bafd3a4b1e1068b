import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import type { Objective } from './objective';
import { RandomStream } from './rng';
import { drawIndices, SgdRunner, snapshot, type SgdConfig, type SgdResult } from './sgd';
import { dist } from './vec';

/**
 * Coupled runs on neighbouring data sets S and S^(i*) (Hardt–Recht–Singer's coupling): two projected
 * SGD runs from the same w_0 with the same schedule, averagers and the SAME drawn indices, so they
 * differ only at the steps that draw i*. This is what the stability measurements need.
 */
export interface CoupledConfig extends SgdConfig {
  /** S^(i*): the same n and d as `objective`, example i* replaced. */
  neighbour: Objective;
  /** i* ∈ [0, n): the example where S and S^(i*) differ. */
  differing: number;
}

export interface CoupledOptions {
  seed: number | RandomStream;
  recordIndices?: boolean;
  /** Record δ_t = ‖w_t − w′_t‖ for t = 0..T (O(d) per step). */
  recordDistance?: boolean;
  /** Called once before the first step, with both runners at t = 0. */
  start?: (a: SgdRunner, b: SgdRunner) => void;
  /** Called after every step with both runners and the number of times i* was drawn at step t. */
  observe?: (t: number, a: SgdRunner, b: SgdRunner, hits: number) => void;
}

export interface CoupledResult {
  /** The run on S: w_T and the averaged points, in the order of cfg.averagers. */
  a: SgdResult;
  /** The run on S^(i*). */
  b: SgdResult;
  differing: number;
  /** hits[t] = number of draws of i* at step t (1[i_t = i*] for batch 1), t = 0..T; hits[0] = 0. */
  hits: Int32Array;
  /** The steps t at which i* was drawn, increasing. */
  hitSteps: Int32Array;
  /** δ_t = ‖w_t − w′_t‖ for t = 0..T (when recordDistance). */
  delta?: Float64Array;
  /** i_t for t = 1..T at position t − 1, as runSgd (when recordIndices; first index of each batch). */
  indices?: Int32Array;
}

/** Builds both runners, checking that S and S^(i*) are neighbours of the same shape. */
export function coupledRunners(cfg: CoupledConfig): [SgdRunner, SgdRunner] {
  const a = new SgdRunner(cfg);
  const nb = cfg.neighbour;
  if (!nb || typeof nb.grad !== 'function')
    throw new InvalidParameterError('neighbour', nb, 'an Objective (the data set S^(i*))');
  if (nb.d !== a.d) throw new InvalidParameterError('neighbour.d', nb.d, `the dimension of S, d = ${a.d}`);
  if (nb.n !== cfg.objective.n)
    throw new InvalidParameterError('neighbour.n', nb.n, `the size of S, n = ${cfg.objective.n}`);
  requireInteger('differing', cfg.differing, 0, cfg.objective.n - 1);
  return [a, new SgdRunner({ ...cfg, objective: nb })];
}

/** Runs the coupled pair from a seed; same seed ⇒ the same bits in both runs. */
export function runCoupled(cfg: CoupledConfig, opts: CoupledOptions): CoupledResult {
  const [a, b] = coupledRunners(cfg);
  const rng = typeof opts.seed === 'number' ? RandomStream.fromSeed(opts.seed) : opts.seed;
  const { T, batch } = a;
  const n = a.objective.n;
  const star = cfg.differing;
  const buf = new Int32Array(batch);
  const hits = new Int32Array(T + 1);
  const steps: number[] = [];
  const delta = opts.recordDistance ? new Float64Array(T + 1) : undefined;
  const rec = opts.recordIndices ? new Int32Array(T) : undefined;
  if (delta) delta[0] = dist(a.w, b.w);
  opts.start?.(a, b);
  for (let t = 1; t <= T; t++) {
    const idx = drawIndices(rng, n, buf);
    let h = 0;
    if (typeof idx === 'number') {
      if (rec) rec[t - 1] = idx;
      h = idx === star ? 1 : 0;
    } else {
      if (rec) rec[t - 1] = idx[0];
      for (let j = 0; j < idx.length; j++) if (idx[j] === star) h++;
    }
    a.step(idx);
    b.step(idx);
    hits[t] = h;
    if (h > 0) steps.push(t);
    if (delta) delta[t] = dist(a.w, b.w);
    opts.observe?.(t, a, b, h);
  }
  return {
    a: snapshot(a),
    b: snapshot(b),
    differing: star,
    hits,
    hitSteps: Int32Array.from(steps),
    ...(delta ? { delta } : {}),
    ...(rec ? { indices: rec } : {}),
  };
}
