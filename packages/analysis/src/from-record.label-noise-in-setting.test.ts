import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskLabel } from './from-record.js';

test('label noise is part of the task label, so noisy and clean trials never share a setting', () => {
  const clean = { dataset: 'parity', sequenceLength: 8, trainSize: 100, validationSize: 50, testSize: 50 };
  assert.equal(
    taskLabel({ ...clean, labelNoise: 0.2 }),
    'parity(labelNoise=0.2, sequenceLength=8, testSize=50, trainSize=100, validationSize=50)',
  );
  assert.notEqual(taskLabel({ ...clean, labelNoise: 0.2 }), taskLabel(clean));
});
