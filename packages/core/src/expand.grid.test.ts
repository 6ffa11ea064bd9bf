import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpecLimitError } from './errors.js';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

const base = 'name: g\ntask: { dataset: adding, sequenceLength: 20 }\n';

test('the grid is the product of every list times the seeds', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, lstm, gru]\nhidden: [8, 16]\nseeds: 3\ntraining: { learningRate: [0.1, 0.01] }`,
  );
  const trials = expandSweep(spec);
  assert.equal(trials.length, 3 * 2 * 3 * 2);
  assert.deepEqual(
    trials.map((t) => t.ordinal),
    trials.map((_, i) => i),
  );
  assert.equal(new Set(trials.map((t) => t.configKey)).size, trials.length);
  // Seeds outermost, cells innermost: the first three trials compare the cells on seed 0.
  assert.deepEqual(
    trials.slice(0, 3).map((t) => [t.config.cell, t.config.seed]),
    [
      ['rnn', 0],
      ['lstm', 0],
      ['gru', 0],
    ],
  );
});

test('options a cell cannot use do not duplicate its trials', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, lstm, gru]\nhidden: 8\ncellOptions: { unitForgetBias: [true, false], recurrentActivation: [sigmoid, hardSigmoid] }`,
  );
  const count = (cell: string): number => expandSweep(spec).filter((t) => t.config.cell === cell).length;
  assert.equal(count('rnn'), 1); // tanh only, no gates
  assert.equal(count('gru'), 2); // gate activation matters, forget bias does not exist
  assert.equal(count('lstm'), 4);
});

test('a trial key depends on content, not on the order fields were written in', () => {
  const a = expandSweep(parseSweepSpec(`${base}cells: lstm\nhidden: 8\ntraining: { epochs: 3, batchSize: 32 }`));
  const b = expandSweep(parseSweepSpec(`training: { batchSize: 32, epochs: 3 }\nhidden: 8\ncells: lstm\n${base}`));
  assert.equal(a[0]?.configKey, b[0]?.configKey);
  const c = expandSweep(parseSweepSpec(`${base}cells: lstm\nhidden: 8\ntraining: { epochs: 4, batchSize: 32 }`));
  assert.notEqual(a[0]?.configKey, c[0]?.configKey);
});

test('explicit seeds are used as given', () => {
  const trials = expandSweep(parseSweepSpec(`${base}cells: gru\nhidden: 8\nseeds: [7, 11]`));
  assert.deepEqual(
    trials.map((t) => t.config.seed),
    [7, 11],
  );
});

test('too many trials are refused before anything runs, naming the limit to raise', () => {
  const spec = parseSweepSpec(
    `${base}cells: [rnn, lstm, gru]\nhidden: [1, 2, 3, 4]\nseeds: 100\nlimits: { maxTrials: 1000 }`,
  );
  assert.throws(
    () => expandSweep(spec),
    (error: unknown) => {
      assert.ok(error instanceof SpecLimitError);
      assert.equal(
        error.message,
        'trials (product of all lists × seeds): 1,200 exceeds the limit of 1,000; reduce it, or raise limits.maxTrials in the spec if you really mean it',
      );
      return true;
    },
  );
});

test('absurd sequence lengths are refused', () => {
  const spec = parseSweepSpec('name: a\ntask: { dataset: copy, delay: 5000 }\ncells: rnn\nhidden: 4');
  assert.throws(() => expandSweep(spec), /task\.delay \+ 2 × task\.copyLength: 5,010 exceeds the limit of 2,000/);
});

test('a list of tasks multiplies the grid and each trial carries its own task', () => {
  const spec = parseSweepSpec(
    'name: t\ntask: [{ dataset: adding, sequenceLength: 10 }, { dataset: adding, sequenceLength: 40 }, { dataset: parity }]\ncells: [rnn, gru]\nhidden: 8\nseeds: 2',
  );
  const trials = expandSweep(spec);
  assert.equal(trials.length, 2 * 3 * 2);
  assert.deepEqual(
    trials
      .slice(0, 6)
      .map((t) => [
        t.config.task.dataset,
        'sequenceLength' in t.config.task ? t.config.task.sequenceLength : null,
        t.config.cell,
      ]),
    [
      ['adding', 10, 'rnn'],
      ['adding', 10, 'gru'],
      ['adding', 40, 'rnn'],
      ['adding', 40, 'gru'],
      ['parity', 20, 'rnn'],
      ['parity', 20, 'gru'],
    ],
  );
  assert.throws(
    () =>
      expandSweep(
        parseSweepSpec(
          'name: t\ntask: [{ dataset: adding }, { dataset: adding, sequenceLength: 5000 }]\ncells: rnn\nhidden: 4',
        ),
      ),
    /task\[1\]\.sequenceLength: 5,000 exceeds the limit of 2,000/,
  );
});
