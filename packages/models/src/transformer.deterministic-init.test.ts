import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build-model.js';
import { InvalidModelShapeError } from './errors.js';
import type { ModelBuildSpec } from './model-shape.js';
import { sinusoidalTable } from './transformer-layers.js';
import { transformerShapeOf } from './test-shapes.js';

function weightsOf(spec: ModelBuildSpec): Map<string, Float32Array> {
  const model = buildModel(spec);
  try {
    return new Map(model.weights.map((weight) => [weight.originalName, weight.read().dataSync() as Float32Array]));
  } finally {
    model.dispose();
  }
}

function spec(seed: number): ModelBuildSpec {
  return { ...transformerShapeOf({ layers: 2 }, { positional: 'learned' }), sequenceLength: 5, seed };
}

test('the same seed gives bit-identical weights, another seed changes every random one', () => {
  const first = weightsOf(spec(42));
  const again = weightsOf(spec(42));
  const other = weightsOf(spec(43));
  assert.deepEqual([...again.keys()], [...first.keys()]);
  for (const [name, values] of first) {
    assert.deepEqual(again.get(name), values, name);
    const constant = /\/(bias|query_bias|key_bias|value_bias|output_bias|gamma|beta)$/.test(name);
    if (!constant) assert.notDeepEqual(other.get(name), values, `${name} should change with the seed`);
  }
  // Same-shaped kernels in different places get different seeds.
  assert.notDeepEqual(first.get('block_0_attention/query_kernel'), first.get('block_0_attention/key_kernel'));
  assert.notDeepEqual(first.get('block_0_attention/query_kernel'), first.get('block_1_attention/query_kernel'));
});

test('layers and weights carry stable names, in checkpoint (getWeights) order', () => {
  const head = { kind: 'sequence-classification', classes: 4 } as const;
  const model = buildModel({
    ...transformerShapeOf({ layers: 1, head }, { positional: 'learned' }),
    sequenceLength: 5,
    seed: 1,
  });
  try {
    assert.deepEqual(
      model.layers.map((layer) => layer.name),
      [
        'input',
        'input_projection',
        'position',
        'block_0_norm_1',
        'block_0_attention',
        'block_0_add_1',
        'block_0_norm_2',
        'block_0_ff_1',
        'block_0_ff_2',
        'block_0_add_2',
        'final_norm',
        'head',
      ],
    );
    const attention = ['query', 'key', 'value', 'output'].flatMap((role) => [
      `block_0_attention/${role}_kernel`,
      `block_0_attention/${role}_bias`,
    ]);
    assert.deepEqual(
      model.weights.map((weight) => weight.originalName),
      [
        'input_projection/kernel',
        'input_projection/bias',
        'position/embeddings',
        'block_0_norm_1/gamma',
        'block_0_norm_1/beta',
        ...attention,
        'block_0_norm_2/gamma',
        'block_0_norm_2/beta',
        'block_0_ff_1/kernel',
        'block_0_ff_1/bias',
        'block_0_ff_2/kernel',
        'block_0_ff_2/bias',
        'final_norm/gamma',
        'final_norm/beta',
        'head/kernel',
        'head/bias',
      ],
    );
    // getWeights/setWeights round-trip in that order (the trainer's checkpoints rely on it).
    const saved = model.getWeights().map((weight) => weight.clone());
    const zeros = saved.map((weight) => tf.zerosLike(weight));
    model.setWeights(zeros);
    model.setWeights(saved);
    model.getWeights().forEach((weight, i) => assert.deepEqual(weight.dataSync(), saved[i]?.dataSync()));
    tf.dispose([...saved, ...zeros]);
  } finally {
    model.dispose();
  }
});

test('the model survives a tfjs serialization round trip (the custom layers are registered)', async () => {
  const model = buildModel({ ...transformerShapeOf({ layers: 1 }), sequenceLength: 5, seed: 2 });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  assert.ok(artifacts);
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  try {
    const x = tf.randomUniform([2, 5, 3], -1, 1, 'float32', 3);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    assert.deepEqual(b.dataSync(), a.dataSync());
    tf.dispose([x, a, b]);
  } finally {
    model.dispose();
    loaded.dispose();
  }
});

test('sinusoidal table: PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(same)', () => {
  const table = sinusoidalTable(3, 4);
  assert.deepEqual(Array.from(table.slice(0, 4)), [0, 1, 0, 1]);
  assert.ok(Math.abs((table[4] ?? 0) - Math.sin(1)) < 1e-7);
  assert.ok(Math.abs((table[5] ?? 0) - Math.cos(1)) < 1e-7);
  assert.ok(Math.abs((table[10] ?? 0) - Math.sin(2 / 100)) < 1e-7);
  assert.ok(Math.abs((table[11] ?? 0) - Math.cos(2 / 100)) < 1e-7);
});

test('learned positions without a fixed length are refused with the field and the fix', () => {
  assert.throws(
    () => buildModel({ ...transformerShapeOf({}, { positional: 'learned' }), sequenceLength: null, seed: 1 }),
    (error: unknown) => {
      assert.ok(error instanceof InvalidModelShapeError);
      assert.equal(error.field, 'transformer.positional');
      assert.match(error.message, /sequence length is variable \(null\); use transformer\.positional: sinusoidal/);
      return true;
    },
  );
});
