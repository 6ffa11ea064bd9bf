import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepSpec, SpecLimitError } from '@cellsweep/core';
import { paramCount } from '@cellsweep/models/sizing';
import { planTrials } from './plan.js';

test('each cell is sized to the budget and its count is the closed form', () => {
  const spec = parseSweepSpec(
    'name: p\ntask: { dataset: adding, sequenceLength: 50 }\ncells: [rnn, lstm, gru]\nparamBudget: [5000, 20000]',
  );
  const trials = planTrials(spec);
  assert.equal(trials.length, 6);
  for (const trial of trials) {
    assert.ok(
      Math.abs(trial.budgetError ?? 1) < 0.03,
      `${trial.config.cell} at ${trial.paramBudget}: ${trial.budgetError}`,
    );
    const count = paramCount({
      cell: trial.config.cell,
      inputSize: 2,
      hidden: trial.hidden,
      layers: 1,
      head: { kind: 'regression', outputSize: 1 },
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
    });
    assert.equal(trial.paramCount, count);
  }
  // The adding problem's quick comparison: LSTM 4(H(2+H)+H)+H+1 at H=34 is 5,067.
  assert.equal(trials.find((t) => t.config.cell === 'lstm' && t.paramBudget === 5000)?.hidden, 34);
});

test('a trial above the parameter limit is refused before anything runs', () => {
  // LSTM, I=2, H=2048: 4·(2048·(2+2048) + 2048) = 16,801,792 recurrent + 2,049 head = 16,803,841.
  const spec = parseSweepSpec(
    'name: p\ntask: { dataset: adding }\ncells: lstm\nhidden: 2048\nlimits: { maxParamsPerTrial: 1000000 }',
  );
  assert.throws(
    () => planTrials(spec),
    (error: unknown) => {
      assert.ok(error instanceof SpecLimitError);
      assert.match(
        error.message,
        /^hidden \(parameters per trial\): 16,803,841 exceeds the limit of 1,000,000; reduce it, or raise limits\.maxParamsPerTrial/,
      );
      return true;
    },
  );
});
