import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { decodeCheckpoint, encodeCheckpoint, resumeRefusal, type TrainerCheckpoint } from './checkpoint.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial } from './train-trial.js';

before(useWasm);

const CHECKPOINT: TrainerCheckpoint = {
  version: 2,
  epoch: 3,
  backend: 'wasm',
  wallTimeMs: 1234,
  weights: [{ name: 'rnn_0/kernel', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6.5]) }],
  optimizer: [
    { name: 'iter', shape: [], values: Float32Array.from([12]) },
    { name: 'accBeta1', shape: [], values: Float32Array.from([Math.fround(0.9 ** 13)]) },
  ],
  best: { epoch: 2, valLoss: Infinity, weights: null },
  initialGradientNorms: [Math.fround(0.25), Infinity, 0],
};

test('a checkpoint survives encoding byte for byte', () => {
  assert.deepEqual(decodeCheckpoint(encodeCheckpoint(CHECKPOINT)), CHECKPOINT);
  // From a driver buffer at an odd offset, too.
  const bytes = encodeCheckpoint(CHECKPOINT);
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  assert.deepEqual(decodeCheckpoint(shifted.subarray(1)), CHECKPOINT);
  assert.throws(() => decodeCheckpoint(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /not a cellsweep checkpoint/);
});

/** A format-1 checkpoint as the build before issue 19 wrote it (header without backend, wall time, norms). */
function formatOne(checkpoint: TrainerCheckpoint): Uint8Array {
  const header = {
    version: 1,
    epoch: checkpoint.epoch,
    best: { epoch: checkpoint.best.epoch, valLoss: checkpoint.best.valLoss, hasWeights: false },
    tensors: [
      ...checkpoint.weights.map((t) => ({ group: 'weights', name: t.name, shape: t.shape })),
      ...checkpoint.optimizer.map((t) => ({ group: 'optimizer', name: t.name, shape: t.shape })),
    ],
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const offset = (8 + headerBytes.length + 3) & ~3;
  const values = [...checkpoint.weights, ...checkpoint.optimizer].flatMap((t) => Array.from(t.values));
  const bytes = new Uint8Array(offset + values.length * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x4b435343, true);
  view.setUint32(4, headerBytes.length, true);
  bytes.set(headerBytes, 8);
  new Float32Array(bytes.buffer, offset).set(values);
  return bytes;
}

test('format 1 still decodes, and is refused for resuming (it lacks the state an exact resume needs)', () => {
  const old = decodeCheckpoint(formatOne({ ...CHECKPOINT, best: { epoch: 2, valLoss: 0.5, weights: null } }));
  assert.equal(old.version, 1);
  assert.equal(old.epoch, 3);
  assert.equal(old.initialGradientNorms, null);
  assert.match(resumeRefusal(old, 'wasm') ?? '', /format 1/);
  assert.equal(resumeRefusal(CHECKPOINT, 'wasm'), null);
  assert.match(resumeRefusal(CHECKPOINT, 'cpu') ?? '', /wasm backend, this thread runs cpu/);
  const future = encodeCheckpoint(CHECKPOINT);
  const text = new TextDecoder().decode(future).replace('"version":2', '"version":9');
  assert.throws(() => decodeCheckpoint(new TextEncoder().encode(text)), /unsupported checkpoint version 9/);
});

test('a checkpoint from another backend is not resumed: the trial restarts from epoch 1 and says why', async () => {
  const training = { epochs: 2, batchSize: 32, optimizer: 'adam' as const, learningRate: 0.01, clipNorm: 1 };
  const config = tinyTrial({ training: { ...training, earlyStoppingPatience: null } });
  const checkpoints: TrainerCheckpoint[] = [];
  const straight = await trainTrial({ config, hidden: 4, onCheckpoint: async (c) => void checkpoints.push(c) });
  const foreign = { ...(checkpoints[0] as TrainerCheckpoint), backend: 'tensorflow' };
  const epochs: number[] = [];
  const onEpoch = (row: { epoch: number }) => void epochs.push(row.epoch);
  const restarted = await trainTrial({ config, hidden: 4, resumeFrom: foreign, onEpoch });
  assert.deepEqual(epochs, [1, 2]);
  assert.equal(restarted.testLoss, straight.testLoss);
  assert.match(restarted.restartedBecause ?? '', /tensorflow backend/);
  assert.equal(straight.restartedBecause, undefined);
  assert.equal(tf.getBackend(), 'wasm');
});

test('the kernel build is recorded and a checkpoint from another build is refused (pre-native ones ran wasm)', () => {
  const native = { ...CHECKPOINT, kernels: 'native-avx2' };
  assert.deepEqual(decodeCheckpoint(encodeCheckpoint(native)), native);
  assert.deepEqual(decodeCheckpoint(encodeCheckpoint({ ...CHECKPOINT, kernels: null })).kernels, null);
  assert.equal(resumeRefusal(native, 'wasm', 'native-avx2'), null);
  assert.match(
    resumeRefusal(native, 'wasm', 'relaxed') ?? '',
    /trained on the native-avx2 kernels, this thread runs relaxed/,
  );
  assert.match(resumeRefusal({ ...CHECKPOINT, kernels: null }, 'wasm', 'simd') ?? '', /tfjs-layers kernels/);
  // Written before the native kernels: wasm kernels trained it, so it continues on wasm but not on native.
  assert.equal(resumeRefusal(CHECKPOINT, 'wasm', 'relaxed'), null);
  assert.equal(resumeRefusal(CHECKPOINT, 'wasm', null), null);
  assert.match(resumeRefusal(CHECKPOINT, 'wasm', 'native-avx2') ?? '', /wasm kernels, this thread runs native-avx2/);
});

test('a trial reports its kernel build, and restarts when resumed on another (CELLSWEEP_KERNELS)', async () => {
  const saved = process.env.CELLSWEEP_KERNELS;
  try {
    const training = { epochs: 2, batchSize: 32, optimizer: 'adam' as const, learningRate: 0.01, clipNorm: 1 };
    const config = tinyTrial({ implementation: 'fused', training: { ...training, earlyStoppingPatience: null } });
    const checkpoints: TrainerCheckpoint[] = [];
    process.env.CELLSWEEP_KERNELS = 'simd';
    const simd = await trainTrial({ config, hidden: 4, onCheckpoint: async (c) => void checkpoints.push(c) });
    assert.equal(simd.kernels, 'simd');
    assert.equal(checkpoints[0]?.kernels, 'simd');
    process.env.CELLSWEEP_KERNELS = 'relaxed';
    const epochs: number[] = [];
    const onEpoch = (row: { epoch: number }) => void epochs.push(row.epoch);
    const resumed = await trainTrial({ config, hidden: 4, resumeFrom: checkpoints[0], onEpoch });
    assert.equal(resumed.kernels, 'relaxed');
    assert.deepEqual(epochs, [1, 2]);
    assert.match(resumed.restartedBecause ?? '', /simd kernels, this thread runs relaxed/);
    const layers = await trainTrial({ config: { ...config, implementation: 'layers' }, hidden: 4 });
    assert.equal(layers.kernels, null);
  } finally {
    if (saved === undefined) delete process.env.CELLSWEEP_KERNELS;
    else process.env.CELLSWEEP_KERNELS = saved;
  }
});
