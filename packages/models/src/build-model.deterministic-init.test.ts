import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import type { ModelBuildSpec } from './model-shape.js';
import { CELLS, shapeOf } from './test-shapes.js';

/** Initial weights keyed by their stable name (`originalName`; `name` gains `_1` suffixes across builds). */
function weightsOf(model: tf.LayersModel): Map<string, Float32Array> {
  return new Map(model.weights.map((weight) => [weight.originalName, weight.read().dataSync() as Float32Array]));
}

function withModel<T>(spec: ModelBuildSpec, use: (model: tf.LayersModel) => T): T {
  const model = buildModel(spec);
  try {
    return use(model);
  } finally {
    model.dispose();
  }
}

function spec(overrides: Partial<ModelBuildSpec> = {}): ModelBuildSpec {
  return { ...shapeOf({ hidden: 6, layers: 3 }), sequenceLength: 5, seed: 42, ...overrides };
}

for (const cell of CELLS) {
  test(`${cell}: the same seed gives bit-identical weights, another seed does not`, () => {
    const first = withModel(spec({ cell }), weightsOf);
    const again = withModel(spec({ cell }), weightsOf);
    const other = withModel(spec({ cell, seed: 43 }), weightsOf);
    assert.deepEqual([...first.keys()], [...again.keys()]);
    for (const [name, values] of first) {
      assert.deepEqual(again.get(name), values, name);
      // Biases and peepholes start at zero, irnn's recurrent kernel at the identity: no seed in them.
      const seedless =
        name.endsWith('/bias') || name.endsWith('/peephole') || (cell === 'irnn' && name.endsWith('/recurrent_kernel'));
      if (!seedless) assert.notDeepEqual(other.get(name), values, `${name} should change with the seed`);
    }
  });
}

test('seed 0 is deterministic too (tfjs treats a falsy seed as unseeded)', () => {
  const first = withModel(spec({ seed: 0 }), weightsOf);
  const again = withModel(spec({ seed: 0 }), weightsOf);
  assert.deepEqual(again, first);
});

test('every layer gets its own seed: same-shaped kernels in different layers differ', () => {
  // rnn_1 and rnn_2 both have kernel [H, 4H] and recurrent kernel [H, 4H]; equal seeds would make them equal.
  const weights = withModel(spec({ cell: 'lstm' }), weightsOf);
  const names = ['rnn_1/kernel', 'rnn_2/kernel', 'rnn_1/recurrent_kernel', 'rnn_2/recurrent_kernel'];
  for (const a of names) {
    for (const b of names) {
      if (a !== b) assert.notDeepEqual(weights.get(a), weights.get(b), `${a} vs ${b}`);
    }
  }
});

test('layers and weights carry stable names for checkpoints', () => {
  const names = withModel(spec({ head: { kind: 'sequence-classification', classes: 4 } }), (model) => ({
    layers: model.layers.map((layer) => layer.name),
    weights: model.weights.map((weight) => weight.originalName),
  }));
  assert.deepEqual(names.layers, ['input', 'rnn_0', 'rnn_1', 'rnn_2', 'head']);
  assert.deepEqual(names.weights, [
    ...['rnn_0', 'rnn_1', 'rnn_2'].flatMap((layer) => [
      `${layer}/kernel`,
      `${layer}/recurrent_kernel`,
      `${layer}/bias`,
    ]),
    'head/kernel',
    'head/bias',
  ]);
});

test('lstm forget-gate bias is 1 with unitForgetBias, 0 without; other biases are 0', () => {
  const hidden = 6;
  for (const unitForgetBias of [true, false]) {
    const biases = withModel(spec({ cell: 'lstm', hidden, unitForgetBias }), weightsOf);
    for (const layer of ['rnn_0', 'rnn_1', 'rnn_2']) {
      const bias = [...(biases.get(`${layer}/bias`) ?? [])];
      // tfjs (like Keras) orders LSTM gates i, f, c, o.
      const forget = unitForgetBias ? 1 : 0;
      assert.deepEqual(bias, [
        ...Array<number>(hidden).fill(0),
        ...Array<number>(hidden).fill(forget),
        ...Array<number>(2 * hidden).fill(0),
      ]);
    }
    assert.deepEqual([...(biases.get('head/bias') ?? [])], Array<number>(10).fill(0));
  }
});

test('recurrentActivation is honoured for lstm and gru (tfjs would default to hardSigmoid)', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    for (const recurrentActivation of ['sigmoid', 'hardSigmoid'] as const) {
      const configured = withModel(spec({ cell, recurrentActivation, layers: 2 }), (model) =>
        ['rnn_0', 'rnn_1'].map((name) => model.getLayer(name).getConfig().recurrentActivation),
      );
      assert.deepEqual(configured, [recurrentActivation, recurrentActivation], cell);
    }
  }
  const rnnActivation = withModel(spec({ cell: 'rnn' }), (model) => model.getLayer('rnn_0').getConfig().activation);
  assert.equal(rnnActivation, 'tanh');
});

test('the recurrent kernel is orthogonal (columns orthonormal up to float error)', () => {
  const hidden = 5;
  const kernel = withModel(spec({ cell: 'rnn', hidden, layers: 1 }), (model) =>
    weightsOf(model).get('rnn_0/recurrent_kernel'),
  );
  assert.ok(kernel);
  for (let i = 0; i < hidden; i += 1) {
    for (let j = 0; j < hidden; j += 1) {
      let dot = 0;
      for (let k = 0; k < hidden; k += 1) dot += (kernel[k * hidden + i] ?? 0) * (kernel[k * hidden + j] ?? 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `column ${i}.${j} = ${dot}`);
    }
  }
});
