/**
 * The two factorizations the certificates rest on (dense, n ≤ ~100, plain loops).
 */

/**
 * Pivoted Cholesky of a symmetric positive semidefinite n × n matrix A (row-major): rows of V (r × n,
 * row-major) with VᵀV ≈ A, stopping when the largest remaining diagonal falls below `relTol` times the
 * largest diagonal of A. Column i of V is then an explicit vector in R^r whose inner products reproduce A:
 * the Gram basis made concrete.
 */
export function gramFactor(A: Float64Array, n: number, relTol = 1e-12): { V: Float64Array; r: number } {
  const R = A.slice();
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, R[i * n + i]);
  const rows: Float64Array[] = [];
  const done = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    let p = -1;
    let best = relTol * maxDiag;
    for (let i = 0; i < n; i++)
      if (!done[i] && R[i * n + i] > best) {
        best = R[i * n + i];
        p = i;
      }
    if (p < 0) break;
    const piv = Math.sqrt(R[p * n + p]);
    const row = new Float64Array(n);
    for (let i = 0; i < n; i++) if (!done[i]) row[i] = R[i * n + p] / piv;
    done[p] = 1;
    row[p] = piv;
    for (let i = 0; i < n; i++) {
      if (done[i] || row[i] === 0) continue;
      for (let j = 0; j < n; j++) if (!done[j]) R[i * n + j] -= row[i] * row[j];
    }
    rows.push(row);
  }
  const V = new Float64Array(rows.length * n);
  rows.forEach((row, k) => V.set(row, k * n));
  return { V, r: rows.length };
}

/** Column i of a row-major r × n matrix. */
export function column(V: Float64Array, r: number, n: number, i: number): Float64Array {
  const c = new Float64Array(r);
  for (let k = 0; k < r; k++) c[k] = V[k * n + i];
  return c;
}

/**
 * Whether A + shift·I is positive definite, by a plain Cholesky factorization (row-major, n × n).
 * Success proves A ⪰ −shift·I up to the factorization's rounding, which the caller's shift must
 * dominate (backward error ≤ ~(n + 1)·u·max|A| for Cholesky, u the unit roundoff).
 */
export function choleskySucceeds(A: Float64Array, n: number, shift: number): boolean {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j] + shift;
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return true;
}
