import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ashaRungs } from '@cellsweep/search';
import { searchSpec, simulate, syntheticLoss } from './test-support.js';

test('ASHA: every suggestion trains the first rung, about 1/η go on to each next rung, promoted ones beat stopped ones', () => {
  const spec = searchSpec(
    `{ method: random, trials: 18, parallelism: 4, seed: 1, asha: { minEpochs: 1, reductionFactor: 3 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }`,
  );
  const rungs = ashaRungs(1, 9, 3);
  assert.deepEqual(rungs, [1, 3, 9]);
  const { trials } = simulate(spec);
  const at = (epochs: number) => trials.filter((trial) => trial.config.training.epochs === epochs);
  assert.equal(at(1).length, 18);
  assert.ok(at(3).length >= 18 / 3 && at(3).length < 18, `rung 3 has ${at(3).length}`);
  assert.ok(at(9).length >= 2 && at(9).length < at(3).length, `rung 9 has ${at(9).length}`);
  assert.equal(trials.length, at(1).length + at(3).length + at(9).length);
  // A promoted suggestion's rung trial has the same drawn values, more epochs.
  for (const trial of at(3)) {
    const search = trial.config.search;
    assert.equal(search?.role, 'search');
    const lower = at(1).find((t) => t.config.search?.index === search?.index);
    assert.equal(lower?.config.training.learningRate, trial.config.training.learningRate);
  }
  // The best first-rung result is always promoted (rank 1 of any peer set).
  const best = at(1).reduce((a, b) => ((a.valLoss ?? Infinity) <= (b.valLoss ?? Infinity) ? a : b));
  assert.ok(at(3).some((trial) => trial.config.search?.index === best.config.search?.index));
  for (const trial of trials) assert.equal(trial.valLoss, syntheticLoss(trial.config).valLoss);
});

test('ASHA: a failed rung trial stops its suggestion and counts as the worst result', () => {
  const spec = searchSpec(
    `{ method: random, trials: 6, parallelism: 2, seed: 1, asha: { minEpochs: 1 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }`,
  );
  const { trials } = simulate(spec, { fail: (config) => config.search?.index === 0 });
  const zero = trials.filter((trial) => trial.config.search?.index === 0);
  assert.equal(zero.length, 1);
  assert.equal(zero[0]?.status, 'FAILED');
  assert.ok(trials.filter((trial) => trial.config.training.epochs === 3).length >= 1);
});
