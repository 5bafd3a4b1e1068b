import { LogisticData } from '../workloads';
import { RandomStream } from '../../src/engine/rng';
import { runSgd } from '../../src/engine/sgd';
import { dotRow } from '../../src/engine/vec';
const N = 1_000_000;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/step (cpu, min of 5)'); }
const obj = new LogisticData(100, 1000, 1);
const X = obj.X, y = obj.y;
function fused(D: number, useDot: boolean): number {
  const d = D; const w = new Float64Array(d); const rng = RandomStream.fromSeed(1);
  for (let t = 1; t <= N; t++) {
    const i = rng.index(1000);
    const off = i * d;
    let m: number;
    if (useDot) m = dotRow(X, off, w, d); else { let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (let j = 0; j + 3 < d; j += 4) { m0 += X[off + j] * w[j]; m1 += X[off + j + 1] * w[j + 1]; m2 += X[off + j + 2] * w[j + 2]; m3 += X[off + j + 3] * w[j + 3]; } m = m0 + m1 + (m2 + m3); }
    const yi = y[i];
    const c = -yi / (1 + Math.exp(yi * m));
    const a = (1 / Math.sqrt(t));
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j + 3 < d; j += 4) { const x0 = w[j] - a * (c * X[off + j]); const x1 = w[j + 1] - a * (c * X[off + j + 1]); const x2 = w[j + 2] - a * (c * X[off + j + 2]); const x3 = w[j + 3] - a * (c * X[off + j + 3]); w[j] = x0; w[j + 1] = x1; w[j + 2] = x2; w[j + 3] = x3; s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3; }
    const n2 = s0 + s1 + (s2 + s3);
    if (n2 > 100) { const s = 10 / Math.sqrt(n2); for (let q = 0; q < d; q++) w[q] *= s; }
  }
  return w[0];
}
const dd = Number(process.argv[2] ?? 100);
if (process.argv[3] === 'pre') time('fused runtime d', () => fused(dd, false));
if (process.argv[3] === 'pre') time('fused runtime d dotRow', () => fused(dd, true));
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('runSgd fwa100', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [{ kind: 'fwa', k: 100 }] }, { seed: 1 }).w[0]);
time('runSgd again', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('runSgd observe', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [{ kind: 'fwa', k: 100 }] }, { seed: 1, observe: (_t, r) => r.averagers[0].read() }).w[0]);
time('runSgd again', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('runSgd new obj', () => runSgd({ objective: new LogisticData(100, 1000, 1), T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
