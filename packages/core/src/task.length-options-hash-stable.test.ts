import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSweep } from './expand.js';
import { parseSweepSpec } from './parse.js';

/**
 * configKeys of the shipped examples, computed with the code from BEFORE the length-generalization and new-task
 * options existed (commit 04fce8b). Trial ids derive from them: if they move, resumed sweeps retrain everything.
 */
const PINNED = {
  parity: {
    yaml: 'name: parity\ntask: { dataset: parity, sequenceLength: 8, trainSize: 2000, validationSize: 256, testSize: 500 }\ncells: [rnn, lstm, gru]\nparamBudget: 2000\ntraining: { epochs: 40, batchSize: 32, learningRate: 0.01 }\nseeds: 2',
    configKey: 'd9e143a5713b5e9a70f3d690',
  },
  copy: {
    yaml: 'name: copy\ntask: { dataset: copy, copyLength: 5, delay: 20, alphabetSize: 8, trainSize: 2000, validationSize: 256, testSize: 500 }\ncells: [rnn, lstm, gru]\nparamBudget: 10000\ntraining: { epochs: 15, batchSize: 32, learningRate: 0.005 }\nseeds: 2',
    configKey: '9032718802833123c5c13c14',
  },
};

test('specs without the new task options keep their pre-change configKeys', () => {
  for (const [name, { yaml, configKey }] of Object.entries(PINNED)) {
    const [first] = expandSweep(parseSweepSpec(yaml));
    assert.equal(first?.configKey, configKey, name);
    assert.ok(!('testSequenceLength' in (first?.config.task ?? {})) && !('testDelay' in (first?.config.task ?? {})));
  }
});

test('setting a test length changes the key and is checked against maxSequenceLength', () => {
  const base = PINNED.parity.yaml;
  const longer = base.replace('sequenceLength: 8,', 'sequenceLength: 8, testSequenceLength: 16,');
  assert.notEqual(expandSweep(parseSweepSpec(longer))[0]?.configKey, PINNED.parity.configKey);
  const tooLong = `${PINNED.copy.yaml.replace('delay: 20,', 'delay: 20, testDelay: 3000,')}\nlimits: { maxSequenceLength: 2000 }`;
  assert.throws(
    () => expandSweep(parseSweepSpec(tooLong)),
    /task\.testDelay \+ 2 × task\.testCopyLength: 3,010 exceeds/,
  );
});
