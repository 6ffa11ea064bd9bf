import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpochRecord, TrialRecord } from '@cellsweep/store';
import { createSandbox, migratedPostgres } from './test-cli.js';

// Issue 17: a promoted ASHA suggestion continues from its lower rung's checkpoint instead of retraining. Resume is
// exact, so each continued trial must equal, number for number, the same configuration trained from scratch for the
// promoted length. Postgres, so the test can read every trial's epoch rows (with the attempt that wrote them) and
// checkpoints after `run` exits.
const sandbox = createSandbox();
const postgres = migratedPostgres(sandbox);

const TASK = 'task: { dataset: adding, sequenceLength: 10, trainSize: 64, validationSize: 32, testSize: 32 }';
const SPACE =
  'space: { training.learningRate: { float: [0.001, 0.1], log: true }, training.batchSize: { choice: [16, 32] } }';
const asha = [
  'name: asha-continued',
  TASK,
  'cells: [gru]',
  'hidden: 4',
  'seeds: [0]',
  'training: { epochs: 4, batchSize: 32 }',
  `search: { method: random, trials: 6, parallelism: 3, seed: 3, asha: { minEpochs: 2, reductionFactor: 2 }, ${SPACE} }`,
].join('\n');

/** What a from-scratch trial must match: every number, but no ids, timings or attempt bookkeeping. */
const RESULT_FIELDS = [
  'epochsRun',
  'bestEpoch',
  'trainLoss',
  'valLoss',
  'testLoss',
  'trainMetric',
  'valMetric',
  'testMetric',
] as const;
const resultOf = (trial: TrialRecord) => Object.fromEntries(RESULT_FIELDS.map((field) => [field, trial[field]]));
const curveOf = (epochs: readonly EpochRecord[]) =>
  epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, gradientNorms: e.gradientNorms }));

test('a promoted ASHA trial continues from its rung checkpoint and equals the same trial trained from scratch', async () => {
  const env = { DATABASE_URL: postgres.url };
  const run = await sandbox.run(['run', sandbox.spec('asha.yaml', asha), '--workers', '2'], env);
  assert.equal(run.code, 0, run.stderr);
  const trials = await postgres.store.listTrials((await postgres.store.getSweep('asha-continued')).id);
  const epochsOf = (trial: TrialRecord): number => (trial.config.training as { epochs: number }).epochs;
  const promoted = trials.filter((trial) => epochsOf(trial) === 4);
  assert.equal(trials.filter((trial) => epochsOf(trial) === 2).length, 6);
  assert.ok(promoted.length >= 1, 'at least one promotion');
  for (const trial of trials) {
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(await postgres.store.findCheckpoint(trial.id), null, 'every rung decided: no checkpoint left');
  }

  // Epochs 1-2 of a promoted trial were moved from its rung (attempt 0); it trained only epochs 3-4 itself.
  for (const trial of promoted) {
    const epochs = await postgres.store.listEpochs(trial.id);
    assert.deepEqual(
      epochs.map((e) => [e.epoch, e.attempt]),
      [
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 1],
      ],
    );
  }

  // The same configurations from scratch, as a grid sweep of 4 epochs (one trial per promoted suggestion).
  for (const [i, trial] of promoted.entries()) {
    const training = trial.config.training as { learningRate: number; batchSize: number };
    const grid = [
      `name: scratch-${i}`,
      TASK,
      'cells: [gru]',
      'hidden: 4',
      'seeds: [0]',
      `training: { epochs: 4, batchSize: ${training.batchSize}, learningRate: ${JSON.stringify(training.learningRate)} }`,
    ].join('\n');
    const scratchRun = await sandbox.run(['run', sandbox.spec(`scratch-${i}.yaml`, grid), '--workers', '1'], env);
    assert.equal(scratchRun.code, 0, scratchRun.stderr);
    const [scratch] = await postgres.store.listTrials((await postgres.store.getSweep(`scratch-${i}`)).id);
    assert.ok(scratch);
    assert.deepEqual(resultOf(trial), resultOf(scratch), `suggestion ${i}: same result`);
    assert.deepEqual(
      curveOf(await postgres.store.listEpochs(trial.id)),
      curveOf(await postgres.store.listEpochs(scratch.id)),
    );
  }
});
