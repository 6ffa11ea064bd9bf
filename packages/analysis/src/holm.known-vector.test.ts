import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holmAdjust } from './holm.js';

test('Holm on [0.01, 0.04, 0.03, 0.005] gives [0.03, 0.06, 0.06, 0.02]', () => {
  // By hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; the running maximum
  // lifts the last to 0.06. Back in input order: [0.03, 0.06, 0.06, 0.02].
  const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
  const expected = [0.03, 0.06, 0.06, 0.02];
  adjusted.forEach((p, i) => assert.ok(Math.abs(p - (expected[i] as number)) < 1e-15, `${p} vs ${expected[i]}`));
});

test('adjusted values are capped at 1, a single p is unchanged, and ties are handled', () => {
  assert.deepEqual(holmAdjust([0.5, 0.6]), [1, 1]);
  assert.deepEqual(holmAdjust([0.02]), [0.02]);
  assert.deepEqual(holmAdjust([]), []);
  // Equal p-values: 3·0.01 = 0.03, then max(0.03, 2·0.01) = 0.03, then max(0.03, 0.5) = 0.5.
  const tied = holmAdjust([0.01, 0.5, 0.01]);
  assert.ok(Math.abs((tied[0] as number) - 0.03) < 1e-15 && Math.abs((tied[2] as number) - 0.03) < 1e-15);
  assert.equal(tied[1], 0.5);
});
