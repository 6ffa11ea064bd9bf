import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTask, loadDataset } from './dataset.js';
import { smallTask } from './test-helpers.js';
import { metricHigherIsBetter, SPLIT_NAMES } from './types.js';

const TASKS = [
  { dataset: 'adding' },
  { dataset: 'adding', sequenceLength: 9 },
  { dataset: 'copy' },
  { dataset: 'copy', copyLength: 2, delay: 1, alphabetSize: 3 },
  { dataset: 'parity' },
  { dataset: 'parity', sequenceLength: 5 },
  { dataset: 'moby-dick' },
  { dataset: 'moby-dick', sequenceLength: 10 },
  { dataset: 'spam' },
  { dataset: 'spam', sequenceLength: 8 },
  { dataset: 'parity', sequenceLength: 5, testSequenceLength: 9 },
  { dataset: 'copy', copyLength: 2, delay: 3, alphabetSize: 3, testDelay: 7 },
  { dataset: 'copy', copyLength: 2, delay: 3, alphabetSize: 3, testCopyLength: 4 },
  { dataset: 'mackey-glass' },
  { dataset: 'mackey-glass', sequenceLength: 12, horizon: 3, tau: 30, noise: 0.05 },
  { dataset: 'g2p' },
  { dataset: 'g2p', maxWordLength: 5, stress: true },
] as const;

for (const options of TASKS) {
  test(`describeTask matches the loaded dataset: ${JSON.stringify(options)}`, () => {
    const task = smallTask(options);
    const shape = describeTask(task);
    const data = loadDataset(task, 1);
    const { task: loadedTask, train: _t, validation: _v, test: _s, ...loadedShape } = data;
    assert.deepEqual(loadedShape, shape);
    assert.equal(loadedTask, task);
    const { inputSize, target } = shape;
    assert.equal(shape.splits.train.sequenceLength, shape.sequenceLength);
    assert.equal(shape.testMetrics[0], shape.metric, 'the primary metric is the first test metric');
    assert.equal(shape.metricHigherIsBetter, metricHigherIsBetter(shape.metric));
    assert.deepEqual(shape.splits.validation, shape.splits.train, 'validation is scored like training');
    for (const split of SPLIT_NAMES) {
      const { count, x, y, mask } = data[split];
      const steps = shape.splits[split].sequenceLength;
      assert.equal(data[split].sequenceLength, steps);
      assert.equal(shape.splits[split].scoredSteps === null, shape.scoredSteps === null);
      assert.equal(count, task[`${split}Size`]);
      assert.ok(x instanceof Float32Array);
      assert.equal(x.length, count * steps * inputSize);
      switch (target.kind) {
        case 'regression':
          assert.ok(y instanceof Float32Array);
          assert.equal(y.length, count * target.outputSize);
          break;
        case 'classification':
          assert.ok(y instanceof Int32Array);
          assert.equal(y.length, count);
          assert.ok(y.every((label) => label >= 0 && label < target.classes));
          break;
        case 'sequence-classification':
          assert.ok(y instanceof Int32Array);
          assert.equal(y.length, count * steps);
          assert.ok(y.every((label) => label >= 0 && label < target.classes));
          break;
      }
      assert.equal(mask !== undefined, shape.scoredSteps !== null, 'a mask exactly when some steps are unscored');
      if (mask) assert.equal(mask.length, count * steps);
    }
  });
}
