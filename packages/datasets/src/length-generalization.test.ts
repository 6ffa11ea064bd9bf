import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeTask, loadDataset } from './dataset.js';
import { argmax, bytesOf, smallTask } from './test-helpers.js';
import type { Dataset, DatasetSplit } from './types.js';

test('parity testSequenceLength: the test split is longer, train and validation are byte-identical to the plain task', () => {
  const plain = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 8 }), 5);
  const longer = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 8, testSequenceLength: 20 }), 5);
  assert.equal(longer.sequenceLength, 8);
  assert.deepEqual(longer.splits.test, { sequenceLength: 20, scoredSteps: null });
  assert.equal(longer.test.sequenceLength, 20);
  assert.equal(longer.test.x.length, longer.test.count * 20);
  for (const split of ['train', 'validation'] as const) {
    assert.deepEqual(bytesOf(longer[split].x), bytesOf(plain[split].x), split);
    assert.deepEqual(bytesOf(longer[split].y), bytesOf(plain[split].y), split);
  }
  // Labels are the parity of the 20 bits.
  for (let n = 0; n < longer.test.count; n++) {
    const ones = longer.test.x.subarray(n * 20, (n + 1) * 20).reduce((sum, bit) => sum + bit, 0);
    assert.equal(longer.test.y[n], ones % 2);
  }
});

/** The c symbols of each sequence (its first c input steps), as strings. */
function symbolStrings(data: Dataset, split: DatasetSplit, copyLength: number): string[] {
  const width = data.inputSize;
  const steps = split.sequenceLength;
  return Array.from({ length: split.count }, (_, n) =>
    Array.from({ length: copyLength }, (_, t) => argmax(split.x, (n * steps + t) * width, width)).join(','),
  );
}

test('copy testDelay / testCopyLength: the test split has its own T, recall steps and mask; strings stay disjoint', () => {
  const task = smallTask({ dataset: 'copy', copyLength: 3, delay: 5, alphabetSize: 4, testDelay: 12, trainSize: 600 });
  const data = loadDataset(task, 9);
  const plain = loadDataset(
    smallTask({ dataset: 'copy', copyLength: 3, delay: 5, alphabetSize: 4, trainSize: 600 }),
    9,
  );
  assert.deepEqual(bytesOf(data.train.x), bytesOf(plain.train.x));
  assert.deepEqual(data.splits.test, { sequenceLength: 18, scoredSteps: { start: 15, end: 18 } });
  assert.deepEqual(data.splits.train, { sequenceLength: 11, scoredSteps: { start: 8, end: 11 } });
  const { test: split } = data;
  for (let n = 0; n < split.count; n++) {
    const row = (t: number) => argmax(split.x, (n * 18 + t) * 6, 6);
    assert.equal(row(3 + 12 - 1), 5, 'go marker at c + testDelay - 1');
    for (let t = 0; t < 18; t++) {
      assert.equal(split.mask?.[n * 18 + t], t >= 15 ? 1 : 0);
      if (t >= 15) assert.equal(split.y[n * 18 + t], row(t - 15), 'recall the symbol c steps before');
    }
  }
  const train = new Set(symbolStrings(data, data.train, 3));
  const shared = symbolStrings(data, data.test, 3).filter((s) => train.has(s));
  assert.equal(shared.length, 0, 'a longer delay keeps the strings disjoint');

  const more = loadDataset(
    smallTask({ dataset: 'copy', copyLength: 3, delay: 5, alphabetSize: 4, testCopyLength: 6 }),
    9,
  );
  assert.deepEqual(more.splits.test, { sequenceLength: 17, scoredSteps: { start: 11, end: 17 } });
  assert.equal(describeTask(more.task).splits.test.sequenceLength, 17);
});

test('without the options every split has the training length (existing specs unchanged)', () => {
  for (const options of [{ dataset: 'parity' }, { dataset: 'copy' }] as const) {
    const shape = describeTask(smallTask(options));
    assert.deepEqual(shape.splits.test, shape.splits.train);
  }
});
