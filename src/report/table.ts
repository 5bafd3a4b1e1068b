import { html, type HtmlValue, type SafeHtml } from './html';

export interface TableOptions {
  caption?: string;
  /** Extra class on the <table> (e.g. 'summary'). */
  className?: string;
  /** Per-row class (e.g. the verdict, for colouring). */
  rowClass?: (rowIndex: number) => string | undefined;
}

/** A table of escaped cells (a cell may be SafeHtml for links, tags, formulas). */
export function table(headers: HtmlValue[], rows: HtmlValue[][], o: TableOptions = {}): SafeHtml {
  return html`<table class="${o.className ?? ''}">
    ${
      o.caption
        ? html`<caption>
            ${o.caption}
          </caption>`
        : ''
    }
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r, i) =>
          html`<tr class="${o.rowClass?.(i) ?? ''}">
            ${r.map((c) => html`<td>${c}</td>`)}
          </tr> `,
      )}
    </tbody>
  </table>`;
}
