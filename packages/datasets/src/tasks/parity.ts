/**
 * Parity: a string of random bits, one channel per step (the bit as 0/1); the label is 1 when the number of ones
 * is odd. One scalar channel rather than a one-hot pair: the information is the same and the input weights stay
 * comparable with the other scalar tasks. Strings never repeat across splits (see discrete-strings.ts).
 *
 * Length generalization: with `testSequenceLength`, training and validation use `sequenceLength` bits (so model
 * selection sees the training length) and the test split `testSequenceLength` bits; test strings then come from
 * their own space (strings of another length cannot repeat a training string).
 */
import type { ParityTask } from '@cellsweep/core';
import { drawDisjointStrings } from '../discrete-strings.js';
import { sameSplits, splitSizes } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

/** The test split's length: `testSequenceLength` when set, else the training length. */
export function parityTestLength(task: ParityTask): number {
  return task.testSequenceLength ?? task.sequenceLength;
}

export function describeParity(task: ParityTask): TaskShape {
  const testLength = parityTestLength(task);
  const splits = sameSplits(task.sequenceLength, null);
  splits.test.sequenceLength = testLength;
  const tested = testLength === task.sequenceLength ? '' : `; tested on ${testLength} bits (length generalization)`;
  return {
    inputSize: 1,
    sequenceLength: task.sequenceLength,
    splits,
    target: { kind: 'classification', classes: 2 },
    metric: 'accuracy',
    metricHigherIsBetter: true,
    testMetrics: ['accuracy'],
    description:
      `Parity of ${task.sequenceLength} random bits (one 0/1 channel per step): every bit flips the answer, ` +
      `so chance (50%) is all a model gets until it carries state across the whole sequence${tested}.`,
    // Labels are balanced, so the best content-blind prediction is 50/50: cross-entropy ln 2.
    baselineLoss: Math.LN2,
    scoredSteps: null,
  };
}

export function loadParity(task: ParityTask, seed: number): Dataset {
  const shape = describeParity(task);
  const sizes = splitSizes(task);
  const draw = (length: number, drawSizes: Record<SplitName, number>) =>
    drawDisjointStrings(
      { dataset: 'parity', base: 2, length, spaceHint: 'increase task.sequenceLength' },
      drawSizes,
      seed,
    );
  const bits = draw(task.sequenceLength, sizes);
  const testLength = shape.splits.test.sequenceLength;
  if (testLength !== task.sequenceLength) {
    // Train/validation above are unchanged by the test length; the test strings come from their own space.
    bits.test = draw(testLength, { train: 0, validation: 0, test: sizes.test }).test;
  }
  const build = (split: SplitName): DatasetSplit => {
    const steps = shape.splits[split].sequenceLength;
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
    return { count, sequenceLength: steps, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...shape, task, train, validation, test };
}
