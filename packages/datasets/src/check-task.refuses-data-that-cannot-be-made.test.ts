import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTaskData } from './check-task.js';
import { loadDataset } from './dataset.js';
import { DatasetSizeError, DisjointSplitError } from './errors.js';
import { smallTask } from './test-helpers.js';

// Issue 14, defect 19: these specs planned fine and then failed in every trial at `run`.
const UNMAKEABLE = [
  {
    task: smallTask({ dataset: 'adding', trainSize: 1_000_000_000 }),
    error: DatasetSizeError,
    message: /^task\.trainSize: 1,000,000,000 exceeds/,
  },
  {
    task: smallTask({ dataset: 'copy', alphabetSize: 2, copyLength: 1 }),
    error: DisjointSplitError,
    message: /^copy: only 2 distinct sequences/,
  },
  {
    task: smallTask({ dataset: 'copy', alphabetSize: 2, copyLength: 3, testCopyLength: 1 }),
    error: DisjointSplitError,
    message: /^copy: only 2/,
  },
  {
    task: smallTask({ dataset: 'spam', trainSize: 9_000 }),
    error: DatasetSizeError,
    message: /^task\.trainSize: 9,000 exceeds the 4,\d{3} e-mails/,
  },
  {
    task: smallTask({ dataset: 'g2p', maxWordLength: 3, trainSize: 50_000 }),
    error: DatasetSizeError,
    message: /words of at most 3 letters left for training$/,
  },
  {
    task: smallTask({ dataset: 'moby-dick', sequenceLength: 8, testSize: 200_000 }),
    error: DatasetSizeError,
    message: /^task\.testSize: 200,000 exceeds/,
  },
];

test('checkTaskData refuses, without generating data, every task loadDataset would refuse, with the same error', () => {
  for (const { task, error, message } of UNMAKEABLE) {
    for (const attempt of [() => checkTaskData(task), () => loadDataset(task, 1)]) {
      assert.throws(attempt, (thrown: unknown) => {
        assert.ok(thrown instanceof error, `${task.dataset}: ${String(thrown)}`);
        assert.match(thrown.message, message);
        return true;
      });
    }
  }
});

test('checkTaskData accepts the default task of every dataset', () => {
  for (const dataset of ['adding', 'copy', 'parity', 'moby-dick', 'spam', 'memorize', 'mackey-glass', 'g2p'] as const) {
    assert.doesNotThrow(() => checkTaskData(smallTask({ dataset })), dataset);
  }
});
