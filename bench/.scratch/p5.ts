import { LogisticData } from '../workloads';
import { RandomStream } from '../../src/engine/rng';
const N = 500_000;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/step (cpu, min of 5)'); }
const obj = new LogisticData(100, 1000, 1);
const X = obj.X, y = obj.y;
function fused(): number {
  const d = 100; const w = new Float64Array(d); const rng = RandomStream.fromSeed(1);
  for (let t = 1; t <= N; t++) {
    const i = rng.index(1000);
    const off = i * d;
    let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (let j = 0; j < d; j += 4) { m0 += X[off + j] * w[j]; m1 += X[off + j + 1] * w[j + 1]; m2 += X[off + j + 2] * w[j + 2]; m3 += X[off + j + 3] * w[j + 3]; }
    const yi = y[i];
    const c = -yi / (1 + Math.exp(yi * (m0 + m1 + (m2 + m3))));
    const a = (1 / Math.sqrt(t)) * c;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < d; j += 4) { const x0 = w[j] - a * X[off + j]; const x1 = w[j + 1] - a * X[off + j + 1]; const x2 = w[j + 2] - a * X[off + j + 2]; const x3 = w[j + 3] - a * X[off + j + 3]; w[j] = x0; w[j + 1] = x1; w[j + 2] = x2; w[j + 3] = x3; s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3; }
    const n2 = s0 + s1 + (s2 + s3);
    if (n2 > 100) { const s = 10 / Math.sqrt(n2); for (let q = 0; q < d; q++) w[q] *= s; }
  }
  return w[0];
}
function fusedG(): number {
  const d = 100; const w = new Float64Array(d); const g = new Float64Array(d); const rng = RandomStream.fromSeed(1);
  for (let t = 1; t <= N; t++) {
    const i = rng.index(1000);
    const off = i * d;
    let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (let j = 0; j < d; j += 4) { m0 += X[off + j] * w[j]; m1 += X[off + j + 1] * w[j + 1]; m2 += X[off + j + 2] * w[j + 2]; m3 += X[off + j + 3] * w[j + 3]; }
    const yi = y[i];
    const c = -yi / (1 + Math.exp(yi * (m0 + m1 + (m2 + m3))));
    const a = (1 / Math.sqrt(t));
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let j = 0; j < d; j += 4) {
      const g0 = c * X[off + j], g1 = c * X[off + j + 1], g2 = c * X[off + j + 2], g3 = c * X[off + j + 3];
      g[j] = g0; g[j + 1] = g1; g[j + 2] = g2; g[j + 3] = g3;
      const x0 = w[j] - a * g0; const x1 = w[j + 1] - a * g1; const x2 = w[j + 2] - a * g2; const x3 = w[j + 3] - a * g3; w[j] = x0; w[j + 1] = x1; w[j + 2] = x2; w[j + 3] = x3; s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3; }
    const n2 = s0 + s1 + (s2 + s3);
    if (n2 > 100) { const s = 10 / Math.sqrt(n2); for (let q = 0; q < d; q++) w[q] *= s; }
  }
  return w[0];
}
time('fused', fused);
time('fused+g', fusedG);
time('fused', fused);
time('fused+g', fusedG);
