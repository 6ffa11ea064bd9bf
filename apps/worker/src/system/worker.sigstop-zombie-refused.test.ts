import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
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

test('a worker SIGSTOPped past its lock is replaced; after SIGCONT its writes are refused and the result stays', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('zombie', { cells: ['rnn'], epochs: 8 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  // Workers start after the submit, so the test sees the first trial from its first epoch on.
  const zombie = cluster.startWorker('worker-zombie');

  const victim = await waitForTrialMidway(cluster, 'zombie', 1, 1);
  zombie.child.kill('SIGSTOP');
  cluster.startWorker('worker-b');
  const finished = await waitFor('the trial completed by worker-b', async () => {
    const trial = await cluster.store.getTrial(victim.id);
    return trial.status === 'COMPLETED' ? trial : undefined;
  });
  assert.equal(finished.attempt, 2);
  const epochsBefore = await cluster.store.listEpochs(victim.id);

  zombie.child.kill('SIGCONT');
  // The zombie either tries a fenced write (refused) or learns from BullMQ that its lock is gone and stops.
  await waitFor('the zombie to notice', async () =>
    /refused: attempt 1 no longer owns|lock lost, stopped attempt 1/.test(zombie.output()),
  );
  await sleep(1_000); // let any late write of the zombie land, if the fence failed to stop it
  await waitForSweepEnd(cluster, 'zombie');

  const after = await cluster.store.getTrial(victim.id);
  assert.deepEqual(after, finished, 'the trial row is exactly what worker-b wrote');
  assert.deepEqual(await cluster.store.listEpochs(victim.id), epochsBefore);
  assert.equal(after.valLoss, simulatedValLoss(victim.seed, 8));
  const { trials, counts } = await settledState(cluster, 'zombie');
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED'],
  );
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 1);
});
