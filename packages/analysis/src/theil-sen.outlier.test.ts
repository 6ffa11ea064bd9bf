import assert from 'node:assert/strict';
import { test } from 'node:test';
import { theilSen, theilSenSlope } from './theil-sen.js';

test('a line y = 2x + 1 with one wild outlier keeps slope 2 and intercept 1', () => {
  // Points x = 1..5, y = 3, 5, 7, 9, 100. The 6 pairs among the first four have slope 2; the 4 pairs with the
  // outlier have slopes 91, 46.5, 31.67, 24.25. Median of the 10 slopes = mean of the 5th and 6th = (2 + 2)/2 = 2.
  // Intercept = median(y − 2x) = median(1, 1, 1, 1, 90) = 1. (Least squares would give slope 20.)
  const fit = theilSen([1, 2, 3, 4, 5], [3, 5, 7, 9, 100]);
  assert.deepEqual(fit, { slope: 2, intercept: 1 });
});

test('pairs with equal x are skipped (Sen 1968); all-equal x has no slope', () => {
  // Two seeds at each of x = 0 and x = 1: slopes between sizes only: (2−0), (2−1), (3−0), (3−1) → median (2+2)/2 = 2.
  assert.equal(theilSenSlope([0, 0, 1, 1], [0, 1, 2, 3]), 2);
  assert.equal(theilSen([1, 1, 1], [1, 2, 3]), null);
});

test('index selection supports bootstrap resamples with repeats', () => {
  assert.equal(theilSenSlope([1, 2, 3], [2, 4, 6], [0, 0, 2]), 2);
  assert.equal(theilSenSlope([1, 2, 3], [2, 4, 6], [1, 1, 1]), null);
});
