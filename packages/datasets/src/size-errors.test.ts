import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from './dataset.js';
import { DatasetSizeError, DisjointSplitError } from './errors.js';
import { spamPools } from './tasks/spam.js';
import { smallTask } from './test-helpers.js';

test('spam: asking for more training e-mails than the training pool holds names the field and the count', () => {
  const pool = spamPools().train;
  const available = pool.spam.length + pool.ham.length;
  assert.ok(available > 4_000 && available < 4_300, `train pool ${available}`);
  assert.throws(
    () => loadDataset(smallTask({ dataset: 'spam', trainSize: 9_000 }), 1),
    (error: unknown) => {
      assert.ok(error instanceof DatasetSizeError);
      assert.equal(error.name, 'DatasetSizeError');
      assert.equal(error.field, 'task.trainSize');
      assert.equal(error.available, available);
      assert.equal(
        error.message,
        `task.trainSize: 9,000 exceeds the ${available.toLocaleString('en-US')} e-mails available for training`,
      );
      return true;
    },
  );
});

test('spam: an oversize test split is reported against the test pool', () => {
  assert.throws(() => loadDataset(smallTask({ dataset: 'spam', testSize: 2_000 }), 1), {
    name: 'DatasetSizeError',
    message: /^task\.testSize: 2,000 exceeds the \d{3} e-mails available for test$/,
  });
});

test('moby-dick: more validation windows than start positions in the validation chapters is an error', () => {
  const task = smallTask({ dataset: 'moby-dick', sequenceLength: 8, validationSize: 200_000 });
  assert.throws(() => loadDataset(task, 1), {
    name: 'DatasetSizeError',
    field: 'task.validationSize',
    message:
      /^task\.validationSize: 200,000 exceeds the 12\d,\d{3} 9-character windows available in the validation chapters$/,
  });
});

test('copy: two symbols of length one cannot fill three disjoint splits', () => {
  assert.throws(
    () => loadDataset(smallTask({ dataset: 'copy', alphabetSize: 2, copyLength: 1 }), 1),
    (error) => {
      assert.ok(error instanceof DisjointSplitError);
      assert.equal(error.distinctSequences, 2);
      assert.match(
        error.message,
        /^copy: only 2 distinct sequences exist.*increase task\.alphabetSize or task\.copyLength/,
      );
      return true;
    },
  );
});

test('parity: splits that would exceed 2^30 input values fail with the field name, not an out-of-memory crash', () => {
  assert.throws(() => loadDataset(smallTask({ dataset: 'parity', sequenceLength: 1_000, trainSize: 2_000_000 }), 1), {
    name: 'DatasetSizeError',
    message: /^task\.trainSize: 2,000,000 exceeds the /,
  });
});
