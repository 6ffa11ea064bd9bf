import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalCdf, normalQuantile } from './normal.js';

test('quantiles and CDF agree with published values and each other', () => {
  // Reference values (SciPy 1.17 stats.norm): ppf(0.975) = 1.959963984540054, ppf(0.8) = 0.8416212335729143,
  // cdf(−3) = 0.0013498980316300933, cdf(1.96) = 0.9750021048517795.
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-14);
  assert.ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-14);
  assert.ok(Math.abs(normalQuantile(1e-10) + 6.361340902404056) < 1e-10);
  assert.ok(Math.abs(normalCdf(-3) - 0.0013498980316300933) < 1e-15);
  assert.ok(Math.abs(normalCdf(1.96) - 0.9750021048517795) < 1e-15);
  for (const p of [0.001, 0.1, 0.5, 0.7, 0.99]) assert.ok(Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-13);
});
