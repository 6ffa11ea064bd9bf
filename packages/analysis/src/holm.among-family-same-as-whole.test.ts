import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { holmAdjust } from './holm.js';
import { holmAdjustedAmong } from './seeds-needed.js';

test('holmAdjustedAmong equals holmAdjust of the whole family, ties and repeated calls included', () => {
  const rng = createRng(3);
  for (const size of [0, 1, 5, 40]) {
    // Rounded to two digits so that ties with p occur.
    const others = Array.from({ length: size }, () => Math.round(rng.next() * 100) / 100);
    for (const p of [0, 1e-6, 0.01, 0.05, 0.2, 0.5, 1, ...others.slice(0, 5)]) {
      assert.equal(holmAdjustedAmong(p, others), holmAdjust([p, ...others])[0], `p = ${p} among ${size}`);
    }
  }
  assert.throws(() => holmAdjustedAmong(0.1, [0.2, 1.5]), /pValues/);
  assert.throws(() => holmAdjustedAmong(-1, [0.2]), /pValues/);
});
