import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const OWN = fileURLToPath(new URL('./assets/', import.meta.url));

/**
 * Copies what the pages load into <root>/assets/: KaTeX's css and fonts, plotly.min.js (one local
 * copy per report, no CDN) and the report's own css and figure bootstrap.
 */
export function copyAssets(root: string): void {
  const dest = join(root, 'assets');
  mkdirSync(join(dest, 'katex'), { recursive: true });
  const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');
  copyFile(join(katexDist, 'katex.min.css'), join(dest, 'katex', 'katex.min.css'));
  mkdirSync(join(dest, 'katex', 'fonts'), { recursive: true });
  for (const f of readdirSync(join(katexDist, 'fonts')))
    copyFile(join(katexDist, 'fonts', f), join(dest, 'katex', 'fonts', f));
  copyFile(
    join(dirname(require.resolve('plotly.js-dist-min/package.json')), 'plotly.min.js'),
    join(dest, 'plotly.min.js'),
  );
  copyFile(join(OWN, 'report.css'), join(dest, 'report.css'));
  copyFile(join(OWN, 'report.js'), join(dest, 'report.js'));
}

/** A resumed or re-rendered run already holds the 6 MB of assets: copy only what differs. */
function copyFile(from: string, to: string): void {
  if (existsSync(to)) {
    const a = statSync(from);
    const b = statSync(to);
    if (a.size === b.size && a.mtimeMs <= b.mtimeMs) return;
  }
  cpSync(from, to);
}
