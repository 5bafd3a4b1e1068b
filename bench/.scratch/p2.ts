import { RandomStream } from '../../src/engine/rng';
import { LogisticData } from '../workloads';
import { SgdRunner, runSgd } from '../../src/engine/sgd';
const N = 1_000_000;
function time(name: string, f: () => number) { f(); const c = process.cpuUsage(); const r = f(); const u = process.cpuUsage(c); console.log(name.padEnd(24), ((u.user + u.system) / N * 1e3).toFixed(1), 'ns/step (cpu)', r === 12345 ? '' : ''); }
const obj = new LogisticData(100, 1000, 1);
const w = new Float64Array(100).fill(0.01); const g = new Float64Array(100);
const rng = RandomStream.fromSeed(1);
time('rng.index', () => { let s = 0; for (let i = 0; i < N; i++) s += rng.index(1000); return s; });
time('grad', () => { let s = 0; for (let i = 0; i < N; i++) { obj.grad(w, i % 1000, g); s += g[0]; } return s; });
time('loss', () => { let s = 0; for (let i = 0; i < N; i++) { s += obj.loss(w, i % 1000); } return s; });
time('runner.step only', () => { const r = new SgdRunner({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }); for (let i = 0; i < N; i++) r.step(i % 1000); return r.w[0]; });
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
time('runSgd fwa1000', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [{ kind: 'fwa', k: 1000 }] }, { seed: 1 }).w[0]);
time('runSgd new obj', () => { const o = new LogisticData(100, 1000, 1); return runSgd({ objective: o, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]; });
time('runSgd new obj fwa', () => { const o = new LogisticData(100, 1000, 1); return runSgd({ objective: o, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [{ kind: 'fwa', k: 100 }] }, { seed: 1 }).w[0]; });
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
