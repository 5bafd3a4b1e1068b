/**
 * Report primitives, shared by the audit and the experiments pages:
 *   pageShell   a standalone page (works from file://, assets local)
 *   html / raw / escapeHtml / scriptJson / slug   escaped-by-construction markup
 *   table       a table of escaped cells
 *   figure      a plotly figure (data in a JSON block, drawn by assets/report.js)
 *   formula     a KaTeX formula rendered at build time
 *   copyAssets  puts KaTeX css+fonts, plotly.min.js and the report css/js under <root>/assets/
 */
export { copyAssets } from './assets';
export { formula } from './formula';
export { escapeHtml, html, raw, SafeHtml, scriptJson, slug, type HtmlValue } from './html';
export { pageShell, type PageOptions } from './page';
export { figure, type Figure, type Trace } from './plot';
export { table, type TableOptions } from './table';
