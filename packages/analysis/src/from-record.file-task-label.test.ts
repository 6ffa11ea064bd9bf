import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskLabel } from './from-record.js';

const stored = {
  dataset: 'file',
  path: '/home/someone/data/names.csv',
  format: 'csv',
  layout: 'wide',
  kind: 'classification',
  target: 'sex',
  sequenceColumn: 'name',
  inputSize: 5,
  validationFraction: 0.15,
  testFraction: 0.15,
  splitSeed: 0,
  standardize: true,
  sha256: `2b8cf5630730a2f0${'0'.repeat(48)}`,
  summary: { sequences: 1500, sequenceLength: 8, inputSize: 5, classes: ['female', 'male'] },
};

test('a data-file task is labelled by file name, hash prefix and the options that differ from the defaults', () => {
  assert.equal(
    taskLabel(stored),
    'file(file=names.csv, inputSize=5, kind=classification, sequenceColumn=name, sha256=2b8cf5630730, target=sex)',
  );
  // A changed option or other bytes make another label (the label is a grouping key).
  assert.match(taskLabel({ ...stored, testFraction: 0.2 }), /testFraction=0\.2/);
  assert.notEqual(taskLabel({ ...stored, sha256: 'f'.repeat(64) }), taskLabel(stored));
});
