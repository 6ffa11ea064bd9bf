import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRowFromRecord, type TrialRecordLike } from './from-record.js';

/** A store TrialRecord as the CLI would pass it, config shaped like core's TrialConfig. */
function record(
  cell: string,
  seed: number,
  unitForgetBias: boolean,
  testLoss: number,
): TrialRecordLike & { attempt: number } {
  return {
    id: `${cell}-${unitForgetBias}-${seed}`,
    cell,
    layers: 1,
    hidden: 30,
    paramBudget: 5_000,
    paramCount: 4_990,
    seed,
    status: 'COMPLETED',
    attempt: 1,
    trainLoss: 0.1,
    valLoss: 0.2,
    testLoss,
    valMetric: null,
    testMetric: null,
    metricName: 'mse',
    generalizationGap: testLoss - 0.1,
    config: {
      task: { dataset: 'adding', sequenceLength: 50, trainSize: 2_000, validationSize: 500, testSize: 500 },
      cell,
      size: { kind: 'budget', paramBudget: 5_000 },
      layers: 1,
      recurrentActivation: 'sigmoid',
      unitForgetBias: cell === 'lstm' ? unitForgetBias : false,
      training: {
        epochs: 20,
        batchSize: 64,
        optimizer: 'adam',
        learningRate: 0.01,
        clipNorm: 1,
        earlyStoppingPatience: null,
      },
      seed,
    },
  };
}

test('config splits into task label, shared hyperparameters and cell-only options', () => {
  const row = trialRowFromRecord(record('lstm', 3, true, 0.2));
  assert.equal(row.task, 'adding(sequenceLength=50, testSize=500, trainSize=2000, validationSize=500)');
  assert.deepEqual(row.group, {
    epochs: 20,
    batchSize: 64,
    optimizer: 'adam',
    learningRate: 0.01,
    clipNorm: 1,
    earlyStoppingPatience: null,
  });
  assert.deepEqual(row.variant, { recurrentActivation: 'sigmoid', unitForgetBias: true });
  assert.equal('attempt' in row, false);
});

test('an lstm option that varies becomes part of the arm; gru is compared with each lstm variant', () => {
  const rows = [0, 1, 2].flatMap((seed) => [
    trialRowFromRecord(record('gru', seed, false, 0.2)),
    trialRowFromRecord(record('lstm', seed, true, 0.25)),
    trialRowFromRecord(record('lstm', seed, false, 0.3)),
  ]);
  const analysis = analyzeSweep(rows, { resamples: 200 });
  assert.deepEqual(
    analysis.groups.map((g) => g.arm),
    ['gru', 'lstm[unitForgetBias=false]', 'lstm[unitForgetBias=true]'],
  );
  assert.equal(analysis.comparisons.length, 3);
  assert.ok(analysis.comparisons.every((c) => c.n === 3));
});
