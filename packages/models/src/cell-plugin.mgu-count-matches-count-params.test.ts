// The example plugin (examples/own-data/plugins/mgu): its formula against tfjs's own count and an independent
// per-weight count, and its closed-form budget solver against the generic search over its count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from './build-model.js';
import type { CellPlugin } from './cell-plugin.js';
import { loadCellPlugins } from './load-cell-plugins.js';
import { paramCount } from './param-count.js';
import { registerCellPlugin } from './plugin-registry.js';
import { solveHiddenForBudget } from './solve-hidden.js';
import { HEADS, headOut, shapeOf } from './test-shapes.js';

const MGU_MODULE = new URL('../../../examples/own-data/plugins/mgu/index.mjs', import.meta.url).pathname;
const [mgu] = await loadCellPlugins([MGU_MODULE]);
if (!mgu) throw new Error('the example module registered no plugin');

/** Written out weight by weight: kernel [I, 2H], recurrent_kernel [H, 2H], bias [2H] per layer; dense head. */
function expectedMguModel(inputSize: number, hidden: number, layers: number, outputs: number): number {
  let total = 0;
  for (let layer = 0; layer < layers; layer += 1) {
    const fanIn = layer === 0 ? inputSize : hidden;
    total += fanIn * 2 * hidden + hidden * 2 * hidden + 2 * hidden;
  }
  return total + hidden * outputs + outputs;
}

test('mgu: the formula equals model.countParams() and the per-weight count, layers 1-3, every head, several I/H', () => {
  let checked = 0;
  for (const layers of [1, 2, 3]) {
    for (const head of HEADS) {
      for (const [inputSize, hidden] of [
        [1, 1],
        [3, 17],
        [11, 6],
        [8, 22],
      ] as const) {
        const shape = shapeOf({ cell: 'plugin:mgu', layers, head, inputSize, hidden });
        const model = buildModel({ ...shape, sequenceLength: 5, seed: 3 });
        try {
          const label = JSON.stringify(shape);
          assert.equal(model.countParams(), expectedMguModel(inputSize, hidden, layers, headOut(head)), label);
          assert.equal(paramCount(shape), model.countParams(), label);
          checked += 1;
        } finally {
          model.dispose();
        }
      }
    }
  }
  assert.equal(checked, 3 * HEADS.length * 4);
});

test('mgu: weights are named like the built-in cells (rnn_<i>/kernel, recurrent_kernel, bias), so checkpoints work', () => {
  const model = buildModel({
    ...shapeOf({ cell: 'plugin:mgu', layers: 2, inputSize: 3, hidden: 4 }),
    sequenceLength: 5,
    seed: 1,
  });
  try {
    assert.deepEqual(
      model.weights.map((weight) => weight.originalName),
      [
        'rnn_0/kernel',
        'rnn_0/recurrent_kernel',
        'rnn_0/bias',
        'rnn_1/kernel',
        'rnn_1/recurrent_kernel',
        'rnn_1/bias',
        'head/kernel',
        'head/bias',
      ],
    );
  } finally {
    model.dispose();
  }
});

test("mgu: the plugin's closed-form solver picks the width the generic search picks, for 900 cases", () => {
  // The same cell without a solver: cellsweep's binary search over the count decides.
  const searched: CellPlugin = { ...mgu, name: 'mgu-searched', solveHidden: undefined };
  registerCellPlugin(searched, 'test');
  let compared = 0;
  for (const layers of [1, 2, 3]) {
    for (const head of HEADS) {
      for (let budget = 150; budget < 60_000; budget += 599) {
        const shape = { ...shapeOf({ layers, head, inputSize: 5 }), hidden: undefined };
        const own = solveHiddenForBudget({ ...shape, cell: 'plugin:mgu' }, budget);
        const generic = solveHiddenForBudget({ ...shape, cell: 'plugin:mgu-searched' }, budget);
        assert.deepEqual(own, generic, `layers ${layers}, ${head.kind}, budget ${budget}`);
        compared += 1;
      }
    }
  }
  assert.equal(compared, 900);
});
