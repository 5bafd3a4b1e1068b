import katex from 'katex';
import { html, raw, type SafeHtml } from './html';

/**
 * A formula rendered to HTML at build time by KaTeX (the page needs only katex.min.css and its
 * fonts, no script). A formula KaTeX cannot parse is shown as escaped source marked
 * `formula-error`, which the browser test counts as a failure.
 */
export function formula(tex: string, display = true): SafeHtml {
  try {
    return raw(
      katex.renderToString(tex, {
        displayMode: display,
        throwOnError: true,
        output: 'htmlAndMathml',
        strict: 'ignore',
      }),
    );
  } catch (e) {
    return html`<code class="formula-error" title="${(e as Error).message}">${tex}</code>`;
  }
}
