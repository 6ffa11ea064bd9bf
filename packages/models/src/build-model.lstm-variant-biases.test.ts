import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from './build-model.js';
import type { RecurrentCellKind } from './model-shape.js';
import { shapeOf } from './test-shapes.js';

// Each variant keeps tfjs's column order (i, f, c, o) with the blocks it does not have left out; unitForgetBias
// sets the forget block's bias to 1 wherever there is a forget block, and touches nothing in the others.
const hidden = 4;
const BLOCKS: ReadonlyArray<readonly [RecurrentCellKind, string]> = [
  ['lstm-nig', 'fco'],
  ['lstm-nfg', 'ico'],
  ['lstm-nog', 'ifc'],
  ['lstm-niaf', 'ifco'],
  ['lstm-noaf', 'ifco'],
  ['lstm-cifg', 'ico'],
  ['lstm-ph', 'ifco'],
];

for (const [cell, blocks] of BLOCKS) {
  for (const implementation of ['layers', 'fused'] as const) {
    test(`${cell} (${implementation}): weights are ${blocks} blocks wide; unitForgetBias sets only f's bias to 1`, () => {
      for (const unitForgetBias of [true, false]) {
        const shape = shapeOf({ cell, hidden, inputSize: 3, unitForgetBias });
        const model = buildModel({ ...shape, sequenceLength: 5, seed: 4, implementation });
        try {
          const weight = (name: string) => model.weights.find((w) => w.originalName === `rnn_0/${name}`);
          assert.deepEqual(weight('kernel')?.shape, [3, blocks.length * hidden]);
          assert.deepEqual(weight('recurrent_kernel')?.shape, [hidden, blocks.length * hidden]);
          const expected = [...blocks].flatMap((block) =>
            Array<number>(hidden).fill(block === 'f' && unitForgetBias ? 1 : 0),
          );
          assert.deepEqual(
            [...(weight('bias')?.read().dataSync() ?? [])],
            expected,
            `unitForgetBias ${unitForgetBias}`,
          );
          // Peepholes start at zero, so the peephole LSTM starts as the vanilla one.
          if (cell === 'lstm-ph')
            assert.deepEqual([...(weight('peephole')?.read().dataSync() ?? [])], Array(3 * hidden).fill(0));
          else assert.equal(weight('peephole'), undefined);
        } finally {
          model.dispose();
        }
      }
    });
  }
}
