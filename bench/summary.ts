/**
 * The one dated table `npm run bench` ends with: each speed target next to what was measured now, and
 * whether it is met. The targets: the engine at ≥ 0.8× a gcc -O2 C loop for SGD and FWA (steps per CPU
 * second, the robust ratio on a shared machine; wall beside it), exact enumeration at ≥ 10 M path-steps
 * per second on the coupled workload, and the PEP of the constant step at k = T in ≤ 10 minutes at T = 100
 * (docs/performance.md keeps the dated results).
 */
import { loadavg } from 'node:os';
import type { Summary } from './measure';
import type { PepTiming } from './pep';

export interface BenchResults {
  /** The table's date, as printed at its head. */
  date: string;
  /** The FWA window of the engine rows. */
  k: number;
  /** Engine / C ratios by row (absent with --no-c). */
  ratios?: Record<string, { wall: number; cpu: number }>;
  /** The prefix walk's medians (bench/enumerate.ts). */
  enumeration: Summary;
  /** PEP timings by row (bench/pep.ts); empty without CSDP. */
  pep: Record<string, PepTiming>;
}

const ENGINE_TARGET = 0.8;
const ENUMERATION_TARGET = 10e6;
const PEP_TARGET_SECONDS = 600;

const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const millions = (x: number): string => `${(x / 1e6).toFixed(1)} M`;

export function summaryTable(r: BenchResults): void {
  const rows: Record<string, { measured: string; target: string; verdict: string }> = {};
  for (const kn of ['wasm', 'js']) {
    for (const v of ['SGD', `FWA(k=${r.k})`]) {
      const q = r.ratios?.[`engine ${kn} / C steps/s, ${v}`];
      if (!q) continue;
      rows[`engine (${kn}) / C, ${v}`] = {
        measured: `${q.cpu.toFixed(2)}× CPU, ${q.wall.toFixed(2)}× wall`,
        target: kn === 'wasm' ? `≥ ${ENGINE_TARGET}× (CPU)` : 'reference path',
        verdict: kn === 'wasm' ? met(q.cpu >= ENGINE_TARGET) : '',
      };
    }
  }
  const e = r.enumeration;
  rows['enumeration, prefix walk (n=4, T=9, d=10)'] = {
    measured: `${millions(e.cpuSteps)} path-steps/CPU-s, ${millions(e.steps)}/s wall`,
    target: `≥ ${millions(ENUMERATION_TARGET)} path-steps/s`,
    verdict: met(e.cpuSteps >= ENUMERATION_TARGET),
  };
  for (const [name, t] of Object.entries(r.pep)) {
    const T = Number(/^T=(\d+)/.exec(name)?.[1]);
    rows[`PEP ${name}`] = {
      measured: `${t['wall s']} s wall, ${t['solver CPU s']} solver CPU-s`,
      target: T === 100 && name.includes('split') ? `≤ ${PEP_TARGET_SECONDS} s` : '',
      verdict: T === 100 && name.includes('split') ? met(t['wall s'] <= PEP_TARGET_SECONDS) : '',
    };
  }
  console.log(`summary, ${r.date} (1-min load average ${loadavg()[0].toFixed(2)}): targets and what was measured`);
  console.table(rows);
}
