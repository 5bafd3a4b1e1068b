import type { Command } from 'commander';
import { InvalidParameterError } from '../errors';
import { registry } from '../theory/registry';
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

export function listRows(
  theorems: readonly Theorem[] = registry,
  filter: { family?: string; status?: string } = {},
): ListRow[] {
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

/** Plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly ListRow[]): string {
  const cols: (keyof ListRow)[] = ['id', 'status', 'family', 'kind', 'mode', 'hypotheses', 'formula'];
  const width = (c: keyof ListRow): number => Math.max(c.length, ...rows.map((r) => r[c].length));
  const widths = cols.map(width);
  const line = (cells: string[]): string =>
    cells
      .map((x, i) => (i === cells.length - 1 ? x : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => r[c])))].join(
    '\n',
  );
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('print the theorem registry as a table: id, status, family, hypotheses, formula')
    .option('--family <family>', `only this family (${FAMILIES.join(' | ')})`)
    .option('--status <status>', `only this status (${STATUSES.join(' | ')})`)
    .option('--json', 'print JSON rows (with the LaTeX of each bound)')
    .action((opts: { family?: string; status?: string; json?: boolean }) => {
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
        console.log(formatTable(rows));
        console.log(
          `\n${rows.length} theorem(s). Tags: classical [S], derived [D], paper-reading [P] (docs/theory/README.md).`,
        );
      }
    });
}
