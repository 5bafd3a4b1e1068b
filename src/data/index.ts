import { InvalidParameterError } from '../errors';
import type { Dataset } from './dataset';
import { loadIris, type IrisTask } from './iris';
import { loadMnist } from './mnist';

export * from './dataset';
export { loadIris, IRIS_TASKS, type IrisTask } from './iris';
export { loadMnist, MNIST_PIXELS } from './mnist';

export const DATASETS = ['mnist', 'iris'] as const;

export interface LoadOptions {
  source?: 'auto' | 'package' | 'fallback';
  /** iris only: which binary task. */
  task?: IrisTask;
}

/** Loads a real data set by name; an unknown name is an error listing the valid ones. */
export function loadDataset(name: string, opts: LoadOptions = {}): Dataset {
  switch (name) {
    case 'mnist':
      return loadMnist({ source: opts.source });
    case 'iris':
      return loadIris({ source: opts.source, task: opts.task });
    default:
      throw new InvalidParameterError('dataset', name, DATASETS.map((d) => `'${d}'`).join(' | '));
  }
}
