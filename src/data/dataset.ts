import { InvalidParameterError } from '../errors';
import { RandomStream } from '../engine/rng';
import { requireInteger } from '../validate';

/**
 * Features as compressed sparse rows: MNIST digits are ~80 % zeros, so a model that walks only the
 * stored entries does a fifth of the work in its gradient. Iris is stored the same way (all entries
 * present) so that every model has one input format.
 */
export interface SparseRows {
  /** Number of rows (examples). */
  readonly n: number;
  /** Number of columns (features, without the bias). */
  readonly p: number;
  /** Row i occupies [rowPtr[i], rowPtr[i + 1]) of col / val. */
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float64Array;
}

/** A labelled data set; `source` says where the numbers came from (package or shipped subset). */
export interface Dataset {
  readonly name: string;
  readonly source: string;
  readonly X: SparseRows;
  /** Class index of each row, in [0, classes.length). */
  readonly y: Int32Array;
  readonly classes: readonly string[];
}

/** A train/test split of one data set; `pool` holds rows in neither, used as replacement examples. */
export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly pool: Dataset;
}

/** Builds CSR rows from dense rows, keeping only non-zero entries. */
export function sparseFromDense(rows: ArrayLike<number>[], p: number): SparseRows {
  const n = rows.length;
  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.length !== p) throw new InvalidParameterError(`row[${i}].length`, r.length, `the feature count p = ${p}`);
    for (let j = 0; j < p; j++) if (r[j] !== 0) nnz++;
  }
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    for (let j = 0; j < p; j++) {
      const v = r[j];
      if (v === 0) continue;
      if (!Number.isFinite(v)) throw new InvalidParameterError(`x[${i}][${j}]`, v, 'a finite number');
      col[q] = j;
      val[q] = v;
      q++;
    }
    rowPtr[i + 1] = q;
  }
  return { n, p, rowPtr, col, val };
}

/** The rows `idx` of a CSR matrix, in that order (copies). */
export function selectRows(X: SparseRows, idx: ArrayLike<number>): SparseRows {
  const n = idx.length;
  const rowPtr = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const i = idx[r];
    rowPtr[r + 1] = rowPtr[r] + (X.rowPtr[i + 1] - X.rowPtr[i]);
  }
  const col = new Int32Array(rowPtr[n]);
  const val = new Float64Array(rowPtr[n]);
  for (let r = 0; r < n; r++) {
    const i = idx[r];
    const a = X.rowPtr[i];
    const len = X.rowPtr[i + 1] - a;
    col.set(X.col.subarray(a, a + len), rowPtr[r]);
    val.set(X.val.subarray(a, a + len), rowPtr[r]);
  }
  return { n, p: X.p, rowPtr, col, val };
}

export function subset(ds: Dataset, idx: ArrayLike<number>, name = ds.name): Dataset {
  const y = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) y[r] = ds.y[idx[r]];
  return { name, source: ds.source, X: selectRows(ds.X, idx), y, classes: ds.classes };
}

/** Fisher–Yates permutation of 0..n−1 from a seeded stream (same seed ⇒ same split). */
export function permutation(n: number, seed: number): Int32Array {
  const rng = RandomStream.fromSeed(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * A seeded random split into nTrain training rows, nTest test rows and the rest as the pool.
 * Asking for more rows than the data set has is an error naming the parameter, never a silent cut.
 */
export function splitDataset(ds: Dataset, nTrain: number, nTest: number, seed: number): Split {
  const N = ds.X.n;
  requireInteger('nTrain', nTrain, 1, N);
  requireInteger('nTest', nTest, 0, N);
  if (nTrain + nTest > N) {
    throw new InvalidParameterError(
      'nTrain + nTest',
      nTrain + nTest,
      `at most ${N}, the size of ${ds.name} (${ds.source})`,
    );
  }
  const perm = permutation(N, seed);
  return {
    train: subset(ds, perm.subarray(0, nTrain), `${ds.name}/train`),
    test: subset(ds, perm.subarray(nTrain, nTrain + nTest), `${ds.name}/test`),
    pool: subset(ds, perm.subarray(nTrain + nTest), `${ds.name}/pool`),
  };
}

/** max_i ‖x_i‖² over rows (without the bias). */
export function maxRowNormSquared(X: SparseRows): number {
  let m = 0;
  for (let i = 0; i < X.n; i++) {
    let s = 0;
    for (let q = X.rowPtr[i]; q < X.rowPtr[i + 1]; q++) s += X.val[q] * X.val[q];
    if (s > m) m = s;
  }
  return m;
}

/** max_i ‖x_i‖ over rows (without the bias). */
export function maxRowNorm(X: SparseRows): number {
  return Math.sqrt(maxRowNormSquared(X));
}

/** Scales every row in place to unit Euclidean norm (all-zero rows stay zero). */
export function normalizeRows(X: SparseRows): void {
  for (let i = 0; i < X.n; i++) {
    let s = 0;
    for (let q = X.rowPtr[i]; q < X.rowPtr[i + 1]; q++) s += X.val[q] * X.val[q];
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let q = X.rowPtr[i]; q < X.rowPtr[i + 1]; q++) X.val[q] *= inv;
  }
}

/** Counts per class, e.g. to check a split is not degenerate. */
export function classCounts(ds: Dataset): number[] {
  const c = new Array<number>(ds.classes.length).fill(0);
  for (let i = 0; i < ds.y.length; i++) c[ds.y[i]]++;
  return c;
}
