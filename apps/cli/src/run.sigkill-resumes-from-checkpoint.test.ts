import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EpochRecord, TrialRecord } from '@cellsweep/store';
import { createSandbox, migratedPostgres } from './test-cli.js';

// Issue 12: the embedded `run` restarted an interrupted trial from epoch 1; it now runs the worker's attempt
// lifecycle, so a crashed run's trial continues from its last checkpoint. Postgres, so the test can watch the
// checkpoints while `run` holds the store (the embedded PGlite store is one process's).
const sandbox = createSandbox();
const postgres = migratedPostgres(sandbox);

const spec = (name: string): string =>
  [
    `name: ${name}`,
    'task: { dataset: adding, sequenceLength: 16, trainSize: 256, validationSize: 64, testSize: 64 }',
    'cells: [rnn]',
    'hidden: 8',
    'training: { epochs: 8, batchSize: 16, learningRate: 0.01 }',
    'seeds: 1',
  ].join('\n');

const RUN_FIELDS = new Set([
  ...['id', 'sweepId', 'trialId', 'attempt'],
  ...['startedAt', 'finishedAt', 'createdAt', 'updatedAt'],
]);
const TIMINGS = new Set(['wallTimeMs', 'samplesPerSec', 'epochTimeMs']);
const numbers = (row: TrialRecord | EpochRecord): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).filter(([key]) => !RUN_FIELDS.has(key) && !TIMINGS.has(key)));

async function stored(name: string): Promise<{ trial: TrialRecord; epochs: EpochRecord[] }> {
  const [trial] = await postgres.store.listTrials((await postgres.store.getSweep(name)).id);
  assert.ok(trial);
  return { trial, epochs: await postgres.store.listEpochs(trial.id) };
}

const TITLE = 'SIGKILL `run` mid-trial, run again: the trial resumes from its checkpoint, as if never stopped';
test(TITLE, async () => {
  const env = { DATABASE_URL: postgres.url };
  const killedSpec = sandbox.spec('killed.yaml', spec('killed'));
  const child = sandbox.start(['run', killedSpec, '--workers', '1'], env);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let checkpointEpoch = 0;
  for (let waited = 0; checkpointEpoch < 2; waited += 50) {
    assert.ok(waited < 120_000, 'a checkpoint of epoch 2 within two minutes');
    await sleep(50);
    const sweep = await postgres.store.findSweep('killed');
    const [trial] = sweep ? await postgres.store.listTrials(sweep.id) : [];
    checkpointEpoch = trial ? ((await postgres.store.findCheckpoint(trial.id))?.epoch ?? 0) : 0;
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const crashed = await stored('killed');
  assert.equal(crashed.trial.status, 'RUNNING', 'the crash left the trial RUNNING');
  const leftAt = (await postgres.store.findCheckpoint(crashed.trial.id))?.epoch ?? 0;
  assert.ok(leftAt >= 2 && leftAt < 8, `checkpoint of epoch ${leftAt}`);

  const rerun = await sandbox.run(['run', killedSpec, '--workers', '1'], env);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.match(rerun.stderr, /1 trials, 0 already finished, 1 to run/);
  assert.match(rerun.stderr, new RegExp(`start  .*\\(resumed after epoch ${leftAt}\\)`));
  const resumed = await stored('killed');
  assert.equal(resumed.trial.status, 'COMPLETED');
  assert.equal(resumed.trial.attempt, 2);
  assert.deepEqual(
    resumed.epochs.map((row) => row.attempt),
    [...Array(8).keys()].map((i) => (i < leftAt ? 1 : 2)),
  );

  const whole = await sandbox.run(['run', sandbox.spec('whole.yaml', spec('whole')), '--workers', '1'], env);
  assert.equal(whole.code, 0, whole.stderr);
  const uninterrupted = await stored('whole');
  assert.deepEqual(numbers(resumed.trial), numbers(uninterrupted.trial), 'every stored field of the trial');
  assert.deepEqual(resumed.epochs.map(numbers), uninterrupted.epochs.map(numbers), 'every epoch row');
});
