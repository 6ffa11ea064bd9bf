/**
 * Label noise (Nakkiran et al. 2019, "Deep Double Descent"): a share of the *training* labels replaced by a different
 * class, so model-wise double descent can be looked for. Validation and test stay clean: they measure how well the
 * model learnt the true labels despite the noise.
 *
 * Which labels flip is drawn from the trial's data seed: trials of different cells or widths with the same seed see
 * the same noisy training set (Nakkiran et al. fix one per experiment; here a pair of arms shares one), and the
 * spread over seeds includes the luck of which labels flipped.
 */
import { createRng, deriveSeed } from '@cellsweep/core';
import { LabelNoiseError } from './errors.js';
import { sampleDistinct } from './split.js';
import type { Dataset, DatasetSplit } from './types.js';

/**
 * Replaces exactly round(fraction × n) of the split's labels, at distinct positions, each by one of the other
 * classes chosen uniformly. Returns a new split; `x` and the rest are shared, not copied.
 */
export function noisyLabels(split: DatasetSplit, classes: number, fraction: number, seed: number): DatasetSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new LabelNoiseError(`${fraction} is not in [0, 1)`);
  if (!(split.y instanceof Int32Array) || split.y.length !== split.count) {
    throw new LabelNoiseError('the training split has no single class label per sequence');
  }
  const rng = createRng(seed);
  const y = Int32Array.from(split.y);
  for (const n of sampleDistinct(split.count, Math.round(fraction * split.count), rng)) {
    // One of the classes - 1 others, uniformly: shift by 1..classes-1.
    y[n] = ((y[n] as number) + 1 + rng.int(classes - 1)) % classes;
  }
  return { ...split, y };
}

/**
 * The dataset with `task.labelNoise` applied to its training split (unchanged when the task sets none). Its results
 * then come from the final weights: restoring the epoch the clean validation set liked best would be early stopping,
 * which hides the double descent the option exists to look for (Nakkiran et al. train without it).
 */
export function withLabelNoise(dataset: Dataset, seed: number): Dataset {
  const fraction = labelNoiseOf(dataset);
  if (fraction === undefined || fraction === 0) return dataset;
  if (dataset.target.kind !== 'classification') {
    const what = `the ${dataset.task.dataset} task's target is ${dataset.target.kind}`;
    throw new LabelNoiseError(`${what}, not one class per sequence`);
  }
  const train = noisyLabels(dataset.train, dataset.target.classes, fraction, deriveSeed(seed, 'label-noise'));
  return { ...dataset, train, selectWeights: 'last-epoch' };
}

/** Read structurally: only the classification tasks' schemas have the option. */
function labelNoiseOf(dataset: Dataset): number | undefined {
  const value = (dataset.task as { labelNoise?: unknown }).labelNoise;
  return typeof value === 'number' ? value : undefined;
}
