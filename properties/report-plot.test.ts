/**
 * Report figures: numeric axes, log ones above all, label ticks with plain powers of ten,
 * not plotly's default SI prefixes ("1µ", "1f" read as units on a plot of a dimensionless gap).
 */
import { describe, expect, it } from 'vitest';
import { figure } from '../src/report/plot';

interface Spec {
  layout: { xaxis: Record<string, unknown>; yaxis: Record<string, unknown> };
}

function specOf(html: string): Spec {
  const m = /<script type="application\/json" id="fig-\d+-spec">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error(`no figure spec in ${html.slice(0, 200)}`);
  return JSON.parse(m[1]) as Spec;
}

describe('figure axes', () => {
  it('log axes are log axes labelled with powers of ten', () => {
    const s = specOf(
      figure({
        title: 't',
        xTitle: 'T',
        yTitle: 'gap',
        xLog: true,
        yLog: true,
        traces: [{ name: 'measured', x: [2, 4, 8], y: [1e-18, 1e-9, 1e-3] }],
      }).value,
    );
    for (const axis of [s.layout.xaxis, s.layout.yaxis]) {
      expect(axis.type).toBe('log');
      expect(axis.exponentformat).toBe('power');
    }
  });

  it('a linear numeric axis uses powers of ten too (no SI prefix for 1e-6)', () => {
    const s = specOf(
      figure({ title: 't', xTitle: 'k', yTitle: 'ratio', traces: [{ name: 'r', x: [1, 2], y: [1e-6, 2e-6] }] }).value,
    );
    expect(s.layout.yaxis.exponentformat).toBe('power');
    expect(s.layout.yaxis.type).toBeUndefined();
  });
});
