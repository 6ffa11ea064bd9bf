import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepSpec } from '@cellsweep/core';
import { paramCount } from '@cellsweep/models/sizing';
import { planTrials } from './plan.js';

test('transformer trials are sized to the budget at multiples of their heads, next to the recurrent cells', () => {
  const spec = parseSweepSpec(
    'name: p\ntask: { dataset: adding, sequenceLength: 30 }\ncells: [rnn, lstm, gru, transformer]\nparamBudget: 5000\n' +
      'transformer: { heads: [2, 4], positional: [sinusoidal, learned] }',
  );
  const trials = planTrials(spec);
  assert.equal(trials.length, 3 + 2 * 2);
  for (const trial of trials) {
    const { transformer } = trial.config;
    assert.equal(transformer !== undefined, trial.config.cell === 'transformer', trial.config.cell);
    if (transformer) assert.equal(trial.hidden % transformer.heads, 0);
    const count = paramCount({
      cell: trial.config.cell,
      inputSize: 2,
      hidden: trial.hidden,
      layers: 1,
      head: { kind: 'regression', outputSize: 1 },
      recurrentActivation: 'sigmoid',
      unitForgetBias: trial.config.unitForgetBias,
      sequenceLength: 30,
      ...(transformer ? { transformer } : {}),
    });
    assert.equal(trial.paramCount, count);
    // At d ≈ 24 one step of 4 heads moves the count by ~30%, so the closest multiple can be ~15% off.
    const tolerance = transformer ? 0.15 : 0.03;
    assert.ok(
      Math.abs(trial.budgetError ?? 1) < tolerance,
      `${trial.config.cell} ${JSON.stringify(transformer)}: ${trial.budgetError}`,
    );
  }
  // 8d² + 17d + 1 (sinusoidal, I=2, one output): d=24 gives 5,017; learned adds 30·d: d=22 gives 4,907.
  const widths = trials
    .filter((t) => t.config.cell === 'transformer')
    .map((t) => [t.config.transformer?.heads, t.config.transformer?.positional, t.hidden, t.paramCount]);
  assert.deepEqual(widths, [
    [2, 'sinusoidal', 24, 5_017],
    [2, 'learned', 22, 4_907],
    [4, 'sinusoidal', 24, 5_017],
    [4, 'learned', 24, 5_737],
  ]);
});
