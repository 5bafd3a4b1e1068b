import type { GramForm } from './algebra';

/**
 * SDPA sparse format ("dat-s") for CSDP's primal
 *   max ⟨C, X⟩  s.t. ⟨A_i, X⟩ = a_i,  X ⪰ 0,
 * with X = blockdiag(P, diag(f, s)): P the n × n Gram matrix, f ≥ 0 the nf scalars, s ≥ 0 one slack per
 * inequality. Inequality i, `form_i ≤ 0` with form_i = ⟨Q_i, P⟩ + ⟨lin_i, f⟩ + c_i, becomes
 * ⟨Q_i, P⟩ + ⟨lin_i, f⟩ + s_i = −c_i. Its dual multiplier y_i is then ≥ 0 (the slack's dual constraint).
 *
 * Format: m; the number of blocks; block sizes (negative: diagonal); the vector a; then one line
 * `matrix block i j value` per upper-triangle entry, matrix 0 being C (1-based indices throughout).
 */
export interface SdpaProblem {
  n: number;
  nf: number;
  rows: GramForm[];
  objective: GramForm;
}

const fmt = (v: number): string => String(v);

function entries(matrix: number, form: GramForm, n: number, out: string[]): void {
  const keys = [...form.Q.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    const v = form.Q.get(key)!;
    if (v !== 0) out.push(`${matrix} 1 ${Math.floor(key / n) + 1} ${(key % n) + 1} ${fmt(v)}`);
  }
  form.lin.forEach((v, k) => {
    if (v !== 0) out.push(`${matrix} 2 ${k + 1} ${k + 1} ${fmt(v)}`);
  });
}

export function writeSdpa(p: SdpaProblem): string {
  const m = p.rows.length;
  const out: string[] = [`${m}`, '2', `${p.n} ${-(p.nf + m)}`, p.rows.map((r) => fmt(-r.c)).join(' ')];
  entries(0, p.objective, p.n, out);
  p.rows.forEach((r, i) => {
    entries(i + 1, r, p.n, out);
    out.push(`${i + 1} 2 ${p.nf + i + 1} ${p.nf + i + 1} 1`);
  });
  return out.join('\n') + '\n';
}
