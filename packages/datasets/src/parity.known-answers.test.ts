import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from './dataset.js';
import { smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('parity: inputs are 0/1 bits and the label is the parity of the number of ones', () => {
  for (const sequenceLength of [3, 20, 25]) {
    const data = loadDataset(smallTask({ dataset: 'parity', sequenceLength }), 2);
    for (const split of SPLIT_NAMES) {
      const { x, y, count } = data[split];
      let odd = 0;
      for (let n = 0; n < count; n++) {
        const bits: number[] = Array.from(x.subarray(n * sequenceLength, (n + 1) * sequenceLength));
        assert.ok(bits.every((b) => b === 0 || b === 1));
        const ones = bits.reduce<number>((a, b) => a + b, 0);
        assert.equal(y[n], ones % 2);
        odd += y[n] as number;
      }
      if (sequenceLength >= 20) assert.ok(Math.abs(odd / count - 0.5) < 0.15, `${split} labels roughly balanced`);
    }
  }
});

test('parity: a 2-bit string space (4 strings) still yields three disjoint, non-empty splits', () => {
  const data = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 2 }), 0);
  const rows = (split: (typeof SPLIT_NAMES)[number]): Set<string> =>
    new Set(Array.from({ length: data[split].count }, (_, n) => data[split].x.subarray(2 * n, 2 * n + 2).join('')));
  assert.equal(rows('train').size + rows('validation').size + rows('test').size, 4);
});
