import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidModelShapeError } from './errors.js';
import { paramCount, recurrentParamCount } from './param-count.js';
import { CELLS, expectedTotalCount, HEADS, shapeOf } from './test-shapes.js';

test('recurrent counts match the documented tfjs numbers for I=8, H=64', () => {
  // Measured with tfjs's model.countParams(): LSTM 4(H(I+H)+H), GRU 3(...), SimpleRNN 1(...).
  assert.equal(recurrentParamCount('lstm', 8, 64), 18_688);
  assert.equal(recurrentParamCount('gru', 8, 64), 14_016);
  assert.equal(recurrentParamCount('rnn', 8, 64), 4_672);
});

test('a hand-worked two-layer lstm with a regression head', () => {
  // layer 0: 4*(32*(8+32)+32) = 5,248; layer 1: 4*(32*64+32) = 8,320; head: 32*1+1 = 33.
  const head = { kind: 'regression', outputSize: 1 } as const;
  const shape = shapeOf({ cell: 'lstm', inputSize: 8, hidden: 32, layers: 2, head });
  assert.equal(paramCount(shape), 5_248 + 8_320 + 33);
});

test('paramCount equals the independent formula over a grid of shapes', () => {
  for (const cell of CELLS) {
    for (const head of HEADS) {
      for (const layers of [1, 2, 3, 5]) {
        for (const [inputSize, hidden] of [
          [1, 1],
          [8, 64],
          [30, 256],
          [100, 7],
        ] as const) {
          const shape = shapeOf({ cell, head, layers, inputSize, hidden });
          assert.equal(paramCount(shape), expectedTotalCount(shape), JSON.stringify(shape));
        }
      }
    }
  }
});

test('invalid shapes are rejected with the field named', () => {
  assert.throws(
    () => paramCount(shapeOf({ hidden: 0 })),
    (error: unknown) => {
      assert.ok(error instanceof InvalidModelShapeError);
      assert.equal(error.name, 'InvalidModelShapeError');
      assert.equal(error.field, 'hidden');
      assert.equal(error.message, 'invalid model shape: hidden = 0: must be an integer >= 1');
      return true;
    },
  );
  assert.throws(() => paramCount(shapeOf({ layers: 1.5 })), /layers = 1.5/);
  assert.throws(() => paramCount(shapeOf({ head: { kind: 'classification', classes: 0 } })), /head\.classes = 0/);
  assert.throws(() => recurrentParamCount('gru', -1, 4), /inputSize = -1/);
});

test('the new cells by hand for I=8, H=64: irnn, the 3-block and 4-block LSTM variants, peepholes, ugrnn', () => {
  // One block is H(I+H)+H = 64·72+64 = 4,672. irnn has one; removing a gate (or coupling f to i) leaves three.
  assert.equal(recurrentParamCount('irnn', 8, 64), 4_672);
  for (const cell of ['lstm-nig', 'lstm-nfg', 'lstm-nog', 'lstm-cifg'] as const) {
    assert.equal(recurrentParamCount(cell, 8, 64), 14_016, cell);
  }
  // Removing an activation removes no weights.
  for (const cell of ['lstm-niaf', 'lstm-noaf'] as const) assert.equal(recurrentParamCount(cell, 8, 64), 18_688, cell);
  // Peepholes: three diagonal vectors, 3·64 = 192 more than the LSTM.
  assert.equal(recurrentParamCount('lstm-ph', 8, 64), 18_880);
  // UGRNN: the GRU's 14,016 less its reset gate's block.
  assert.equal(recurrentParamCount('ugrnn', 8, 64), 9_344);
});
