import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport } from './train-trial.js';

before(useWasm);

// The fused kernels (@cellsweep/kernels) against tfjs-layers on the same trial: same seed, same data order, same
// initial weights, so the training curves must agree epoch by epoch (up to float rounding, which compounds slowly).
for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  test(`${cell}: fused and layers training curves agree on the adding problem`, async () => {
    const curve = async (implementation: 'fused' | 'layers') => {
      const epochs: EpochReport[] = [];
      const config = tinyTrial(
        {
          cell,
          implementation,
          training: {
            epochs: 5,
            batchSize: 32,
            optimizer: 'adam',
            learningRate: 0.02,
            clipNorm: 1,
            earlyStoppingPatience: null,
          },
        },
        { dataset: 'adding', sequenceLength: 12, trainSize: 512, validationSize: 128, testSize: 128 },
      );
      const result = await trainTrial({ config, hidden: 8, onEpoch: (row) => void epochs.push(row) });
      return { epochs, result };
    };
    const layers = await curve('layers');
    const fused = await curve('fused');
    assert.equal(fused.result.paramCount, layers.result.paramCount);
    layers.epochs.forEach((expected, i) => {
      const actual = fused.epochs[i] as EpochReport;
      for (const key of ['trainLoss', 'valLoss'] as const) {
        const relative = Math.abs(actual[key] - expected[key]) / expected[key];
        assert.ok(relative < 2e-3, `epoch ${i + 1} ${key}: fused ${actual[key]} vs layers ${expected[key]}`);
      }
    });
    const first = layers.epochs[0] as EpochReport;
    const last = fused.epochs.at(-1) as EpochReport;
    assert.ok(last.trainLoss < first.trainLoss, `fused learns: ${first.trainLoss} -> ${last.trainLoss}`);
    assert.ok(
      Math.abs(fused.result.testLoss - layers.result.testLoss) / layers.result.testLoss < 2e-3,
      'test losses agree',
    );
  });
}
