import { RandomStream } from '/work/main/src/engine/rng';
import { logisticData } from '/work/main/bench/workloads';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
const N = 2_000_000;
function time(name: string, f: () => number) { f(); const c = process.cpuUsage(); const r = f(); const u = process.cpuUsage(c); console.log(name.padEnd(20), ((u.user + u.system) / N * 1e3).toFixed(1), 'ns/step (cpu)', r === 12345 ? '' : ''); }
const rng = RandomStream.fromSeed(1);
time('rng.index', () => { let s = 0; for (let i = 0; i < N; i++) s += rng.index(1000); return s; });
const g0 = xoroshiro128plus(1);
time('gen.next', () => { let s = 0; for (let i = 0; i < N; i++) s += g0.next(); return s; });
const obj = logisticData(100, 1000, 1);
const w = new Float64Array(100).fill(0.01); const g = new Float64Array(100);
time('grad', () => { let s = 0; for (let i = 0; i < N; i++) { obj.grad(w, i % 1000, g); s += g[0]; } return s; });
time('update+norm', () => { let s = 0; for (let i = 0; i < N; i++) { let n2 = 0; const a = 1e-9; for (let j = 0; j < 100; j++) { const x = w[j] - a * g[j]; w[j] = x; n2 += x * x; } s += n2; } return s; });
time('update+norm4', () => { let s = 0; for (let i = 0; i < N; i++) { let n0 = 0, n1 = 0, n2 = 0, n3 = 0; const a = 1e-9; let j = 0; for (; j + 3 < 100; j += 4) { const x0 = w[j] - a * g[j]; const x1 = w[j+1] - a * g[j+1]; const x2 = w[j+2] - a * g[j+2]; const x3 = w[j+3] - a * g[j+3]; w[j] = x0; w[j+1] = x1; w[j+2] = x2; w[j+3] = x3; n0 += x0 * x0; n1 += x1*x1; n2 += x2*x2; n3 += x3*x3; } s += n0 + n1 + n2 + n3; } return s; });
const ring = new Float64Array(1000 * 100);
time('ring.set', () => { let s = 0; for (let i = 0; i < N; i++) { ring.set(w, (i % 1000) * 100); } return s; });
time('exp', () => { let s = 0; for (let i = 0; i < N; i++) { s += Math.exp(i * 1e-7); } return s; });
