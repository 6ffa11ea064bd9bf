/** Entry points: one switch over the task kinds, each handled by its module under tasks/. */
import type { TaskSpec } from '@cellsweep/core';
import { describeAdding, loadAdding } from './tasks/adding.js';
import { describeCopy, loadCopy } from './tasks/copy.js';
import { describeG2p, loadG2p } from './tasks/g2p.js';
import { describeMackeyGlass, loadMackeyGlass } from './tasks/mackey-glass.js';
import { describeMemorize, loadMemorize } from './tasks/memorize.js';
import { describeMobyDick, loadMobyDick } from './tasks/moby-dick.js';
import { describeParity, loadParity } from './tasks/parity.js';
import { describeSpam, loadSpam } from './tasks/spam.js';
import { describeFileTask } from './files/file-dataset.js';
import { loadFileDataset, type FileLoadOptions } from './files/resolve.js';
import { withLabelNoise } from './label-noise.js';
import { assertSplitsFit } from './split.js';
import type { Dataset, TaskShape } from './types.js';

/**
 * Shapes, target, metric and baseline of a task without generating or loading any data (cheap enough to call
 * for every trial when planning a sweep). Always equal to the corresponding fields of `loadDataset(task, seed)`.
 */
export function describeTask(task: TaskSpec): TaskShape {
  switch (task.dataset) {
    case 'file':
      return describeFileTask(task);
    case 'adding':
      return describeAdding(task);
    case 'copy':
      return describeCopy(task);
    case 'parity':
      return describeParity(task);
    case 'moby-dick':
      return describeMobyDick(task);
    case 'spam':
      return describeSpam(task);
    case 'memorize':
      return describeMemorize(task);
    case 'mackey-glass':
      return describeMackeyGlass(task);
    case 'g2p':
      return describeG2p(task);
    default:
      return assertNever(task);
  }
}

/** Throws `DatasetSizeError` for a built-in task whose splits would not fit in memory (before any data is made). */
export function assertTaskSplitsFit(task: Exclude<TaskSpec, { dataset: 'file' }>): void {
  const shape = describeTask(task);
  assertSplitsFit(task, {
    train: shape.splits.train.sequenceLength * shape.inputSize,
    validation: shape.splits.validation.sequenceLength * shape.inputSize,
    test: shape.splits.test.sequenceLength * shape.inputSize,
  });
}

/**
 * Generates (synthetic tasks) or cuts (corpus tasks) the train/validation/test splits, then replaces
 * `task.labelNoise` of the training labels (label-noise.ts). Deterministic in
 * (task, seed): the same inputs give byte-identical arrays. Splits never share a sequence, chapter, e-mail,
 * trajectory or word.
 * Throws `DatasetSizeError` when a split asks for more than exists, `DisjointSplitError` when the task's options
 * allow fewer than three distinct sequences.
 */
export function loadDataset(task: TaskSpec, seed: number): Dataset {
  return withLabelNoise(loadCleanDataset(task, seed), seed);
}

/** `loadDataset` before `task.labelNoise` (label-noise.ts) touches the training labels. */
function loadCleanDataset(task: TaskSpec, seed: number): Dataset {
  if (task.dataset === 'file') throw new TypeError('a data file loads asynchronously: call loadTaskDataset');
  assertTaskSplitsFit(task);
  switch (task.dataset) {
    case 'adding':
      return loadAdding(task, seed);
    case 'copy':
      return loadCopy(task, seed);
    case 'parity':
      return loadParity(task, seed);
    case 'moby-dick':
      return loadMobyDick(task, seed);
    case 'spam':
      return loadSpam(task, seed);
    case 'memorize':
      return loadMemorize(task, seed);
    case 'mackey-glass':
      return loadMackeyGlass(task, seed);
    case 'g2p':
      return loadG2p(task, seed);
    default:
      return assertNever(task);
  }
}

/**
 * Any task's dataset: the user's data file (read asynchronously, streamed; the split is the task's own, whatever
 * the trial's seed, while `labelNoise` flips labels drawn from the seed) or a shipped task (`loadDataset`).
 */
export async function loadTaskDataset(task: TaskSpec, seed: number, options: FileLoadOptions = {}): Promise<Dataset> {
  return task.dataset === 'file' ? withLabelNoise(await loadFileDataset(task, options), seed) : loadDataset(task, seed);
}

function assertNever(value: never): never {
  throw new Error(`unhandled task: ${JSON.stringify(value)}`);
}
