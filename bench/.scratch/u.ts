import { LogisticData } from '../workloads';
import { RandomStream } from '../../src/engine/rng';
import { runSgd } from '../../src/engine/sgd';
import { dotRow } from '../../src/engine/vec';
const N = 1_000_000;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 5; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/step (cpu, min of 5)'); }
const obj = new LogisticData(100, 1000, 1);
const mode = process.argv[2];
if (mode === 'rng') time('rng', () => { const r = RandomStream.fromSeed(1); let s = 0; for (let i = 0; i < N; i++) s += r.index(1000); return s; });
if (mode === 'warm') for (let i = 0; i < 30; i++) runSgd({ objective: obj, T: 20000, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: i });
if (mode === 'rng1') { const r = RandomStream.fromSeed(1); let s = 0; for (let i = 0; i < 100; i++) s += r.index(1000); }
if (mode === 'rngN') { const r = RandomStream.fromSeed(1); let s = 0; for (let i = 0; i < 100000; i++) s += r.index(1000); }
if (mode === 'dot') time('dot', () => { const w = new Float64Array(100); let s = 0; for (let i = 0; i < N; i++) s += dotRow(obj.X, (i % 1000) * 100, w, 100); return s; });
time('runSgd', () => runSgd({ objective: obj, T: N, schedule: { kind: 'inv-sqrt-t', c: 1 }, radius: 10, averagers: [] }, { seed: 1 }).w[0]);
