import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRecords } from '@cellsweep/analysis';
import type { TrialRecord } from '@cellsweep/store';
import { renderAnalysis } from './analysis-text.js';
import { renderGroupSummary } from './group-summary.js';
import { finishedTrial } from './test-trial-record.js';

/** Two budgets; at each the cell with fewer parameters (rnn) has the worse loss, so parameter order ≠ loss order. */
function trial(budget: number, cell: string, seed: number): TrialRecord {
  const testLoss = (cell === 'rnn' ? 0.2 : cell === 'gru' ? 0.12 : 0.1) * (1_000 / budget) + seed / 1_000;
  const paramCount = Math.round(budget * (cell === 'rnn' ? 0.98 : cell === 'gru' ? 0.99 : 1.01));
  return finishedTrial({
    id: `${budget}-${cell}-${seed}`,
    configKey: `${budget}-${cell}-${seed}`,
    ordinal: seed,
    cell,
    paramBudget: budget,
    paramCount,
    seed,
    epochsRun: 5,
    bestEpoch: 5,
    trainLoss: testLoss - 0.001,
    valLoss: testLoss,
    testLoss,
    generalizationGap: 0.001,
    valMetric: testLoss,
    testMetric: testLoss,
    config: {
      task: { dataset: 'adding', sequenceLength: 10 },
      cell,
      seed,
      layers: 1,
      size: { kind: 'budget', paramBudget: budget },
      training: { epochs: 5, learningRate: 0.01 },
    },
  });
}

/** (size, cell) of each table row, in printed order. */
const rowOrder = (text: string): string[] =>
  [...text.matchAll(/^budget ([\d,]+) +(rnn|gru|lstm) /gm)].map((m) => `${m[1]} ${m[2]}`);

test('compare lists a setting’s cells in the run summary’s order: by size, then best test loss', () => {
  const trials = [2_000, 1_000].flatMap((budget) =>
    ['rnn', 'gru', 'lstm'].flatMap((cell) => [0, 1, 2, 3, 4].map((seed) => trial(budget, cell, seed))),
  );
  const analysis = analyzeRecords(trials, { resamples: 200 });
  const summary = rowOrder(renderGroupSummary(analysis, trials));
  // compare's text also holds the verdict lines; only its group table has rows starting "budget N cell".
  const compare = rowOrder(renderAnalysis(analysis));
  assert.deepEqual(summary, ['1,000 lstm', '1,000 gru', '1,000 rnn', '2,000 lstm', '2,000 gru', '2,000 rnn']);
  assert.deepEqual(compare, summary);
});
