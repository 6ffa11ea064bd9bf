import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrialConfigError } from './errors.js';
import { expandSweep } from './expand.js';
import { validateSweepSpec } from './parse.js';
import { parseTrialConfig } from './trial-config.js';

const SPECS = [
  {
    name: 'grid',
    task: { dataset: 'adding', sequenceLength: 10 },
    cells: ['rnn', 'lstm', 'gru', 'transformer'],
    hidden: [8],
    transformer: { heads: [2], positional: ['sinusoidal', 'learned'] },
    training: { optimizer: ['adam', 'sgd'], clipNorm: [null, 1], earlyStoppingPatience: 3 },
    cellOptions: { implementation: 'layers' },
    seeds: 2,
  },
  { name: 'budget', task: { dataset: 'g2p' }, cells: ['lstm'], paramBudget: [2_000], layers: [2], seeds: [7] },
];

test('every configuration expansion writes parses back unchanged', () => {
  for (const document of SPECS) {
    const plans = expandSweep(validateSweepSpec(document, document.name));
    assert.ok(plans.length > 0);
    for (const { config } of plans) {
      // Through JSON, as it comes out of a trial row.
      assert.deepEqual(parseTrialConfig(JSON.parse(JSON.stringify(config))), config);
    }
  }
});

test('a bad stored config fails with every problem and its field path', () => {
  const [plan] = expandSweep(validateSweepSpec(SPECS[0], 'grid'));
  const config = JSON.parse(JSON.stringify(plan?.config)) as Record<string, unknown>;
  const bad = {
    ...config,
    layers: 0,
    size: { kind: 'hidden', hidden: 'eight' },
    training: { ...(config.training as object), optimizer: 'adagrad' },
    colour: 'red',
  };
  assert.throws(
    () => parseTrialConfig(bad, 'trial t1'),
    (error: unknown) => {
      assert.ok(error instanceof TrialConfigError);
      const paths = error.issues.map((issue) => issue.path).sort();
      assert.deepEqual(paths, ['', 'layers', 'size.hidden', 'training.optimizer']);
      assert.match(error.message, /^trial t1: invalid trial configuration \(4 problems\):/);
      assert.match(error.message, /- \(config\): Unrecognized key: "colour"/);
      return true;
    },
  );
  assert.throws(() => parseTrialConfig(null), /\(config\): /);
});
