import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRowFromRecord, type TrialRecordLike } from './from-record.js';

/** A store record shaped like core's TrialConfig; only transformer trials carry `transformer` options. */
function record(cell: string, seed: number, testLoss: number, heads = 2): TrialRecordLike {
  return {
    id: `${cell}-${heads}-${seed}`,
    cell,
    layers: 1,
    hidden: 24,
    paramBudget: 5_000,
    paramCount: 5_017,
    seed,
    status: 'COMPLETED',
    trainLoss: 0.1,
    valLoss: testLoss,
    testLoss,
    valMetric: null,
    testMetric: null,
    metricName: 'mse',
    generalizationGap: testLoss - 0.1,
    config: {
      task: { dataset: 'adding', sequenceLength: 30, trainSize: 2_000, validationSize: 500, testSize: 500 },
      cell,
      ...(cell === 'transformer' ? { transformer: { heads, ffMultiplier: 2, positional: 'sinusoidal' } } : {}),
      size: { kind: 'budget', paramBudget: 5_000 },
      layers: 1,
      recurrentActivation: 'sigmoid',
      unitForgetBias: cell === 'lstm',
      training: {
        epochs: 5,
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

test('transformer options are part of its arm, so transformers pair with the recurrent cells', () => {
  const row = trialRowFromRecord(record('transformer', 0, 0.1));
  assert.deepEqual(row.variant, {
    recurrentActivation: 'sigmoid',
    unitForgetBias: false,
    'transformer.heads': 2,
    'transformer.ffMultiplier': 2,
    'transformer.positional': 'sinusoidal',
  });
  assert.equal('transformer.heads' in (row.group ?? {}), false);

  const rows = [0, 1, 2].flatMap((seed) => [
    trialRowFromRecord(record('lstm', seed, 0.2)),
    trialRowFromRecord(record('transformer', seed, 0.1)),
  ]);
  const analysis = analyzeSweep(rows, { resamples: 200 });
  assert.deepEqual(
    analysis.groups.map((g) => g.arm),
    ['lstm', 'transformer'],
  );
  assert.equal(analysis.comparisons.length, 1);
  assert.equal(analysis.comparisons[0]?.n, 3);
});

test('two head counts are two transformer arms, each compared with the others', () => {
  const rows = [0, 1, 2].flatMap((seed) => [
    trialRowFromRecord(record('gru', seed, 0.2)),
    trialRowFromRecord(record('transformer', seed, 0.1, 2)),
    trialRowFromRecord(record('transformer', seed, 0.15, 4)),
  ]);
  const analysis = analyzeSweep(rows, { resamples: 200 });
  assert.deepEqual(
    analysis.groups.map((g) => g.arm),
    ['gru', 'transformer[transformer.heads=2]', 'transformer[transformer.heads=4]'],
  );
  assert.equal(analysis.comparisons.length, 3);
});
