import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash } from './canonical.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

const base = 'name: t\ntask: { dataset: adding, sequenceLength: 20 }\n';

test('rnn/lstm/gru content keys are unchanged by the transformer (pinned before it existed)', () => {
  // Computed with the code before the transformer was added; a changed key would re-run every stored trial.
  const spec = parseSweepSpec(
    'name: pin\ntask: { dataset: adding, sequenceLength: 20 }\ncells: [rnn, lstm, gru]\nhidden: 8\nlayers: 2\ncellOptions: { implementation: layers }',
  );
  assert.deepEqual(
    expandSweep(spec).map((t) => [t.config.cell, t.configKey]),
    [
      ['rnn', '46cdee863def454fbe449762'],
      ['lstm', '8577cfbe6dda79b90b46aff7'],
      ['gru', '4056e637670099542b7fdcd4'],
    ],
  );
  const budget = parseSweepSpec(
    'name: pin\ntask: { dataset: parity, sequenceLength: 12 }\ncells: [lstm]\nparamBudget: 5000\nseeds: [4]',
  );
  assert.deepEqual(
    expandSweep(budget).map((t) => t.configKey),
    ['93af2c9cb68510b6b183474f'],
  );
  // Transformer options in the spec change nothing for the recurrent cells either.
  const withOptions = parseSweepSpec(
    `${base}cells: [lstm, transformer]\nhidden: 8\ntransformer: { heads: [1, 2], ffMultiplier: 4 }`,
  );
  const lstm = expandSweep(withOptions).filter((t) => t.config.cell === 'lstm');
  assert.equal(lstm.length, 1);
  assert.equal(lstm[0]?.config.transformer, undefined);
  assert.equal(lstm[0]?.configKey, expandSweep(parseSweepSpec(`${base}cells: lstm\nhidden: 8`))[0]?.configKey);
  // The spec's own hash too: the optional block is absent, not defaulted.
  assert.equal(contentHash(parseSweepSpec(`${base}cells: lstm\nhidden: 8`)).length, 24);
  assert.equal(parseSweepSpec(`${base}cells: lstm\nhidden: 8`).transformer, undefined);
});

test('only transformer trials multiply by heads × ffMultiplier × positional, and carry their options', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, lstm, gru, transformer]\nhidden: 8\nseeds: 2\n` +
      'transformer: { heads: [1, 2, 4], ffMultiplier: [1, 2], positional: [sinusoidal, learned] }',
  );
  const trials = expandSweep(spec);
  assert.equal(trials.length, 2 * (3 + 3 * 2 * 2));
  const transformers = trials.filter((t) => t.config.cell === 'transformer');
  assert.equal(new Set(transformers.map((t) => JSON.stringify(t.config.transformer))).size, 12);
  assert.equal(new Set(trials.map((t) => t.configKey)).size, trials.length);
  // Cells stay innermost: seed 0 compares every cell and transformer variant first.
  assert.deepEqual(
    trials.slice(0, 4).map((t) => t.config.cell),
    ['rnn', 'lstm', 'gru', 'transformer'],
  );
  assert.deepEqual(trials[3]?.config.transformer, { heads: 1, ffMultiplier: 1, positional: 'sinusoidal' });
});

test('a transformer gets the default options when the spec has no transformer block', () => {
  const [trial] = expandSweep(parseSweepSpec(`${base}cells: transformer\nhidden: 8`));
  assert.deepEqual(trial?.config.transformer, { heads: 2, ffMultiplier: 2, positional: 'sinusoidal' });
});

test('recurrent options are pinned for the transformer, so they do not duplicate its trials', () => {
  const spec = parseSweepSpec(
    `${base}cells: [lstm, transformer]\nhidden: 8\ncellOptions: { unitForgetBias: [true, false], recurrentActivation: [sigmoid, hardSigmoid] }`,
  );
  const transformers = expandSweep(spec).filter((t) => t.config.cell === 'transformer');
  assert.equal(transformers.length, 1);
  assert.equal(transformers[0]?.config.recurrentActivation, 'sigmoid');
  assert.equal(transformers[0]?.config.unitForgetBias, false);
});

test('the trial limit counts transformer variants', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, transformer]\nhidden: 8\nseeds: 10\ntransformer: { heads: [1, 2] }\nlimits: { maxTrials: 25 }`,
  );
  assert.throws(() => expandSweep(spec), /trials \(product of all lists × seeds\): 30 exceeds the limit of 25/);
});
