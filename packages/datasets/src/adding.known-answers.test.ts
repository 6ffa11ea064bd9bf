import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from './dataset.js';
import { smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('adding: two markers per row, one in each half, and the target is the sum of the marked values', () => {
  for (const sequenceLength of [2, 7, 50]) {
    const data = loadDataset(smallTask({ dataset: 'adding', sequenceLength }), 1);
    const half = Math.floor(sequenceLength / 2);
    for (const split of SPLIT_NAMES) {
      const { x, y, count } = data[split];
      assert.equal(y.length, count);
      for (let n = 0; n < count; n++) {
        const marked: number[] = [];
        let expected = 0;
        for (let t = 0; t < sequenceLength; t++) {
          const value = x[(n * sequenceLength + t) * 2] as number;
          const marker = x[(n * sequenceLength + t) * 2 + 1] as number;
          assert.ok(value >= 0 && value < 1, 'value in [0, 1)');
          assert.ok(marker === 0 || marker === 1, 'marker is 0/1');
          if (marker === 1) {
            marked.push(t);
            expected += value;
          }
        }
        assert.equal(marked.length, 2, `row ${n} of ${split} has two markers`);
        assert.ok((marked[0] as number) < half && (marked[1] as number) >= half, `markers straddle the middle`);
        assert.equal(y[n], Math.fround(expected));
      }
    }
  }
});

test('adding: predicting the train mean scores MSE ~1/6, the declared baseline', () => {
  const data = loadDataset(smallTask({ dataset: 'adding', trainSize: 5_000 }), 4);
  const y = Array.from(data.train.y);
  const mean = y.reduce((sum, v) => sum + v, 0) / y.length;
  const mse = y.reduce((sum, v) => sum + (v - mean) ** 2, 0) / y.length;
  assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(mse - (data.baselineLoss ?? NaN)) < 0.01, `measured ${mse} vs baseline ${data.baselineLoss}`);
  assert.ok(Math.abs((data.baselineLoss ?? NaN) - 0.167) < 0.001);
});
