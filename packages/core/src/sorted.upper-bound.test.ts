import assert from 'node:assert/strict';
import { test } from 'node:test';
import { upperBound } from './sorted.js';

test('upperBound counts the values <= the probe, ties included', () => {
  const sorted = [1, 2, 2, 2, 5];
  assert.deepEqual(
    [0, 1, 2, 3, 5, 9].map((value) => upperBound(sorted, value)),
    [0, 1, 4, 4, 5, 5],
  );
  assert.equal(upperBound([], 3), 0);
});
