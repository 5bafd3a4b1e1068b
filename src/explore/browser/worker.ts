import { trialReplayCommand } from '../../audit/replay';
import type { Theorem } from '../../theory/theorem';
import {
  axisValues,
  boundBeforeRun,
  certifiedAt,
  curvePoint,
  invalidity,
  isInvalid,
  outcomeOf,
  theoremInfo,
} from '../model';
import type { CertifiedPoint, CurvePoint, FromWorker, ToWorker } from '../protocol';
// Resolved when the page is built (src/explore/build.ts): the registry's catalog or the user's file.
import { catalog } from 'explore:catalog';

/**
 * The explorer's Web Worker: everything that computes (the catalog, mathjs, the Float64 engine) runs
 * here, so the page stays responsive. Work is cut into units (the bound, the run, one curve point);
 * between units the worker yields to its message queue and drops a request that a newer one has
 * superseded. A unit that runs long (a large T) is cancelled by the page, which terminates the worker.
 */

declare const self: DedicatedWorkerGlobalScope;

const byId = new Map<string, Theorem>(catalog.theorems.map((t) => [t.id, t]));
let certified: Record<string, CertifiedPoint[]> = {};
let catalogFile: string | null = null;
let latest = 0;

function post(m: FromWorker): void {
  self.postMessage(m);
}

/** Lets queued messages (a newer request) in; true when the request is still the latest. */
async function stillWanted(request: number): Promise<boolean> {
  await new Promise((r) => setTimeout(r, 0));
  return request === latest;
}

async function compute(request: number, id: string, trial: Parameters<typeof outcomeOf>[1]): Promise<void> {
  const theorem = byId.get(id);
  if (!theorem) return post({ type: 'error', request, message: `no theorem ${id} in this catalog` });
  const points = certified[id] ?? [];
  const bad = invalidity(theorem, trial);
  if (bad) return post({ type: 'invalid', request, ...bad });
  const before = boundBeforeRun(theorem, trial);
  post({
    type: 'bound',
    request,
    bound: before?.bound ?? null,
    scope: before?.scope ?? {},
    certified: before ? certifiedAt(points, trial, before.scope) : null,
  });
  // Bounds of both curves first (cheap), then the engine: the measured point, then the curves' runs.
  const axes = (['T', 'k'] as const).filter((a) => axisValues(trial, a).length > 1);
  const curves = new Map<'T' | 'k', CurvePoint[]>();
  for (const axis of axes) {
    curves.set(
      axis,
      axisValues(trial, axis).map((x) => curvePoint(theorem, points, trial, axis, x, false)),
    );
    post({ type: 'curve', request, axis, points: curves.get(axis)!, done: 0, total: curves.get(axis)!.length });
  }
  if (!(await stillWanted(request))) return;
  const t0 = performance.now();
  const outcome = outcomeOf(theorem, trial);
  if (isInvalid(outcome)) return post({ type: 'invalid', request, ...outcome });
  post({
    type: 'outcome',
    request,
    outcome,
    replay: trialReplayCommand(trial, catalogFile ?? undefined),
    ms: performance.now() - t0,
  });
  for (const axis of axes) {
    const pts = curves.get(axis)!;
    for (let i = 0; i < pts.length; i++) {
      if (!(await stillWanted(request))) return;
      if (pts[i].error === undefined) pts[i] = curvePoint(theorem, points, trial, axis, pts[i].x, true);
      post({ type: 'curve', request, axis, points: pts, done: i + 1, total: pts.length });
    }
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'init') {
    certified = m.certified;
    catalogFile = m.catalog;
    post({
      type: 'ready',
      theorems: catalog.theorems.map((t) => ({
        id: t.id,
        title: t.title,
        status: t.status,
        runs: t.check !== undefined,
      })),
    });
    return;
  }
  if (m.type === 'describe') {
    const t = byId.get(m.theorem);
    if (t) post({ type: 'described', info: theoremInfo(t, certified[t.id] ?? []) });
    return;
  }
  latest = m.request;
  compute(m.request, m.theorem, m.trial).catch((err: unknown) =>
    post({
      type: 'error',
      request: m.request,
      message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    }),
  );
};
