import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset } from './dataset.js';
import { argmax, smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('copy: symbols, delay with the go marker last, blanks; targets reproduce the symbols on the masked steps', () => {
  const [copyLength, delay, alphabetSize] = [4, 6, 5];
  const data = loadDataset(smallTask({ dataset: 'copy', copyLength, delay, alphabetSize }), 9);
  const steps = delay + 2 * copyLength;
  const width = alphabetSize + 2;
  const go = alphabetSize + 1;
  assert.equal(data.sequenceLength, steps);
  assert.deepEqual(data.scoredSteps, { start: steps - copyLength, end: steps });
  for (const split of SPLIT_NAMES) {
    const { x, y, mask, count } = data[split];
    assert.ok(mask, 'copy splits carry a mask');
    for (let n = 0; n < count; n++) {
      const input = Array.from({ length: steps }, (_, t) => argmax(x, (n * steps + t) * width, width));
      const rowSum = x.subarray(n * steps * width, (n + 1) * steps * width).reduce((a, b) => a + b, 0);
      assert.equal(rowSum, steps, 'exactly one hot channel per step');
      const symbols = input.slice(0, copyLength);
      assert.ok(
        symbols.every((s) => s >= 1 && s <= alphabetSize),
        'first steps are symbols',
      );
      const expectedInput = [...symbols, ...Array<number>(delay - 1).fill(0), go, ...Array<number>(copyLength).fill(0)];
      assert.deepEqual(input, expectedInput);
      const target = Array.from(y.subarray(n * steps, (n + 1) * steps));
      assert.deepEqual(target, [...Array<number>(steps - copyLength).fill(0), ...symbols]);
      const rowMask: number[] = Array.from(mask.subarray(n * steps, (n + 1) * steps));
      assert.deepEqual(rowMask, [...Array<number>(steps - copyLength).fill(0), ...Array<number>(copyLength).fill(1)]);
    }
  }
});

test('copy: the memoryless baseline is ln K per scored (recall) step', () => {
  const data = loadDataset(smallTask({ dataset: 'copy', alphabetSize: 8 }), 1);
  assert.equal(data.baselineLoss, Math.log(8));
  assert.deepEqual(data.target, { kind: 'sequence-classification', classes: 9 });
  assert.equal(data.inputSize, 10);
});
