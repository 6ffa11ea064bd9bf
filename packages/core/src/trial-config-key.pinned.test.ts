import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

// Computed with the code of 2026-12-07, before the key moved to trial-config-key.ts. A changed key would re-run
// every stored trial of an existing sweep (the trial id is a hash of it), so these values must never change.

test('transformer and multi-option grid trials keep their pinned config keys', () => {
  const spec = parseSweepSpec(
    'name: pin\ntask: { dataset: adding, sequenceLength: 20 }\ncells: [transformer, lstm]\nhidden: 8\n' +
      'transformer: { heads: [1, 2], positional: [sinusoidal, learned] }\n' +
      'training: { optimizer: [adam, momentum], learningRate: [0.01] }\nseeds: 2',
  );
  const keys = expandSweep(spec)
    .filter((_, i) => i % 5 === 0)
    .map((plan) => [plan.config.cell, plan.configKey]);
  assert.deepEqual(keys, [
    ['transformer', 'efd83d3ddc9912d1bec6061e'],
    ['transformer', '230a9c63ca6f24015f078f1e'],
    ['transformer', '9ffc01324513c765c5625409'],
    ['transformer', '7b0dae7f6f8cf1ea7132466a'],
  ]);
});

test('a data-file trial keeps its pinned config key, wherever the file lies', () => {
  const spec = parseSweepSpec(
    'name: pin\ntask: { dataset: file, path: data/x.csv, kind: classification }\ncells: gru\nhidden: 4',
  );
  const summary = { sequences: 10, sequenceLength: 5, inputSize: 2, classes: ['a', 'b'] };
  const read = { ...spec.task[0]!, sha256: 'a'.repeat(64), summary };
  for (const path of ['data/x.csv', 'moved/y.csv']) {
    const plans = expandSweep({ ...spec, task: [{ ...read, path } as typeof read] });
    assert.deepEqual(
      plans.map((plan) => plan.configKey),
      ['5aef7cbb80f47b07623caff4'],
    );
  }
});
