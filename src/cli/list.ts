import type { Command } from 'commander';
import { InvalidParameterError } from '../errors';
import type { Theorem, TheoremFamily, TheoremStatus } from '../theory/theorem';

/**
 * `fwa-theorems list`: the registry as a table (id, status, family, mode, hypotheses, formula).
 * `--family`, `--status` filter; `--json` prints the same rows as JSON (with the LaTeX).
 */
const STATUSES: readonly TheoremStatus[] = ['classical', 'derived', 'paper-reading'];
const FAMILIES: readonly TheoremFamily[] = ['convergence', 'stability', 'algebra'];

export interface ListRow {
  id: string;
  status: TheoremStatus;
  family: TheoremFamily;
  kind: string;
  mode: string;
  convention: string;
  hypotheses: string;
  formula: string;
}

export function listRows(theorems: readonly Theorem[], filter: { family?: string; status?: string } = {}): ListRow[] {
  if (filter.family !== undefined && !FAMILIES.includes(filter.family as TheoremFamily)) {
    throw new InvalidParameterError('--family', filter.family, FAMILIES.join(' | '));
  }
  if (filter.status !== undefined && !STATUSES.includes(filter.status as TheoremStatus)) {
    throw new InvalidParameterError('--status', filter.status, STATUSES.join(' | '));
  }
  return theorems
    .filter(
      (t) =>
        (filter.family === undefined || t.family === filter.family) &&
        (filter.status === undefined || t.status === filter.status),
    )
    .map((t) => ({
      id: t.id,
      status: t.status,
      family: t.family,
      kind: t.kind,
      mode: t.measure.mode,
      convention: t.convention,
      hypotheses: t.hypotheses.map((h) => h.id).join('; ') || '—',
      // A bound that is a single symbol (orderings, Jensen) is shown with what the symbol stands for.
      formula: t.bound in t.symbols ? `${t.bound} = ${t.symbols[t.bound]}` : t.bound,
    }));
}

/** Letters the paper and the reports use for a status. */
const STATUS_TAG: Record<TheoremStatus, string> = { classical: '[S]', derived: '[D]', 'paper-reading': '[P]' };

/** Width of `list` when stdout is not a terminal (a file, a pipe, a CI log). */
export const DEFAULT_LIST_WIDTH = 100;

/**
 * The rows as text, at most `width` columns: one line per theorem when that fits (always with
 * `width` = Infinity, `--wide`), else a table of the short fields with the hypotheses and the formula
 * wrapped on indented lines below each theorem. Only a single word longer than the line is cut.
 */
export function formatTable(rows: readonly ListRow[], width = Infinity): string {
  const wide = padded(
    ['id', 'status', 'family', 'kind', 'mode', 'hypotheses', 'formula'],
    rows.map((r) => [r.id, r.status, r.family, r.kind, r.mode, r.hypotheses, r.formula]),
  );
  if (wide.every((l) => l.length <= width)) return wide.join('\n');
  const out = padded(
    ['id', 'tag', 'family', 'kind', 'mode'],
    rows.map((r) => [r.id, STATUS_TAG[r.status], r.family, r.kind, r.mode]),
  ).flatMap((line, i) => (i < 2 ? [line] : [line, ...details(rows[i - 2], width)]));
  return out.join('\n');
}

/** The hypotheses and the formula of a row, wrapped under a hanging label. */
function details(row: ListRow, width: number): string[] {
  const hang = ' '.repeat(16);
  return (
    [
      ['hypotheses', row.hypotheses],
      ['formula', row.formula],
    ] as const
  ).flatMap(([label, text]) =>
    wrap(text, Math.max(20, width - hang.length)).map(
      (l, j) => (j === 0 ? `    ${label}`.padEnd(hang.length) : hang) + l,
    ),
  );
}

/** Header, rule and rows, each column padded to its widest cell (the last one is not padded). */
function padded(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((x, i) => (i === cells.length - 1 ? x : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Greedy word wrap at `width`; a word longer than a line is cut into line-long pieces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let at = 0; at < word.length; at += width) {
      const piece = word.slice(at, at + width);
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  return line === '' ? lines : [...lines, line];
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('print the theorem registry as a table: id, status, family, hypotheses, formula')
    .option('--family <family>', `only this family (${FAMILIES.join(' | ')})`)
    .option('--status <status>', `only this status (${STATUSES.join(' | ')})`)
    .option('--wide', 'one line per theorem, however long (default: fit the terminal, or 100 columns)')
    .option('--json', 'print JSON rows (with the LaTeX of each bound)')
    .action(async (opts: { family?: string; status?: string; wide?: boolean; json?: boolean }) => {
      const { registry } = await import('../catalog/registry');
      let rows: ListRow[];
      try {
        rows = listRows(registry, opts);
      } catch (e) {
        console.error(`fwa-theorems list: ${(e as Error).message}`);
        process.exitCode = 2;
        return;
      }
      if (opts.json) {
        const tex = new Map(registry.map((t) => [t.id, t.tex()]));
        console.log(
          JSON.stringify(
            rows.map((r) => ({ ...r, tex: tex.get(r.id) })),
            null,
            2,
          ),
        );
      } else {
        const width = opts.wide ? Infinity : process.stdout.isTTY ? process.stdout.columns : DEFAULT_LIST_WIDTH;
        console.log(formatTable(rows, width));
        console.log(
          `\n${rows.length} theorem(s). Status: [S] classical, [D] derived, [P] paper-reading (docs/theory/README.md).`,
        );
      }
    });
}
