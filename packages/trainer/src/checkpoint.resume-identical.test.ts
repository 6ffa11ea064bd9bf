import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { decodeCheckpoint, encodeCheckpoint, type TrainerCheckpoint } from './checkpoint.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport } from './train-trial.js';

before(useWasm);

test('resuming from an epoch checkpoint reproduces the uninterrupted run exactly', async () => {
  const config = tinyTrial({ training: { epochs: 5, batchSize: 32, optimizer: 'adam', learningRate: 0.02, clipNorm: 1, earlyStoppingPatience: null } });
  const checkpoints: Uint8Array[] = [];
  const straightEpochs: EpochReport[] = [];
  const straight = await trainTrial({
    config,
    hidden: 6,
    onEpoch: (row) => void straightEpochs.push(row),
    onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
  });
  assert.equal(checkpoints.length, 5);

  const resumedEpochs: EpochReport[] = [];
  const resumed = await trainTrial({
    config,
    hidden: 6,
    resumeFrom: decodeCheckpoint(checkpoints[1] as Uint8Array), // after epoch 2
    onEpoch: (row) => void resumedEpochs.push(row),
  });
  assert.deepEqual(resumedEpochs.map((row) => row.epoch), [3, 4, 5]);
  assert.deepEqual(resumedEpochs.map((row) => row.valLoss), straightEpochs.slice(2).map((row) => row.valLoss));
  assert.equal(resumed.testLoss, straight.testLoss);
  assert.equal(resumed.bestEpoch, straight.bestEpoch);
  assert.equal(resumed.epochsRun, 5);
});

test('a checkpoint survives encoding byte for byte', () => {
  const checkpoint: TrainerCheckpoint = {
    epoch: 3,
    weights: [{ name: 'rnn_0/kernel', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6.5]) }],
    optimizer: [{ name: 'iter', shape: [], values: Float32Array.from([12]) }],
    best: { epoch: 2, valLoss: Infinity, weights: null },
  };
  const decoded = decodeCheckpoint(encodeCheckpoint(checkpoint));
  assert.deepEqual(decoded, checkpoint);
  // From a driver buffer at an odd offset, too.
  const bytes = encodeCheckpoint(checkpoint);
  const shifted = new Uint8Array(bytes.length + 1);
  shifted.set(bytes, 1);
  assert.deepEqual(decodeCheckpoint(shifted.subarray(1)), checkpoint);
  assert.throws(() => decodeCheckpoint(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /not a cellsweep checkpoint/);
});
