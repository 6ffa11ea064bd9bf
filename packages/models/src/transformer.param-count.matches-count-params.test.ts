import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from './build-model.js';
import { InvalidModelShapeError } from './errors.js';
import type { ModelShape, TransformerOptions } from './model-shape.js';
import { paramCount, transformerBlockParamCount } from './param-count.js';
import { expectedTransformerCount, HEADS, transformerShapeOf } from './test-shapes.js';

const SEQUENCE_LENGTH = 6;

// (heads, d, ffMultiplier, layers, inputSize): heads 1-4, widths 4-24, ff 1-4, 1-3 blocks, several input sizes.
const GRID: ReadonlyArray<
  readonly [heads: number, hidden: number, ffMultiplier: number, layers: number, inputSize: number]
> = [
  [1, 4, 1, 1, 1],
  [2, 8, 2, 2, 3],
  [4, 12, 4, 1, 11],
  [3, 24, 1, 3, 2],
  [4, 16, 3, 2, 7],
];

function shapes(): ModelShape[] {
  const all: ModelShape[] = [];
  for (const [heads, hidden, ffMultiplier, layers, inputSize] of GRID) {
    for (const head of HEADS) {
      for (const positional of ['sinusoidal', 'learned'] as const) {
        const options: TransformerOptions = { heads, ffMultiplier, positional };
        all.push(transformerShapeOf({ hidden, layers, inputSize, head, sequenceLength: SEQUENCE_LENGTH }, options));
      }
    }
  }
  return all;
}

test('transformer: paramCount equals model.countParams() and the weight-by-weight formula over heads, blocks, ff, positions, heads kinds', () => {
  let checked = 0;
  for (const shape of shapes()) {
    const model = buildModel({ ...shape, sequenceLength: SEQUENCE_LENGTH, seed: 1 });
    try {
      const label = JSON.stringify(shape);
      assert.equal(paramCount(shape), model.countParams(), label);
      assert.equal(model.countParams(), expectedTransformerCount(shape), label);
      checked += 1;
    } finally {
      model.dispose();
    }
  }
  assert.equal(checked, GRID.length * HEADS.length * 2);
});

test('a hand-worked transformer: d=8, 2 heads, ff 2, 1 block, I=3, T=5 learned, 4 classes', () => {
  // input 3*8+8 = 32; positions 5*8 = 40; block (4+4)*64 + (9+2)*8 = 512 + 88 = 600; final LN 16; head 8*4+4 = 36.
  assert.equal(transformerBlockParamCount(8, 2), 600);
  const shape = transformerShapeOf(
    { head: { kind: 'classification', classes: 4 }, layers: 1, sequenceLength: 5 },
    { positional: 'learned' },
  );
  assert.equal(paramCount(shape), 32 + 40 + 600 + 16 + 36);
  // Sinusoidal positions have no weights, and need no sequence length.
  const { sequenceLength: _unused, ...fixed } = {
    ...shape,
    transformer: { heads: 2, ffMultiplier: 2, positional: 'sinusoidal' as const },
  };
  assert.equal(paramCount(fixed), 32 + 600 + 16 + 36);
});

test('the head count does not change the count (it splits d)', () => {
  const counts = [1, 2, 4, 8].map((heads) => paramCount(transformerShapeOf({ hidden: 16 }, { heads })));
  assert.equal(new Set(counts).size, 1);
});

test('bad transformer shapes name the field and the fix', () => {
  assert.throws(
    () => paramCount(transformerShapeOf({ hidden: 30 }, { heads: 4 })),
    (error: unknown) => {
      assert.ok(error instanceof InvalidModelShapeError);
      assert.equal(error.field, 'hidden');
      assert.match(error.message, /hidden 30 is not a multiple of transformer\.heads 4; use a multiple of 4/);
      return true;
    },
  );
  for (const sequenceLength of [null, undefined]) {
    assert.throws(
      () => paramCount(transformerShapeOf({ sequenceLength }, { positional: 'learned' })),
      (error: unknown) => {
        assert.ok(error instanceof InvalidModelShapeError);
        assert.equal(error.field, 'transformer.positional');
        assert.match(error.message, /needs a fixed sequence length.*use transformer\.positional: sinusoidal/);
        return true;
      },
    );
  }
  assert.throws(() => paramCount(transformerShapeOf({}, { heads: 0 })), /transformer\.heads = 0/);
  assert.throws(() => paramCount(transformerShapeOf({}, { ffMultiplier: 1.5 })), /transformer\.ffMultiplier = 1\.5/);
});
