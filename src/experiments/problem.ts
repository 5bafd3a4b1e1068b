import { loadDataset, splitDataset, type Dataset, type Split } from '../data';
import { InvalidParameterError } from '../errors';
import { requireInteger } from '../validate';
import { BinaryLinear } from './models/binary';
import { OneHiddenLayerNet } from './models/mlp';
import type { Model } from './models/model';
import { SoftmaxRegression } from './models/softmax';

/** A data set, a split and a model: plain JSON so every JSONL row can name what produced it. */
export interface ProblemSpec {
  dataset: 'mnist' | 'iris';
  model: 'softmax' | 'mlp' | 'logistic' | 'hinge';
  nTrain: number;
  nTest: number;
  /** Hidden units of the network (model 'mlp'). */
  hidden?: number;
  /** Seed of the train/test split. */
  splitSeed: number;
}

export interface Problem {
  spec: ProblemSpec;
  split: Split;
  train: Model;
  test: Model;
  /** Short label for plots, e.g. "mnist softmax (n=2000)". */
  label: string;
}

const MODELS_FOR: Record<ProblemSpec['dataset'], readonly ProblemSpec['model'][]> = {
  mnist: ['softmax', 'mlp'],
  iris: ['logistic', 'hinge'],
};

const cache = new Map<string, Dataset>();

function dataset(name: ProblemSpec['dataset']): Dataset {
  let ds = cache.get(name);
  if (!ds) {
    ds = loadDataset(name);
    cache.set(name, ds);
  }
  return ds;
}

export function modelOn(spec: ProblemSpec, ds: Dataset): Model {
  switch (spec.model) {
    case 'softmax':
      return new SoftmaxRegression(ds);
    case 'mlp':
      return new OneHiddenLayerNet(ds, spec.hidden ?? 32);
    case 'logistic':
    case 'hinge':
      return new BinaryLinear(ds, spec.model);
  }
}

/** Loads (once per process) and splits the data set and builds the model; bad specs name the parameter. */
export function buildProblem(spec: ProblemSpec): Problem {
  const models = MODELS_FOR[spec.dataset];
  if (!models) throw new InvalidParameterError('dataset', spec.dataset, "'mnist' | 'iris'");
  if (!models.includes(spec.model)) {
    throw new InvalidParameterError('model', spec.model, `one of ${models.join(', ')} for data set ${spec.dataset}`);
  }
  requireInteger('nTrain', spec.nTrain, 2);
  requireInteger('nTest', spec.nTest, 1);
  const split = splitDataset(dataset(spec.dataset), spec.nTrain, spec.nTest, spec.splitSeed);
  const train = modelOn(spec, split.train);
  return {
    spec,
    split,
    train,
    test: train.rebind(split.test),
    label: `${spec.dataset} ${train.name} (n=${spec.nTrain})`,
  };
}

/** S^(i): the training set with row i replaced by row j of the pool (the neighbouring data set). */
export function neighbourData(split: Split, i: number, j: number): Dataset {
  const tr = split.train;
  requireInteger('replaced index i', i, 0, tr.X.n - 1);
  requireInteger('replacement j', j, 0, split.pool.X.n - 1);
  const X = tr.X;
  const P = split.pool.X;
  const lenOld = X.rowPtr[i + 1] - X.rowPtr[i];
  const lenNew = P.rowPtr[j + 1] - P.rowPtr[j];
  const rowPtr = new Int32Array(X.rowPtr);
  for (let r = i + 1; r <= X.n; r++) rowPtr[r] += lenNew - lenOld;
  const col = new Int32Array(rowPtr[X.n]);
  const val = new Float64Array(rowPtr[X.n]);
  col.set(X.col.subarray(0, X.rowPtr[i]));
  val.set(X.val.subarray(0, X.rowPtr[i]));
  col.set(P.col.subarray(P.rowPtr[j], P.rowPtr[j + 1]), rowPtr[i]);
  val.set(P.val.subarray(P.rowPtr[j], P.rowPtr[j + 1]), rowPtr[i]);
  col.set(X.col.subarray(X.rowPtr[i + 1]), rowPtr[i + 1]);
  val.set(X.val.subarray(X.rowPtr[i + 1]), rowPtr[i + 1]);
  const y = new Int32Array(tr.y);
  y[i] = split.pool.y[j];
  return {
    name: `${tr.name}^(${i})`,
    source: tr.source,
    X: { n: X.n, p: X.p, rowPtr, col, val },
    y,
    classes: tr.classes,
  };
}
