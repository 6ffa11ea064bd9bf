/**
 * Copy memory (Arjovsky et al. 2016). With K = alphabetSize, c = copyLength, T = delay + 2c:
 *
 *   step:    0 .. c-1        c .. c+delay-2   c+delay-1   c+delay .. T-1
 *   input:   symbols 1..K    blank (0)        go (K+1)    blank (0)
 *   target:  blank (0)       blank (0)        blank (0)   the c symbols, in order
 *
 * Inputs are one-hot over K+2 channels (blank, K symbols, go); targets are classes 0..K (blank + symbols).
 * Only the last c steps (the recall) are scored: every split carries a `mask` that is 1 there, so loss and
 * accuracy are means over recall steps. Scoring the blank steps too (as in the paper) would let a model that has
 * learned nothing but "output blank" look 1 - c/T accurate.
 *
 * Length generalization: `testDelay` and/or `testCopyLength` give the test split its own delay and recall length
 * (so its own T and recall steps); training and validation keep `delay` / `copyLength`. With the same copy length
 * the test strings still never occur in training; with another one they come from their own space.
 */
import type { CopyTask } from '@cellsweep/core';
import { drawDisjointStrings } from '../discrete-strings.js';
import { sameSplits, splitSizes } from '../split.js';
import {
  SPLIT_NAMES,
  type Dataset,
  type DatasetSplit,
  type SplitName,
  type StepRange,
  type TaskShape,
} from '../types.js';

export function copySequenceLength(task: CopyTask): number {
  return task.delay + 2 * task.copyLength;
}

/** Delay and recall length of one split: the test split's may differ (length generalization). */
export function copyLayout(task: CopyTask, split: SplitName): { delay: number; copyLength: number; steps: number } {
  const delay = split === 'test' ? (task.testDelay ?? task.delay) : task.delay;
  const copyLength = split === 'test' ? (task.testCopyLength ?? task.copyLength) : task.copyLength;
  return { delay, copyLength, steps: delay + 2 * copyLength };
}

function recallSteps(layout: { copyLength: number; steps: number }): StepRange {
  return { start: layout.steps - layout.copyLength, end: layout.steps };
}

export function describeCopy(task: CopyTask): TaskShape {
  const steps = copySequenceLength(task);
  const symbols = task.alphabetSize;
  const splits = sameSplits(steps, recallSteps({ copyLength: task.copyLength, steps }));
  const test = copyLayout(task, 'test');
  splits.test = { sequenceLength: test.steps, scoredSteps: recallSteps(test) };
  const tested =
    test.steps === steps ? '' : `; tested on ${test.copyLength} symbols after ${test.delay} steps (T=${test.steps})`;
  return {
    inputSize: symbols + 2,
    sequenceLength: steps,
    splits,
    target: { kind: 'sequence-classification', classes: symbols + 1 },
    metric: 'accuracy',
    metricHigherIsBetter: true,
    testMetrics: ['accuracy', 'sequence-accuracy'],
    description:
      `Copy memory (Arjovsky et al. 2016): recall ${task.copyLength} of ${symbols} symbols after ${task.delay} ` +
      `steps (T=${steps}); loss and accuracy over the recall steps only${tested}.`,
    // Memoryless baseline on the scored (recall) steps: a uniform guess over K symbols, cross-entropy ln K.
    // (Over all T steps, as in the paper, it would be c ln K / T; the mask makes the loss a recall-step mean.)
    baselineLoss: Math.log(symbols),
    scoredSteps: recallSteps({ copyLength: task.copyLength, steps }),
  };
}

export function loadCopy(task: CopyTask, seed: number): Dataset {
  const shape = describeCopy(task);
  const width = shape.inputSize;
  const sizes = splitSizes(task);
  const draw = (length: number, drawSizes: Record<SplitName, number>) =>
    drawDisjointStrings(
      { dataset: 'copy', base: task.alphabetSize, length, spaceHint: 'increase task.alphabetSize or task.copyLength' },
      drawSizes,
      seed,
    );
  const strings = draw(task.copyLength, sizes);
  const testLength = copyLayout(task, 'test').copyLength;
  if (testLength !== task.copyLength)
    strings.test = draw(testLength, { train: 0, validation: 0, test: sizes.test }).test;
  const build = (split: SplitName): DatasetSplit => {
    const { delay, copyLength: length, steps } = copyLayout(task, split);
    const goStep = length + delay - 1;
    const recallStart = steps - length;
    const source = strings[split];
    const count = source.length / length;
    const x = new Float32Array(count * steps * width);
    const y = new Int32Array(count * steps);
    const mask = new Float32Array(count * steps);
    for (let n = 0; n < count; n++) {
      const rowX = n * steps * width;
      for (let t = 0; t < steps; t++) {
        const symbol = t < length ? (source[n * length + t] as number) + 1 : t === goStep ? width - 1 : 0;
        x[rowX + t * width + symbol] = 1;
        if (t >= recallStart) {
          y[n * steps + t] = (source[n * length + t - recallStart] as number) + 1;
          mask[n * steps + t] = 1;
        }
      }
    }
    return { count, sequenceLength: steps, x, y, mask };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...shape, task, train, validation, test };
}
