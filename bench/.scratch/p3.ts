import { LogisticData } from '../workloads';
import { runSgd } from '../../src/engine/sgd';
const N = 500_000;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/step (cpu, min of 5)'); }
const obj = new LogisticData(100, 1000, 1);
const w = new Float64Array(100).fill(0.01); const g = new Float64Array(100);
time('grad', () => { let s = 0; for (let i = 0; i < N; i++) { obj.grad(w, i % 1000, g); s += g[0]; } return s; });
time('loss', () => { let s = 0; for (let i = 0; i < N; i++) { s += obj.loss(w, i % 1000); } return s; });
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('runSgd fwa1000', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [{ kind: 'fwa', k: 1000 }] }, { seed: 1 }).w[0]);
