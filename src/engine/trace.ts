import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import { runCoupled, type CoupledConfig, type CoupledOptions, type CoupledResult } from './coupled';
import { empiricalRisk, type Objective } from './objective';
import { runSgd, type RunOptions, type SgdConfig, type SgdResult, type SgdRunner } from './sgd';
import { dist } from './vec';

/**
 * Traces: chosen quantities at chosen steps, recorded through the runs' observe hooks, so nothing
 * stores every iterate. A quantity costs one loss evaluation (O(n·d) for the empirical risk) per
 * recorded step and per point, which is why the steps are few (explicit or log-spaced).
 */
export type TraceAt =
  /** Explicit steps in [0, T] (0 = the initial point); sorted and de-duplicated. */
  | { steps: ArrayLike<number> }
  /** About `points` steps spaced geometrically on [1, T], always including T (and 0 when includeZero). */
  | { logSpaced: number; includeZero?: boolean };

export type TraceQuantity = 'loss' | 'averagedLoss' | 'distance' | 'averagedDistance';

export interface TraceOptions {
  at: TraceAt;
  /** Default: loss and averagedLoss; coupled runs add distance and averagedDistance. */
  quantities?: TraceQuantity[];
  /** The loss of a point; default: the run's empirical risk F_S (F_{S′} for the neighbour run). */
  loss?: (w: Float64Array, objective: Objective) => number;
}

export interface SgdTrace {
  steps: Int32Array;
  /** loss(w_t) at each recorded step */
  loss?: Float64Array;
  /** loss of each averaged point (in the order of cfg.averagers) at each recorded step */
  averagedLoss?: Float64Array[];
}

export interface CoupledTrace {
  steps: Int32Array;
  /** [run on S, run on S^(i*)] */
  loss?: [Float64Array, Float64Array];
  averagedLoss?: [Float64Array[], Float64Array[]];
  /** ‖w_t − w′_t‖ */
  distance?: Float64Array;
  /** ‖w̄_t − w̄′_t‖ per averager */
  averagedDistance?: Float64Array[];
}

/** The recorded steps of a trace over a run of T steps (sorted, unique, in [0, T]). */
export function traceSteps(at: TraceAt, T: number): Int32Array {
  requireInteger('T', T, 1);
  const set = new Set<number>();
  if ('steps' in at) {
    for (let i = 0; i < at.steps.length; i++) set.add(requireInteger(`trace.steps[${i}]`, at.steps[i], 0, T));
  } else if ('logSpaced' in at) {
    const m = requireInteger('trace.logSpaced', at.logSpaced, 1);
    if (at.includeZero) set.add(0);
    set.add(T);
    for (let i = 0; i < m; i++) set.add(Math.max(1, Math.round(Math.pow(T, m === 1 ? 1 : i / (m - 1)))));
  } else {
    throw new InvalidParameterError('trace.at', at, '{ steps: number[] } or { logSpaced: number }');
  }
  return Int32Array.from([...set].sort((x, y) => x - y));
}

/** `at(t)` calls `record(slot)` when t is the next traced step (steps arrive in increasing order). */
function stepper(steps: Int32Array, record: (slot: number) => void) {
  let next = 0;
  const at = (t: number) => {
    if (next < steps.length && steps[next] === t) record(next++);
  };
  return { at };
}

const defaultLoss = (w: Float64Array, obj: Objective) => empiricalRisk(obj, w);

/** Runs projected SGD and records the trace (see TraceOptions). */
export function traceSgd(cfg: SgdConfig, opts: RunOptions & TraceOptions): { result: SgdResult; trace: SgdTrace } {
  const steps = traceSteps(opts.at, cfg.T);
  const q = new Set(opts.quantities ?? ['loss', 'averagedLoss']);
  const lossOf = opts.loss ?? defaultLoss;
  const nAvg = (cfg.averagers ?? [{ kind: 'last' }]).length;
  const trace: SgdTrace = { steps };
  if (q.has('loss')) trace.loss = new Float64Array(steps.length);
  if (q.has('averagedLoss')) trace.averagedLoss = Array.from({ length: nAvg }, () => new Float64Array(steps.length));
  let runner: SgdRunner | undefined;
  const s = stepper(steps, (slot) => {
    const r = runner as SgdRunner;
    if (trace.loss) trace.loss[slot] = lossOf(r.w, r.objective);
    if (trace.averagedLoss)
      for (let i = 0; i < nAvg; i++) trace.averagedLoss[i][slot] = lossOf(r.averagers[i].read(), r.objective);
  });
  const result = runSgd(cfg, {
    ...opts,
    start: (r) => {
      runner = r;
      opts.start?.(r);
      s.at(0);
    },
    observe: (t, r) => {
      opts.observe?.(t, r);
      s.at(t);
    },
  });
  return { result, trace };
}

/** Runs a coupled pair (src/engine/coupled.ts) and records the trace. */
export function traceCoupled(
  cfg: CoupledConfig,
  opts: CoupledOptions & TraceOptions,
): { result: CoupledResult; trace: CoupledTrace } {
  const steps = traceSteps(opts.at, cfg.T);
  const q = new Set(opts.quantities ?? ['loss', 'averagedLoss', 'distance', 'averagedDistance']);
  const lossOf = opts.loss ?? defaultLoss;
  const nAvg = (cfg.averagers ?? [{ kind: 'last' }]).length;
  const m = steps.length;
  const perAvg = () => Array.from({ length: nAvg }, () => new Float64Array(m));
  const trace: CoupledTrace = { steps };
  if (q.has('loss')) trace.loss = [new Float64Array(m), new Float64Array(m)];
  if (q.has('averagedLoss')) trace.averagedLoss = [perAvg(), perAvg()];
  if (q.has('distance')) trace.distance = new Float64Array(m);
  if (q.has('averagedDistance')) trace.averagedDistance = perAvg();
  let pair: [SgdRunner, SgdRunner] | undefined;
  const s = stepper(steps, (slot) => {
    const [a, b] = pair as [SgdRunner, SgdRunner];
    if (trace.loss) {
      trace.loss[0][slot] = lossOf(a.w, a.objective);
      trace.loss[1][slot] = lossOf(b.w, b.objective);
    }
    if (trace.distance) trace.distance[slot] = dist(a.w, b.w);
    for (let i = 0; i < nAvg; i++) {
      const wa = a.averagers[i].read();
      const wb = b.averagers[i].read();
      if (trace.averagedLoss) {
        trace.averagedLoss[0][i][slot] = lossOf(wa, a.objective);
        trace.averagedLoss[1][i][slot] = lossOf(wb, b.objective);
      }
      if (trace.averagedDistance) trace.averagedDistance[i][slot] = dist(wa, wb);
    }
  });
  const result = runCoupled(cfg, {
    ...opts,
    start: (a, b) => {
      pair = [a, b];
      opts.start?.(a, b);
      s.at(0);
    },
    observe: (t, a, b, h) => {
      opts.observe?.(t, a, b, h);
      s.at(t);
    },
  });
  return { result, trace };
}
