/**
 * Parity: a string of random bits, one channel per step (the bit as 0/1); the label is 1 when the number of ones
 * is odd. One scalar channel rather than a one-hot pair: the information is the same and the input weights stay
 * comparable with the other scalar tasks. Strings never repeat across splits (see discrete-strings.ts).
 */
import type { ParityTask } from '@cellsweep/core';
import { drawDisjointStrings } from '../discrete-strings.js';
import { splitSizes } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

export function describeParity(task: ParityTask): TaskShape {
  return {
    inputSize: 1,
    sequenceLength: task.sequenceLength,
    target: { kind: 'classification', classes: 2 },
    metric: 'accuracy',
    metricHigherIsBetter: true,
    description:
      `Parity of ${task.sequenceLength} random bits (one 0/1 channel per step): every bit flips the answer, ` +
      `so chance (50%) is all a model gets until it carries state across the whole sequence.`,
    // Labels are balanced, so the best content-blind prediction is 50/50: cross-entropy ln 2.
    baselineLoss: Math.LN2,
    scoredSteps: null,
  };
}

export function loadParity(task: ParityTask, seed: number): Dataset {
  const steps = task.sequenceLength;
  const bits = drawDisjointStrings(
    { dataset: 'parity', base: 2, length: steps, spaceHint: 'increase task.sequenceLength' },
    splitSizes(task),
    seed,
  );
  const build = (split: SplitName): DatasetSplit => {
    const source = bits[split];
    const count = source.length / steps;
    const x = new Float32Array(count * steps);
    const y = new Int32Array(count);
    for (let n = 0; n < count; n++) {
      let ones = 0;
      for (let t = 0; t < steps; t++) {
        const bit = source[n * steps + t] as number;
        x[n * steps + t] = bit;
        ones += bit;
      }
      y[n] = ones % 2;
    }
    return { count, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...describeParity(task), task, train, validation, test };
}
