import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSweepSpec } from './parse.js';

test('a minimal YAML spec gets the documented defaults', () => {
  const spec = parseSweepSpec('name: quick\ntask: { dataset: adding }\ncells: lstm\nparamBudget: 5000');
  assert.deepEqual(spec.cells, ['lstm']);
  assert.deepEqual(spec.paramBudget, [5000]);
  assert.deepEqual(spec.layers, [1]);
  assert.deepEqual(spec.cellOptions, { recurrentActivation: ['sigmoid'], unitForgetBias: [true] });
  assert.deepEqual(spec.training, {
    epochs: [20],
    batchSize: [64],
    optimizer: ['adam'],
    learningRate: [0.01],
    clipNorm: [1],
    earlyStoppingPatience: null,
  });
  assert.equal(spec.seeds, 1);
  assert.equal(spec.search, 'grid');
  assert.deepEqual(spec.task, [
    { dataset: 'adding', sequenceLength: 50, trainSize: 2000, validationSize: 500, testSize: 500 },
  ]);
});

test('JSON specs parse the same as YAML', () => {
  const yaml = parseSweepSpec(
    'name: a\ntask: { dataset: parity, sequenceLength: 12 }\ncells: [rnn, gru]\nhidden: [8, 16]\nseeds: [3, 5]',
  );
  const json = parseSweepSpec(
    JSON.stringify({
      name: 'a',
      task: { dataset: 'parity', sequenceLength: 12 },
      cells: ['rnn', 'gru'],
      hidden: [8, 16],
      seeds: [3, 5],
    }),
  );
  assert.deepEqual(json, yaml);
});

test('clipNorm null turns clipping off and lists are kept in order', () => {
  const spec = parseSweepSpec(
    'name: a\ntask: { dataset: adding }\ncells: rnn\nhidden: 4\ntraining: { clipNorm: [null, 5], learningRate: [0.1, 0.01] }',
  );
  assert.deepEqual(spec.training.clipNorm, [null, 5]);
  assert.deepEqual(spec.training.learningRate, [0.1, 0.01]);
});
