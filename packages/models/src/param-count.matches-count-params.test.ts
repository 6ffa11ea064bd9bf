import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from './build-model.js';
import { paramCount } from './param-count.js';
import { CELLS, expectedTotalCount, HEADS, shapeOf } from './test-shapes.js';

// Widths stay <= 22 so no LSTM/GRU recurrent kernel exceeds tfjs's 2,000-element "orthogonal init is slow" warning
// and the pure-JS cpu backend builds each model in tens of milliseconds.
const WIDTHS: ReadonlyArray<readonly [inputSize: number, hidden: number]> = [
  [1, 1],
  [3, 17],
  [11, 6],
  [8, 22],
];

for (const cell of CELLS) {
  test(`${cell}: paramCount equals model.countParams() for layers 1-3, every head, several I/H`, () => {
    let checked = 0;
    for (const layers of [1, 2, 3]) {
      for (const head of HEADS) {
        for (const [inputSize, hidden] of WIDTHS) {
          const shape = shapeOf({ cell, layers, head, inputSize, hidden });
          const model = buildModel({ ...shape, sequenceLength: null, seed: 1 });
          try {
            const label = JSON.stringify(shape);
            assert.equal(paramCount(shape), model.countParams(), label);
            assert.equal(model.countParams(), expectedTotalCount(shape), label);
            checked += 1;
          } finally {
            model.dispose();
          }
        }
      }
    }
    assert.equal(checked, 3 * HEADS.length * WIDTHS.length);
  });
}
