import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRowFromRecord, type TrialRecordLike } from './from-record.js';

/** A trial of a fair-mode search sweep (core's TrialConfig with a `search` tag), as the store returns it. */
function record(cell: string, seed: number, learningRate: number, testLoss: number, search: object): TrialRecordLike {
  return {
    id: `${cell}-${seed}-${JSON.stringify(search)}-${learningRate}`,
    cell,
    layers: 1,
    hidden: 8,
    paramBudget: null,
    paramCount: 300,
    seed,
    status: 'COMPLETED',
    trainLoss: 0.1,
    valLoss: 0.2,
    testLoss,
    valMetric: null,
    testMetric: null,
    metricName: 'mse',
    generalizationGap: null,
    config: {
      task: { dataset: 'adding', sequenceLength: 10 },
      cell,
      size: { kind: 'hidden', hidden: 8 },
      layers: 1,
      recurrentActivation: 'sigmoid',
      unitForgetBias: cell === 'lstm',
      training: { epochs: 9, batchSize: 32, optimizer: 'adam', learningRate, clipNorm: 1, earlyStoppingPatience: null },
      seed,
      search,
    },
  };
}

const tuned = ['training.learningRate'];
const finals = [1, 2, 3, 4, 5, 6].flatMap((seed) => [
  // Each cell brings its own tuned learning rate; gru is clearly better on every seed.
  record('lstm', seed, 0.003, 0.3 + seed / 100, { role: 'final', index: 4, tuned }),
  record('gru', seed, 0.02, 0.1 + seed / 100, { role: 'final', index: 2, tuned }),
]);
const searchTrials = [0, 1, 2, 3].flatMap((index) => [
  record('lstm', 0, 0.001 * (index + 1), 0.01, {
    role: 'search',
    index,
    params: { 'training.learningRate': 0.001 * (index + 1) },
  }),
  record('gru', 0, 0.001 * (index + 1), 0.9, {
    role: 'search',
    index,
    params: { 'training.learningRate': 0.001 * (index + 1) },
  }),
]);

test('final trials of different cells, each with its own tuned values, pair by seed in one setting', () => {
  const row = trialRowFromRecord(finals[0] as TrialRecordLike);
  assert.equal(row.role, 'final');
  assert.equal(row.group?.learningRate, undefined, 'a tuned value is not part of the pairing key');
  assert.equal(row.group?.batchSize, 32, 'untuned hyperparameters still are');
  assert.equal(row.group?.search, undefined);

  const analysis = analyzeSweep([...searchTrials, ...finals].map(trialRowFromRecord), { resamples: 500 });
  assert.equal(analysis.counts.analysed, 12);
  assert.deepEqual(analysis.counts.excluded, { 'search-phase': 8 });
  assert.equal(analysis.comparisons.length, 1);
  assert.match(analysis.comparisons[0]?.verdict ?? '', /gru/);
  assert.notEqual(analysis.comparisons[0]?.winner, null);
  assert.match(analysis.verdicts[0] ?? '', /analysed 12 of 20 trials \(left out: 8 search-phase\)/);
});

test('without final trials (a plain search), search trials are analysed as they are', () => {
  const analysis = analyzeSweep(searchTrials.map(trialRowFromRecord), { resamples: 200 });
  assert.equal(analysis.counts.analysed, 8);
  assert.deepEqual(analysis.counts.excluded, {});
});
