import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TaskSpec } from '@cellsweep/core';
import { describeTask, loadDataset } from './dataset.js';

const task = TaskSpec.parse({
  dataset: 'memorize',
  sequenceLength: 5,
  inputSize: 3,
  classes: 4,
  trainSize: 4000,
  validationSize: 100,
  testSize: 100,
});

test('random labels are uniform over the classes and inputs are standard normal', () => {
  const data = loadDataset(task, 7);
  assert.equal(data.train.x.length, 4000 * 5 * 3);
  const counts = [0, 0, 0, 0];
  for (const label of data.train.y) counts[label] = (counts[label] ?? 0) + 1;
  for (const count of counts) assert.ok(Math.abs(count - 1000) < 120, `class counts ${counts.join(', ')}`);
  const values = Array.from(data.train.x);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  assert.equal(data.baselineLoss, Math.log(4));
  assert.equal(
    data.selectWeights,
    'last-epoch',
    'validation is chance: results must use the final, most-trained weights',
  );
  assert.deepEqual(describeTask(task).target, { kind: 'classification', classes: 4 });
});

test('the same seed gives the same data; another seed and another split differ', () => {
  const [a, b, c] = [loadDataset(task, 1), loadDataset(task, 1), loadDataset(task, 2)];
  assert.deepEqual(a.train.y, b.train.y);
  assert.deepEqual(a.train.x, b.train.x);
  assert.notDeepEqual(a.train.y, c.train.y);
  assert.notDeepEqual(a.validation.x.slice(0, 15), a.test.x.slice(0, 15));
});
