import { LogisticData } from '../workloads';
import { RandomStream } from '../../src/engine/rng';
import { runSgd, SgdRunner } from '../../src/engine/sgd';
const N = 500_000;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/step (cpu, min of 5)'); }
const obj = new LogisticData(100, 1000, 1);
function raw(): number {
  const d = 100; const w = new Float64Array(d); const g = new Float64Array(d); const rng = RandomStream.fromSeed(1);
  for (let t = 1; t <= N; t++) {
    const i = rng.index(1000);
    obj.grad(w, i, g);
    const a = 1 / Math.sqrt(t);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0; let j = 0;
    for (; j + 3 < d; j += 4) { const x0 = w[j] - a * g[j]; const x1 = w[j + 1] - a * g[j + 1]; const x2 = w[j + 2] - a * g[j + 2]; const x3 = w[j + 3] - a * g[j + 3]; w[j] = x0; w[j + 1] = x1; w[j + 2] = x2; w[j + 3] = x3; s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3; }
    const n2 = s0 + s1 + (s2 + s3);
    if (n2 > 100) { const s = 10 / Math.sqrt(n2); for (let q = 0; q < d; q++) w[q] *= s; }
  }
  return w[0];
}
time('raw loop', raw);
time('runner.step loop', () => { const r = new SgdRunner({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }); const rng = RandomStream.fromSeed(1); for (let t = 1; t <= N; t++) r.step(rng.index(1000)); return r.w[0]; });
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('raw loop', raw);
