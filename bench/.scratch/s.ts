import { LogisticData } from '../workloads';
import { runSgd } from '../../src/engine/sgd';
import { empiricalRisk } from '../../src/engine/objective';
import type { AveragerSpec } from '../../src/engine/averaging';
const T = 1_000_000;
function engineRun(k: number, readEvery = false) {
  const objective = new LogisticData(100, 1000, 1);
  const averagers: AveragerSpec[] = k > 0 ? [{ kind: 'fwa', k }] : [];
  const c0 = process.cpuUsage();
  const cfg = { objective, T, schedule: { kind: 'inv-sqrt-t', c: 1 } as const, radius: 10, averagers };
  const r = runSgd(cfg, readEvery ? { seed: 1, observe: (_t, run) => run.averagers[0].read() } : { seed: 1 });
  const cpu = process.cpuUsage(c0);
  empiricalRisk(objective, r.w);
  return ((cpu.user + cpu.system) / T * 1e3).toFixed(1);
}
const mode = process.argv[2];
if (mode === 'a') { for (let i = 0; i < 4; i++) console.log('sgd', engineRun(0)); }
if (mode === 'b') { engineRun(100); for (let i = 0; i < 3; i++) console.log('fwa', engineRun(100), 'sgd', engineRun(0)); }
if (mode === 'c') { engineRun(100); for (let i = 0; i < 3; i++) console.log('fwa', engineRun(100), 'sgd', engineRun(0), 'obs', engineRun(100, true)); }
