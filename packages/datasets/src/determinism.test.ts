import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from './dataset.js';
import { bytesOf, smallTask } from './test-helpers.js';
import { SPLIT_NAMES, type Dataset } from './types.js';

const TASKS = [
  { dataset: 'adding', sequenceLength: 20 },
  { dataset: 'copy', copyLength: 4, delay: 10, alphabetSize: 6 },
  { dataset: 'parity', sequenceLength: 12 },
  { dataset: 'parity', sequenceLength: 30 },
  { dataset: 'moby-dick', sequenceLength: 32 },
  { dataset: 'spam', sequenceLength: 64 },
  { dataset: 'parity', sequenceLength: 12, testSequenceLength: 24 },
  { dataset: 'copy', copyLength: 4, delay: 10, alphabetSize: 6, testDelay: 30, testCopyLength: 6 },
  { dataset: 'mackey-glass', sequenceLength: 20, horizon: 2 },
  { dataset: 'mackey-glass', sequenceLength: 20, noise: 0.1 },
  { dataset: 'g2p', maxWordLength: 6 },
] as const;

function fingerprint(data: Dataset): Buffer[] {
  return SPLIT_NAMES.flatMap((split) => {
    const { x, y, mask } = data[split];
    return mask ? [bytesOf(x), bytesOf(y), bytesOf(mask)] : [bytesOf(x), bytesOf(y)];
  });
}

for (const options of TASKS) {
  const label = JSON.stringify(options);

  test(`same (task, seed) gives byte-identical splits: ${label}`, () => {
    const task = smallTask(options);
    assert.deepEqual(fingerprint(loadDataset(task, 7)), fingerprint(loadDataset(task, 7)));
  });

  test(`a different seed gives different data in every split: ${label}`, () => {
    const task = smallTask(options);
    const a = loadDataset(task, 7);
    const b = loadDataset(task, 8);
    for (const split of SPLIT_NAMES) {
      assert.notDeepEqual(bytesOf(a[split].x), bytesOf(b[split].x), `${split} x`);
    }
  });

  test(`the test split does not move when trainSize changes: ${label}`, () => {
    const small = loadDataset(smallTask(options), 3);
    const large = loadDataset(smallTask({ ...options, trainSize: 450 }), 3);
    assert.deepEqual(bytesOf(large.test.x), bytesOf(small.test.x));
    assert.deepEqual(bytesOf(large.test.y), bytesOf(small.test.y));
  });
}
