/**
 * Audit progress lines: the ETA is weighted by cell cost and withheld until enough of the
 * cost is done (the first ETA once said 4m57s for a 23 s run: the plan starts with its most expensive
 * cells), and a violated [P] reading is called a FINDING on the progress lines as in the summary.
 * A fake clock makes every case exact; no timing of real runs.
 */
import { describe, expect, it } from 'vitest';
import type { Cell, CellResult } from '../src/audit/cell';
import { CostClock, lineProgress } from '../src/audit/progress';
import type { TheoremStatus } from '../src/theory/theorem';

function cell(i: number, theorem: string, replicates: number, T: number): Cell {
  return {
    key: `c${i}`,
    index: i,
    theorem,
    axes: ['sample'],
    trial: {
      theorem,
      instance: { generator: 'linear', params: { n: 4 }, seed: 0 },
      params: { T },
      seed: i,
      replicates,
    },
  };
}

function result(c: Cell, verdict: CellResult['verdict']): CellResult {
  return { key: c.key, theorem: c.theorem, trial: c.trial, axes: c.axes, verdict, ms: 0 };
}

/**
 * Wall time of a fake cell: proportional to replicates × T, the engine work, computed here apart from
 * the progress module's cost model (so an ETA that ignores cost is caught).
 */
const cellMs = (c: Cell, msPerStep: number): number => msPerStep * c.trial.replicates * c.trial.params.T;

/** Runs `cells` in order on a fake clock (cellMs per cell); returns the lines and when each was written. */
function replay(
  cells: Cell[],
  msPerStep: number,
  status: Map<string, TheoremStatus>,
  verdict: (c: Cell) => CellResult['verdict'] = () => 'holds',
): { lines: string[]; at: number[] } {
  let now = 0;
  const lines: string[] = [];
  const at: number[] = [];
  const p = lineProgress(
    (l) => {
      lines.push(l);
      at.push(now);
    },
    () => now,
  );
  p.start({ cells, status });
  for (const c of cells) {
    now += cellMs(c, msPerStep);
    p.tick(result(c, verdict(c)));
  }
  return { lines, at };
}

const parseEta = (line: string): number | undefined => {
  const m = /ETA (?:(\d+)m)?(\d+)s/.exec(line);
  return m ? (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000 : undefined;
};

describe('audit ETA', () => {
  // The shape that misled: a few expensive sample cells first (256 replicates × T = 300), then many
  // cheap ones (relations, deterministic runs).
  const cells = [
    ...Array.from({ length: 20 }, (_, i) => cell(i, 'gap', 256, 300)),
    ...Array.from({ length: 400 }, (_, i) => cell(20 + i, 'relation', 1, 10)),
  ];
  const totalMs = cells.reduce((s, c) => s + cellMs(c, 0.01), 0);
  const status = new Map<string, TheoremStatus>([
    ['gap', 'derived'],
    ['relation', 'derived'],
  ]);

  it('is withheld until 5 % of the cost is done, and ignores the start-up before the first cell', () => {
    let now = 0;
    const even = Array.from({ length: 100 }, (_, i) => cell(i, 'gap', 1, 10));
    const clock = new CostClock(even, () => now);
    now = 9000; // the workers' start-up: not part of the rate
    for (let i = 0; i < 100; i++) {
      if (i < 5) expect(clock.etaMs(), `after ${i} of 100 equal cells`).toBeUndefined();
      // 7 ms per cell, measured from the first finished cell on
      else expect(clock.etaMs(), `after ${i} of 100 equal cells`).toBeCloseTo(7 * (100 - i), 6);
      now += 7;
      clock.finish(even[i].key);
    }
    expect(clock.etaMs()).toBe(0);
  });

  it('is honest: every ETA within 15 % (or 1 s) of the true time left', () => {
    // a cell-count ETA is ~10× too long after the expensive cells of this plan
    const { lines, at } = replay(cells, 0.01, status);
    let shown = 0;
    for (let j = 0; j < lines.length; j++) {
      const eta = parseEta(lines[j]);
      if (eta === undefined) continue;
      shown++;
      const truth = totalMs - at[j];
      expect(Math.abs(eta - truth), `${lines[j]}; true time left ${truth} ms`).toBeLessThanOrEqual(
        Math.max(1000, 0.15 * truth),
      );
    }
    expect(shown).toBeGreaterThan(5);
  });
});

describe('progress vocabulary', () => {
  it('a violated [P] reading is a FINDING on the progress line, an [S]/[D] one VIOLATED', () => {
    const cells = [cell(0, 'reading', 1, 5), cell(1, 'derived', 1, 5)];
    const status = new Map<string, TheoremStatus>([
      ['reading', 'paper-reading'],
      ['derived', 'derived'],
    ]);
    const { lines } = replay(cells, 1, status, () => 'violated');
    expect(lines.find((l) => l.includes('reading '))).toMatch(/reading FINDING \(cell c0\)/);
    expect(lines.find((l) => l.includes('derived '))).toMatch(/derived VIOLATED \(cell c1\)/);
    expect(lines.join('\n')).not.toMatch(/reading VIOLATED/);
  });
});
