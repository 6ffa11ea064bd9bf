import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradientSlope } from '@cellsweep/core';
import { paramCount } from '@cellsweep/models';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport } from './train-trial.js';

before(useWasm);

test('loss falls on a tiny adding problem and the result is complete', async () => {
  const epochs: EpochReport[] = [];
  const config = tinyTrial(
    {
      training: {
        epochs: 8,
        batchSize: 32,
        optimizer: 'adam',
        learningRate: 0.02,
        clipNorm: 1,
        earlyStoppingPatience: null,
      },
    },
    { dataset: 'adding', sequenceLength: 10, trainSize: 1024, validationSize: 128, testSize: 128 },
  );
  const result = await trainTrial({ config, hidden: 8, onEpoch: (row) => void epochs.push(row) });
  assert.equal(epochs.length, 8);
  const first = epochs[0] as EpochReport;
  const last = epochs.at(-1) as EpochReport;
  assert.ok(last.trainLoss < first.trainLoss * 0.7, `train loss ${first.trainLoss} -> ${last.trainLoss}`);
  assert.ok(result.valLoss < 0.05, `validation MSE ${result.valLoss} should beat the 0.167 mean-prediction baseline`);
  assert.equal(result.backend, 'wasm');
  assert.equal(result.metricName, 'mse');
  assert.equal(result.epochsRun, 8);
  assert.ok(result.bestEpoch >= 1 && result.bestEpoch <= 8);
  assert.equal(
    result.paramCount,
    paramCount({
      cell: 'lstm',
      inputSize: 2,
      hidden: 8,
      layers: 1,
      head: { kind: 'regression', outputSize: 1 },
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
    }),
  );
  assert.equal(result.generalizationGap, result.testLoss - result.trainLoss);
  assert.ok(epochs.every((row) => row.samplesPerSec > 0 && row.epochTimeMs > 0));
  // Gradient slopes: each the slope of its own norms; the final probe is the best epoch's (the store's backfill of
  // old trials, migration 20261207081200_gradient_slope, relies on that).
  assert.ok(
    epochs.every((row) => row.gradientSlope !== null && row.gradientSlope === gradientSlope(row.gradientNorms)),
  );
  assert.equal(result.initialGradientSlope, gradientSlope(result.initialGradient?.norms ?? []));
  assert.notEqual(result.initialGradientSlope, null);
  assert.equal(result.gradientSlope, result.finalGradient.slope);
  assert.deepEqual(result.finalGradient.norms, epochs[result.bestEpoch - 1]?.gradientNorms);
  assert.equal(result.gradientSlope, epochs[result.bestEpoch - 1]?.gradientSlope);
});

test('no tensors leak: the live count is flat across epochs and back to the start afterwards', async () => {
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  await trainTrial({
    config: tinyTrial({ cell: 'gru' }),
    hidden: 6,
    onEpoch: (row) => void counts.push(row.numTensors),
  });
  assert.equal(new Set(counts).size, 1, `live tensors per epoch: ${counts.join(', ')}`);
  assert.equal(tf.memory().numTensors, before);
});

test('the same seed reproduces a trial exactly; another seed does not', async () => {
  const run = (seed: number) => trainTrial({ config: tinyTrial({ cell: 'rnn', seed }), hidden: 8 });
  const [a, b, c] = [await run(5), await run(5), await run(6)];
  assert.equal(a.testLoss, b.testLoss);
  assert.equal(a.trainLoss, b.trainLoss);
  assert.notEqual(a.testLoss, c.testLoss);
});

test('classification and per-step heads report accuracy and bits per character', async () => {
  const parity = await trainTrial({
    config: tinyTrial(
      {
        cell: 'gru',
        training: {
          epochs: 1,
          batchSize: 32,
          optimizer: 'adam',
          learningRate: 0.01,
          clipNorm: null,
          earlyStoppingPatience: null,
        },
      },
      { dataset: 'parity', sequenceLength: 6, trainSize: 64, validationSize: 32, testSize: 32 },
    ),
    hidden: 4,
  });
  assert.equal(parity.metricName, 'accuracy');
  assert.ok(parity.testMetric >= 0 && parity.testMetric <= 1);
  const text = await trainTrial({
    config: tinyTrial(
      {
        training: {
          epochs: 1,
          batchSize: 16,
          optimizer: 'adam',
          learningRate: 0.01,
          clipNorm: 1,
          earlyStoppingPatience: null,
        },
      },
      { dataset: 'moby-dick', sequenceLength: 12, trainSize: 32, validationSize: 16, testSize: 16 },
    ),
    hidden: 8,
  });
  assert.equal(text.metricName, 'bits-per-char');
  assert.ok(Math.abs(text.testMetric - text.testLoss / Math.LN2) < 1e-9);
});

test('an aborted trial stops with TrainingAbortedError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(trainTrial({ config: tinyTrial(), hidden: 4, signal: controller.signal }), {
    name: 'TrainingAbortedError',
  });
});

test('on random labels the final weights are kept: training loss shows what was memorized', async () => {
  const epochs: EpochReport[] = [];
  const result = await trainTrial({
    onEpoch: (row) => void epochs.push(row),
    config: tinyTrial(
      {
        cell: 'gru',
        training: {
          epochs: 40,
          batchSize: 16,
          optimizer: 'adam',
          learningRate: 0.03,
          clipNorm: 5,
          earlyStoppingPatience: null,
        },
      },
      {
        dataset: 'memorize',
        sequenceLength: 3,
        inputSize: 4,
        classes: 2,
        trainSize: 64,
        validationSize: 32,
        testSize: 32,
      },
    ),
    hidden: 16,
  });
  // 64 random bits and ~900 parameters: the model can store them; chance is ln 2 = 0.693.
  assert.ok(result.trainLoss < 0.35, `train loss ${result.trainLoss}`);
  assert.ok(result.trainMetric > 0.85, `train accuracy ${result.trainMetric}`);
  // Final weights = the last epoch's, so the final gradient probe is the last epoch's (the store's backfill uses it).
  assert.deepEqual(result.finalGradient.norms, epochs.at(-1)?.gradientNorms);
  assert.equal(result.gradientSlope, epochs.at(-1)?.gradientSlope);
});
