import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { deriveSeed } from '@cellsweep/core';
import { loadDataset } from '@cellsweep/datasets';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial } from './train-trial.js';

before(useWasm);

const training = {
  epochs: 2,
  batchSize: 32,
  optimizer: 'adam' as const,
  learningRate: 0.01,
  clipNorm: 1,
  earlyStoppingPatience: null,
};

for (const implementation of ['layers', 'fused'] as const) {
  test(`parity: validation at the training length, test at the longer one (${implementation})`, async () => {
    const config = tinyTrial(
      { cell: 'gru', implementation, training },
      {
        dataset: 'parity',
        sequenceLength: 6,
        testSequenceLength: 14,
        trainSize: 128,
        validationSize: 32,
        testSize: 64,
      },
    );
    const data = loadDataset(config.task, deriveSeed(config.seed, 'data'));
    assert.equal(data.validation.sequenceLength, 6);
    assert.equal(data.test.sequenceLength, 14);
    const probes: number[] = [];
    const result = await trainTrial({
      config,
      hidden: 6,
      dataset: data,
      onEpoch: (row) => void probes.push(row.gradientNorms.length),
    });
    // The gradient probe (a validation batch) has one norm per input step: the training length.
    assert.deepEqual(probes, [6, 6]);
    assert.equal(result.metricName, 'accuracy');
    assert.deepEqual(Object.keys(result.testMetrics ?? {}), ['accuracy']);
    assert.equal(result.testMetrics?.accuracy, result.testMetric);
    // Accuracy over 64 test strings: a multiple of 1/64, measured on the 14-bit strings the model never saw.
    assert.ok(Number.isInteger(Math.round(result.testMetric * 64 * 1e6) / 1e6));
    assert.ok(result.finalGradient.norms.length === 6);
  });
}

test('copy with a longer test delay: masked recall accuracy and sequence accuracy at test length', async () => {
  const config = tinyTrial(
    { cell: 'lstm', training },
    {
      dataset: 'copy',
      copyLength: 2,
      delay: 3,
      alphabetSize: 3,
      testDelay: 9,
      trainSize: 96,
      validationSize: 32,
      testSize: 48,
    },
  );
  const result = await trainTrial({ config, hidden: 6 });
  assert.deepEqual(Object.keys(result.testMetrics ?? {}), ['accuracy', 'sequence-accuracy']);
  // 48 sequences x 2 recall steps.
  assert.ok(Number.isInteger(Math.round((result.testMetrics?.accuracy ?? NaN) * 96 * 1e6) / 1e6));
  assert.ok((result.testMetrics?.['sequence-accuracy'] ?? 2) <= (result.testMetrics?.accuracy ?? -1));
});

test('g2p, mackey-glass and spam report their named test metrics', async () => {
  const short = { ...training, epochs: 1 };
  const g2p = await trainTrial({
    config: tinyTrial(
      { cell: 'gru', training: short },
      { dataset: 'g2p', maxWordLength: 4, trainSize: 64, validationSize: 32, testSize: 32 },
    ),
    hidden: 8,
  });
  assert.equal(g2p.metricName, 'token-accuracy');
  assert.deepEqual(Object.keys(g2p.testMetrics ?? {}), ['token-accuracy', 'sequence-accuracy']);
  const forecast = await trainTrial({
    config: tinyTrial(
      { training: short },
      { dataset: 'mackey-glass', sequenceLength: 10, horizon: 2, trainSize: 64, validationSize: 32, testSize: 32 },
    ),
    hidden: 4,
  });
  assert.equal(forecast.metricName, 'nmse');
  assert.ok(Math.abs((forecast.testMetrics?.mse ?? NaN) - forecast.testLoss) < 1e-12);
  assert.equal(forecast.testMetrics?.nmse, forecast.testMetric);
  const spam = await trainTrial({
    config: tinyTrial(
      { training: short },
      { dataset: 'spam', sequenceLength: 16, trainSize: 64, validationSize: 32, testSize: 64 },
    ),
    hidden: 4,
  });
  assert.equal(spam.metricName, 'accuracy');
  assert.deepEqual(Object.keys(spam.testMetrics ?? {}), ['accuracy', 'f1', 'precision', 'recall']);
});
