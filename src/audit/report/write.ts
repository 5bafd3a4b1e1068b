import { existsSync, mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../io/atomic';
import { join } from 'node:path';
import type { Catalog } from '../../catalog/load';
import type { CellResult } from '../cell';
import type { AuditSummary } from '../summary';
import { EXPERIMENTS_INDEX } from '../../experiments/report';
import { readLedger } from '../../guard/ledger';
import { copyAssets } from '../../report/assets';
import { indexPage } from './index-page';
import { theoremPage } from './theorem-page';
import { theoremPagePath } from './common';

/**
 * The audit report of a run directory: index.html, one page per theorem and the assets, written from
 * the run's own outputs (its summary and results); nothing written by `npm test` is read.
 */

/** Writes index.html, one page per theorem and the assets into the run directory. */
export function writeAuditReport(out: string, catalog: Catalog, summary: AuditSummary, results: CellResult[]): void {
  copyAssets(out);
  mkdirSync(join(out, 'theorems'), { recursive: true });
  const experiments = join(out, '..', EXPERIMENTS_INDEX);
  const ledger = readLedger().entries.filter((e) => catalog.theorems.some((t) => t.id === e.theorem));
  writeFileAtomic(
    join(out, 'index.html'),
    indexPage(summary, ledger, existsSync(experiments) ? `../${EXPERIMENTS_INDEX}` : undefined).value,
  );
  for (const ts of summary.theorems) {
    const th = catalog.theorems.find((t) => t.id === ts.id);
    if (!th) continue;
    const rs = results.filter((r) => r.theorem === ts.id);
    writeFileAtomic(join(out, theoremPagePath(ts.id)), theoremPage(th, ts, summary, rs).value);
  }
}
