import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestDatabase } from '@cellsweep/store/testing';
import { paramCount } from '@cellsweep/models';
import { createSandbox, tinySpec } from './test-cli.js';

const sandbox = createSandbox({ embeddedStore: 'none' });
after(() => sandbox.remove());

interface JsonTrial {
  cell: string;
  hidden: number;
  paramCount: number;
  status: string;
  backend: string;
  epochsRun: number;
  testLoss: number;
  trainLoss: number;
  generalizationGap: number;
  metricName: string;
  seed: number;
}

function closedForm(cell: 'rnn' | 'lstm' | 'gru'): number {
  return paramCount({
    cell,
    inputSize: 2,
    hidden: 4,
    layers: 1,
    head: { kind: 'regression', outputSize: 1 },
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
  });
}

test('`run` trains every trial on the embedded store and `results --format json` reports them', async () => {
  const spec = sandbox.spec('tiny.yaml', tinySpec('tiny', 2));
  const run = await sandbox.run(['run', spec, '--workers', '2']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /sweep tiny: 6 trials, 0 already finished, 6 to run/);
  assert.match(run.stderr, /training on 2 threads, backend wasm/);
  assert.match(run.stdout, /6\/6 trials completed/);
  assert.match(run.stdout, /Verdict[^\n]*:\n {2}- analysed 6 of 6 trials/);

  const results = await sandbox.run(['results', 'tiny', '--format', 'json']);
  assert.equal(results.code, 0, results.stderr);
  const { sweep, trials } = JSON.parse(results.stdout) as {
    sweep: { name: string; status: string };
    trials: JsonTrial[];
  };
  assert.equal(sweep.name, 'tiny');
  assert.equal(sweep.status, 'COMPLETED');
  assert.equal(trials.length, 6);
  for (const trial of trials) {
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(trial.backend, 'wasm');
    assert.equal(trial.epochsRun, 2);
    assert.equal(trial.metricName, 'mse');
    assert.equal(trial.paramCount, closedForm(trial.cell as 'rnn' | 'lstm' | 'gru'));
    assert.ok(Math.abs(trial.generalizationGap - (trial.testLoss - trial.trainLoss)) < 1e-9);
  }
  assert.deepEqual([...new Set(trials.map((t) => t.seed))].sort(), [0, 1]);

  const csv = await sandbox.run(['results', 'tiny', '--format', 'csv']);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines.length, 7);
  assert.match(lines[0] ?? '', /^trial_id,ordinal,cell,layers,hidden,param_budget,param_count,seed,status,train_loss/);

  const sweeps = await sandbox.run(['sweeps']);
  assert.match(sweeps.stdout, /tiny\s+COMPLETED\s+6\s+6\s+0\s+0/);
});

test('running the same spec again trains nothing twice', async () => {
  const spec = sandbox.spec('tiny.yaml', tinySpec('tiny', 2));
  const again = await sandbox.run(['run', spec]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /6 trials, 6 already finished, 0 to run/);
});

test('a bad spec fails before anything runs, naming the field, with a non-zero exit code', async () => {
  const spec = sandbox.spec('bad.yaml', 'name: bad\ntask: { dataset: adding }\ncells: [lstm, mamba]\nhidden: 4');
  const run = await sandbox.run(['run', spec]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /cellsweep: .*bad\.yaml: invalid sweep spec \(1 problem\):\n\s+- cells\[1\]: "mamba" is not a cell; use one of rnn, .*lstm, .*gru, .*transformer or plugin:<name>/,
  );
  const listed = await sandbox.run(['sweeps', '--format', 'json']);
  assert.ok(!listed.stdout.includes('"bad"'));
});

test('unknown sweeps and bad flags are errors with a non-zero exit code', async () => {
  const missing = await sandbox.run(['results', 'nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope/);
  const badFormat = await sandbox.run(['results', 'tiny', '--format', 'xml']);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /Allowed choices are table, csv, json/);
});

test('the same command runs against Postgres when DATABASE_URL is set', async () => {
  const database = await createTestDatabase();
  try {
    const spec = sandbox.spec('pg.yaml', tinySpec('on-postgres', 1));
    const migrate = await sandbox.run(['db', 'migrate'], { DATABASE_URL: database.url });
    assert.equal(migrate.code, 0, migrate.stderr);
    const run = await sandbox.run(['run', spec, '--workers', '1'], { DATABASE_URL: database.url });
    assert.equal(run.code, 0, run.stderr);
    const results = await sandbox.run(['results', 'on-postgres', '--format', 'json'], { DATABASE_URL: database.url });
    const { trials } = JSON.parse(results.stdout) as { trials: JsonTrial[] };
    assert.deepEqual(
      trials.map((t) => t.status),
      ['COMPLETED', 'COMPLETED', 'COMPLETED'],
    );
  } finally {
    await database.drop();
  }
});
