import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simulatedValLoss } from '@cellsweep/training-threads';
import {
  FAST_FAULTS,
  liveJobs,
  settledState,
  simulatedSpec,
  startCluster,
  waitFor,
  waitForSweepEnd,
  waitForTrialMidway,
  type Cluster,
} from './cluster.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

test('a worker SIGKILLed mid-trial: another takes the trial over and resumes from its last checkpoint', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('killed', { cells: ['lstm'], seeds: 2, epochs: 8 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  // Workers start after the submit, so the test sees the first trial from its first epoch on.
  const first = cluster.startWorker('worker-a');

  const victim = await waitForTrialMidway(cluster, 'killed', 1, 2);
  await waitFor(
    'the checkpoint of epoch 2',
    async () => ((await cluster.store.findCheckpoint(victim.id))?.epoch ?? 0) >= 2,
  );
  first.child.kill('SIGKILL');
  await first.exited;
  const second = cluster.startWorker('worker-b');
  await waitForSweepEnd(cluster, 'killed');

  const { sweep, trials, counts } = await settledState(cluster, 'killed');
  assert.equal(sweep.status, 'COMPLETED');
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED', 'COMPLETED'],
  );
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 2);

  const taken = trials.find((trial) => trial.id === victim.id);
  assert.equal(taken?.attempt, 2, 'the killed trial ran exactly one more attempt');
  const rows = await cluster.store.listEpochs(victim.id);
  assert.deepEqual(
    rows.map((row) => row.epoch),
    [1, 2, 3, 4, 5, 6, 7, 8],
    'every epoch stored once',
  );
  const resumedAt = rows.findIndex((row) => row.attempt === 2);
  assert.ok(
    resumedAt >= 2,
    `epochs of attempt 1 kept up to its checkpoint (first epoch of attempt 2: ${resumedAt + 1})`,
  );
  assert.ok(rows.slice(0, resumedAt).every((row) => row.attempt === 1));
  assert.ok(rows.slice(resumedAt).every((row) => row.attempt === 2));
  assert.match(
    second.output(),
    new RegExp(`trial ${victim.id}: attempt 2 started from the checkpoint of epoch ${resumedAt}`),
  );
  // Resumed, the trial ends exactly where an uninterrupted one would.
  assert.equal(taken?.valLoss, simulatedValLoss(victim.seed, 8));
  // The checkpoint that carried it over is gone with the rest: a finished sweep keeps none.
  for (const trial of trials)
    assert.equal(await cluster.store.findCheckpoint(trial.id), null, `checkpoint of ${trial.id} dropped`);
});
