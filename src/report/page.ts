import { html, type HtmlValue, type SafeHtml } from './html';

export interface PageOptions {
  title: string;
  /** Relative path from the page to the report root (where assets/ lives): '.' or '..'. */
  root: string;
  body: HtmlValue;
  /** Breadcrumb links shown above the title: [label, href relative to the page]. */
  nav?: Array<[string, string]>;
  /** Load KaTeX's stylesheet (pages with formulas). */
  katex?: boolean;
  /** Load plotly and the figure bootstrap (pages with figures). */
  plots?: boolean;
}

/** A standalone page that works from file:// with no network: every asset is local under assets/. */
export function pageShell(o: PageOptions): SafeHtml {
  const a = `${o.root}/assets`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${o.title}</title>
        <link rel="stylesheet" href="${a}/report.css" />
        ${o.katex ? html`<link rel="stylesheet" href="${a}/katex/katex.min.css" />` : ''}
        ${
          o.plots
            ? html`<script src="${a}/plotly.min.js"></script>
                <script src="${a}/report.js" defer></script>`
            : ''
        }
      </head>
      <body>
        <main>
          ${o.nav?.length ? html`<nav>${o.nav.map(([label, href], i) => html`${i > 0 ? ' / ' : ''}<a href="${href}">${label}</a>`)}</nav>` : ''}
          <h1>${o.title}</h1>
          ${o.body}
        </main>
      </body>
    </html> `;
}
