/** One timed run; medians over repeats. Shared by the lean measuring process and the table. */
export interface Measured {
  stepsPerSecond: number;
  seconds: number;
  /** Process CPU time of the timed loop: robust to other processes competing for the cores. */
  cpuSeconds: number;
  loss: number;
}

// Not simple-statistics' median: this module is loaded by the lean measuring process, which must
// not load large modules (see engine-run.ts).
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Medians over repeats, the variants interleaved so that machine load hits them alike. */
export interface Summary {
  /** median steps per wall-clock second */
  steps: number;
  /** median steps per CPU second */
  cpuSteps: number;
  seconds: number;
  loss: number;
  all: number[];
}

export function measure(variants: Record<string, () => Measured>, repeats: number): Record<string, Summary> {
  const runs: Record<string, Measured[]> = {};
  for (const name of Object.keys(variants)) runs[name] = [];
  for (let r = 0; r < repeats; r++) for (const [name, fn] of Object.entries(variants)) runs[name].push(fn());
  const out: Record<string, Summary> = {};
  for (const [name, ms] of Object.entries(runs)) {
    out[name] = {
      steps: median(ms.map((m) => m.stepsPerSecond)),
      cpuSteps: median(ms.map((m) => m.stepsPerSecond * (m.seconds / m.cpuSeconds))),
      seconds: median(ms.map((m) => m.seconds)),
      loss: ms[ms.length - 1].loss,
      all: ms.map((m) => m.stepsPerSecond),
    };
  }
  return out;
}
