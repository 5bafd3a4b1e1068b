/** Float64Array kernels. Plain loops: these sit inside every SGD step. */
export type Vec = Float64Array;

export function zeros(d: number): Vec {
  return new Float64Array(d);
}

export function dot(a: Vec, b: Vec): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/**
 * x·w for x = X[off .. off + d) (row i of a row-major data matrix, off = i·d), with four partial sums:
 * a single serial chain of d additions is latency-bound. Differs from `dot` in the last bits. The
 * engine's WebAssembly kernel (wasm/linear-step.wat) sums in this order for the same bits.
 */
export function dotRow(X: Vec, off: number, w: Vec, d: number): number {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    m0 += X[off + j] * w[j];
    m1 += X[off + j + 1] * w[j + 1];
    m2 += X[off + j + 2] * w[j + 2];
    m3 += X[off + j + 3] * w[j + 3];
  }
  for (; j < d; j++) m0 += X[off + j] * w[j];
  return m0 + m1 + (m2 + m3);
}

function norm2(a: Vec): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * a[j];
  return s;
}

export function norm(a: Vec): number {
  return Math.sqrt(norm2(a));
}

/** ‖a‖ without overflow or underflow of the squares (scaled by max|a_j|, as LAPACK's dnrm2). */
export function safeNorm(a: Vec): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]));
  if (m === 0 || !Number.isFinite(m)) return m;
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const u = a[j] / m;
    s += u * u;
  }
  return m * Math.sqrt(s);
}

/** ‖a − b‖ */
export function dist(a: Vec, b: Vec): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const u = a[j] - b[j];
    s += u * u;
  }
  return Math.sqrt(s);
}

export function scale(a: number, x: Vec): void {
  for (let j = 0; j < x.length; j++) x[j] *= a;
}

/** Euclidean projection onto the ball of radius r (no-op for r = Infinity); returns true if it moved w. */
export function projectBall(w: Vec, r: number): boolean {
  if (r === Infinity) return false;
  const n2 = norm2(w);
  if (n2 <= r * r) return false;
  scale(r / Math.sqrt(n2), w);
  return true;
}

/**
 * dst[from .. to) ← src[from .. to), a plain loop: the short ranges of an enumeration's state copies
 * (src/engine/enumerate.ts) cost less this way than through TypedArray.set, a call, on a subarray, an
 * allocation.
 */
export function copyRange(dst: Vec, src: Vec, from: number, to: number): void {
  for (let j = from; j < to; j++) dst[j] = src[j];
}
