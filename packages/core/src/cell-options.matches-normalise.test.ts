import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CELL_ONLY_OPTIONS, cellsWithOption, optionAppliesTo } from './cell-options.js';
import { normalise } from './expand.js';
import { CellKind } from './spec.js';
import type { TrialConfig } from './trial-config.js';

const base = {
  task: { dataset: 'adding', sequenceLength: 20 },
  layers: 1,
  hidden: 8,
  seed: 0,
  training: { epochs: 1, batchSize: 8, learningRate: 0.01, optimizer: 'adam' },
} as unknown as Omit<TrialConfig, 'cell'>;

// Two values of each cell-only option; normalise must keep them apart exactly for the cells the table lists.
const alternatives: Record<string, [unknown, unknown]> = {
  recurrentActivation: ['sigmoid', 'hardSigmoid'],
  unitForgetBias: [true, false],
  identityScale: [1, 0.5],
  transformer: [
    { heads: 1, ffMultiplier: 2, positional: 'sinusoidal' },
    { heads: 2, ffMultiplier: 4, positional: 'learned' },
  ],
};

test('an option is listed for a cell exactly when normalise keeps its value for that cell', () => {
  assert.deepEqual(Object.keys(alternatives).sort(), Object.keys(CELL_ONLY_OPTIONS).sort());
  for (const cell of CellKind.options) {
    for (const [option, [one, other]] of Object.entries(alternatives)) {
      const a = normalise({ ...base, cell, [option]: one } as TrialConfig);
      const b = normalise({ ...base, cell, [option]: other } as TrialConfig);
      const kept = JSON.stringify(a) !== JSON.stringify(b);
      assert.equal(optionAppliesTo(cell, option), kept, `${option} for ${cell}`);
    }
  }
});

test('nested paths take their top-level key; unlisted paths apply to every cell', () => {
  assert.deepEqual(cellsWithOption('transformer.heads'), ['transformer']);
  assert.equal(optionAppliesTo('lstm', 'transformer.heads'), false);
  assert.equal(cellsWithOption('training.learningRate'), null);
  assert.equal(optionAppliesTo('gru', 'training.learningRate'), true);
  assert.equal(optionAppliesTo('gru', 'unitForgetBias'), false);
});
