/**
 * Adding problem (Hochreiter & Schmidhuber 1997, as set up in Le et al. 2015): each step carries
 * [value ~ U(0,1), marker]; exactly two steps are marked, one in the first half and one in the second half
 * (`[0, floor(T/2))` and `[floor(T/2), T)`); the target is the sum of the two marked values.
 */
import { createRng, deriveSeed, type AddingTask } from '@cellsweep/core';
import { sameSplits, splitSize } from '../split.js';
import type { Dataset, DatasetSplit, SplitName, TaskShape } from '../types.js';

const INPUT_SIZE = 2;

export function describeAdding(task: AddingTask): TaskShape {
  return {
    inputSize: INPUT_SIZE,
    sequenceLength: task.sequenceLength,
    target: { kind: 'regression', outputSize: 1 },
    metric: 'mse',
    testMetrics: ['mse'],
    metricHigherIsBetter: false,
    description:
      `Adding problem (Hochreiter & Schmidhuber 1997): sum the two marked U(0,1) values among ` +
      `${task.sequenceLength} steps; predicting the mean 1.0 scores MSE 1/6.`,
    // Target = U1 + U2 with independent U(0,1): variance 2 * 1/12 = 1/6, the MSE of always predicting 1.
    baselineLoss: 1 / 6,
    scoredSteps: null,
    splits: sameSplits(task.sequenceLength, null),
  };
}

/**
 * Rows are drawn test first, then validation, then train, each from its own seed stream, and a row identical to
 * one already drawn is redrawn (with float32 values this essentially never fires, but the guarantee is cheap).
 */
export function loadAdding(task: AddingTask, seed: number): Dataset {
  const seen = new Set<string>();
  const test = drawSplit(task, 'test', seed, seen);
  const validation = drawSplit(task, 'validation', seed, seen);
  const train = drawSplit(task, 'train', seed, seen);
  return { ...describeAdding(task), task, train, validation, test };
}

function drawSplit(task: AddingTask, split: SplitName, seed: number, seen: Set<string>): DatasetSplit {
  const steps = task.sequenceLength;
  const count = splitSize(task, split);
  const rowValues = steps * INPUT_SIZE;
  const x = new Float32Array(count * rowValues);
  const y = new Float32Array(count);
  const rng = createRng(deriveSeed(seed, `adding:${split}`));
  const half = Math.floor(steps / 2);
  for (let n = 0; n < count; ) {
    const row = x.subarray(n * rowValues, (n + 1) * rowValues);
    for (let t = 0; t < steps; t++) {
      row[t * INPUT_SIZE] = rng.next();
      row[t * INPUT_SIZE + 1] = 0;
    }
    const first = rng.int(half);
    const second = half + rng.int(steps - half);
    row[first * INPUT_SIZE + 1] = 1;
    row[second * INPUT_SIZE + 1] = 1;
    const key = Buffer.from(row.buffer, row.byteOffset, row.byteLength).toString('latin1');
    if (seen.has(key)) continue;
    seen.add(key);
    y[n] = (row[first * INPUT_SIZE] as number) + (row[second * INPUT_SIZE] as number);
    n++;
  }
  return { count, sequenceLength: task.sequenceLength, x, y };
}
