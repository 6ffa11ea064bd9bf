/**
 * Random-label memorization (Collins, Sohl-Dickstein & Sussillo 2017): inputs ~ N(0, 1) per step and channel, labels
 * uniform over `classes`, independent of the inputs. Nothing generalizes, so held-out accuracy is chance by
 * construction and the training loss says how many bits of labels the model stored: N·(log2 C − H) bits.
 */
import { createRng, deriveSeed, type MemorizeTask } from '@cellsweep/core';
import { sameSplits, splitSize } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

export function describeMemorize(task: MemorizeTask): TaskShape {
  return {
    inputSize: task.inputSize,
    sequenceLength: task.sequenceLength,
    target: { kind: 'classification', classes: task.classes },
    metric: 'accuracy',
    testMetrics: ['accuracy'],
    metricHigherIsBetter: true,
    description:
      `Random-label memorization: ${task.sequenceLength} steps of ${task.inputSize} N(0,1) inputs, labels uniform ` +
      `over ${task.classes} classes; training loss measures stored bits, held-out accuracy is chance.`,
    // Uniform labels: the best prediction that ignores the input is uniform, cross-entropy ln C.
    baselineLoss: Math.log(task.classes),
    scoredSteps: null,
    splits: sameSplits(task.sequenceLength, null),
    selectWeights: 'last-epoch',
  };
}

export function loadMemorize(task: MemorizeTask, seed: number): Dataset {
  const build = (split: SplitName): DatasetSplit => {
    const rng = createRng(deriveSeed(seed, `memorize:${split}`));
    const count = splitSize(task, split);
    const x = new Float32Array(count * task.sequenceLength * task.inputSize);
    for (let i = 0; i < x.length; i++) x[i] = rng.normal();
    const y = Int32Array.from({ length: count }, () => rng.int(task.classes));
    return { count, sequenceLength: task.sequenceLength, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...describeMemorize(task), task, train, validation, test };
}
