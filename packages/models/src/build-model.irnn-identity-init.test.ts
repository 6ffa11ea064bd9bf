import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import type { ModelBuildSpec } from './model-shape.js';
import { shapeOf } from './test-shapes.js';

// Le, Jaitly & Hinton 2015: relu units whose recurrent matrix starts as the identity (times a scale), so that at
// initialisation the state is copied forward and the gradient neither vanishes nor explodes through it.
const hidden = 5;

function spec(overrides: Partial<ModelBuildSpec>): ModelBuildSpec {
  return { ...shapeOf({ cell: 'irnn', hidden, inputSize: 3, layers: 2 }), sequenceLength: 4, seed: 9, ...overrides };
}

for (const implementation of ['layers', 'fused'] as const) {
  for (const identityScale of [undefined, 1, 0.25]) {
    test(`irnn (${implementation}, identityScale ${String(identityScale)}): every recurrent kernel is scale × identity`, () => {
      const model = buildModel(spec({ implementation, ...(identityScale === undefined ? {} : { identityScale }) }));
      try {
        for (const layer of ['rnn_0', 'rnn_1']) {
          const kernel = model.weights.find((weight) => weight.originalName === `${layer}/recurrent_kernel`);
          assert.ok(kernel, `${layer}/recurrent_kernel exists`);
          const expected = Array.from({ length: hidden * hidden }, (_, i) =>
            i % (hidden + 1) === 0 ? Math.fround(identityScale ?? 1) : 0,
          );
          assert.deepEqual([...kernel.read().dataSync()], expected, layer);
        }
      } finally {
        model.dispose();
      }
    });
  }
}

test('irnn is relu: its states are never negative, where the tanh rnn goes below zero', () => {
  const states = (cell: 'irnn' | 'rnn'): Float32Array => {
    const head = { kind: 'sequence-classification', classes: 2 } as const;
    const model = buildModel({ ...spec({ cell, layers: 1, implementation: 'layers' }), head });
    try {
      return tf.tidy(() => {
        const probe = tf.model({ inputs: model.inputs, outputs: model.getLayer('rnn_0').output as tf.SymbolicTensor });
        return (
          probe.predict(tf.randomUniform([8, 4, 3], -2, 2, 'float32', 4)) as tf.Tensor
        ).dataSync() as Float32Array;
      });
    } finally {
      model.dispose();
    }
  };
  assert.ok(states('irnn').every((value) => value >= 0));
  assert.ok(states('irnn').some((value) => value > 0));
  assert.ok(states('rnn').some((value) => value < 0));
});

test('a non-positive identityScale is refused, naming the field', () => {
  assert.throws(() => buildModel(spec({ identityScale: 0 })), /identityScale = 0: must be a finite number > 0/);
});
