import { makeAverager } from '../../src/engine/averaging';
import { CompensatedSum } from '../../src/engine/compensated';
const N = 300_000, d = 100;
function time(name: string, f: () => number) { f(); let best = Infinity; for (let r = 0; r < 3; r++) { const c = process.cpuUsage(); f(); const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / N * 1e3); } console.log(name.padEnd(24), best.toFixed(1), 'ns/op (cpu)'); }
const w = new Float64Array(d).map((_, j) => Math.sin(j));
const cs = new CompensatedSum(d);
time('addAt', () => { for (let i = 0; i < N; i++) cs.addAt(w, 0); return cs.sum[0]; });
const a = makeAverager({ kind: 'fwa', k: 100 }, d); a.init(w, N);
time('update only', () => { a.init(w, N); for (let t = 1; t <= N; t++) a.update(t, w); return 0; });
time('update+read', () => { a.init(w, N); for (let t = 1; t <= N; t++) { a.update(t, w); a.read(); } return 0; });
const out = new Float64Array(d), sufS = new Float64Array(100 * d), sufC = new Float64Array(100 * d);
time('combine', () => { for (let i = 0; i < N; i++) { const off = (i % 99 + 1) * d; const inv = 1 / 100; for (let j = 0; j < d; j++) { const x = cs.sum[j]; const y = sufS[off + j]; const h = x + y; const v = h - x; const lo = x - (h - v) + (y - v); out[j] = (h + (lo + (cs.comp[j] + sufC[off + j]))) * inv; } } return out[0]; });
time('set x2', () => { for (let i = 0; i < N; i++) { sufS.set(cs.sum, (i % 99 + 1) * d); sufC.set(cs.comp, (i % 99 + 1) * d); } return 0; });
const b = makeAverager({ kind: 'fwa', k: 1000 }, d);
time('k=1000 update+read', () => { b.init(w, N); for (let t = 1; t <= N; t++) { b.update(t, w); b.read(); } return 0; });
