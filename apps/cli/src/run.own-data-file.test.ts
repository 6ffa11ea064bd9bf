import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

/** 60 sequences of 6 steps × 2 features; the label is whether the first feature's sum is positive. */
function csv(): string {
  const lines = ['id,a0,b0,a1,b1,a2,b2,a3,b3,a4,b4,a5,b5,label'];
  for (let n = 0; n < 60; n++) {
    const values = Array.from({ length: 12 }, (_, i) => (((n * 7 + i * 13) % 17) - 8) / 4);
    const sum = values.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
    lines.push([`s${n}`, ...values, sum > 0 ? 'up' : 'down'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const spec = (path: string): string =>
  [
    'name: own',
    `task: { dataset: file, path: ${path}, kind: classification, target: label, inputSize: 2, features: [a0, b0, a1, b1, a2, b2, a3, b3, a4, b4, a5, b5] }`,
    'cells: [rnn, gru]',
    'hidden: 4',
    'training: { epochs: 2, batchSize: 16 }',
  ].join('\n');

test('plan shows the data file, run trains on it, and the same bytes moved elsewhere are the same trials', async () => {
  const dataPath = sandbox.spec('data/own.csv', csv());
  const specPath = sandbox.spec('own.yaml', spec('data/own.csv'));
  const plan = await sandbox.run(['plan', specPath]);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /data .*data\/own\.csv \(sha256 [0-9a-f]{16}…\)/);
  assert.match(plan.stdout, /60 sequences × 2 features per step; lengths min 6, median 6, max 6/);
  assert.match(plan.stdout, /splits: train 42, validation 9, test 9/);
  assert.match(plan.stdout, /2 classes \(train \/ validation \/ test\):\n {4}"down": \d+ \/ \d+ \/ \d+\n {4}"up"/);

  const run = await sandbox.run(['run', specPath, '--workers', '1']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /sweep own: 2 trials, 0 already finished, 2 to run/);
  const results = await sandbox.run(['results', 'own', '--format', 'json']);
  const { trials } = JSON.parse(results.stdout) as {
    trials: { status: string; metricName: string; testMetrics: Record<string, number> }[];
  };
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED', 'COMPLETED'],
  );
  for (const trial of trials) {
    assert.equal(trial.metricName, 'accuracy');
    assert.deepEqual(Object.keys(trial.testMetrics).sort(), ['accuracy', 'macro-f1']);
  }

  // The same bytes under another folder and name: the same sweep and trials, nothing to run again.
  const moved = join(dirname(specPath), 'elsewhere', 'renamed.csv');
  mkdirSync(dirname(moved));
  renameSync(dataPath, moved);
  const again = await sandbox.run(['run', sandbox.spec('moved.yaml', spec('elsewhere/renamed.csv'))]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /sweep own: 2 trials, 2 already finished, 0 to run/);

  // Bad data fails before anything trains, naming the line and column.
  sandbox.spec('data/bad.csv', readFileSync(moved, 'utf8').replace(/\ns3,[^,]+,/, '\ns3,oops,'));
  const bad = await sandbox.run(['plan', sandbox.spec('bad.yaml', spec('data/bad.csv'))]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /bad\.csv: line 5, column "a0": "oops" is not a finite number; write a number there/);
});
