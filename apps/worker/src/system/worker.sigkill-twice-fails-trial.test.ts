import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FAST_FAULTS,
  liveJobs,
  settledState,
  simulatedSpec,
  startCluster,
  waitForSweepEnd,
  waitForTrialMidway,
  type Cluster,
} from './cluster.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

test('a trial whose worker is SIGKILLed twice ends FAILED with the reason; the rest of the sweep finishes', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli(['submit', cluster.writeSpec('s.yaml', simulatedSpec('twice', { epochs: 4 }))]);
  assert.equal(submitted.code, 0, submitted.stderr);
  // Workers start after the submit, so the test sees the first trial from its first epoch on.
  const first = cluster.startWorker('worker-a');

  const victim = await waitForTrialMidway(cluster, 'twice', 1, 1);
  first.child.kill('SIGKILL');
  await first.exited;
  const second = cluster.startWorker('worker-b');
  // The same trial, taken over: kill its second worker too (maxStalledCount is 1).
  await waitForTrialMidway(cluster, 'twice', 2, 1, victim.id);
  second.child.kill('SIGKILL');
  await second.exited;
  cluster.startWorker('worker-c');
  await waitForSweepEnd(cluster, 'twice');

  const { sweep, trials, counts } = await settledState(cluster, 'twice');
  assert.equal(sweep.status, 'COMPLETED', 'a sweep with some failed trials still completes');
  const failed = trials.filter((trial) => trial.status === 'FAILED');
  assert.deepEqual(
    failed.map((trial) => trial.id),
    [victim.id],
  );
  assert.match(failed[0]?.error ?? '', /job failed: job stalled more than allowable limit/);
  assert.equal(trials.filter((trial) => trial.status === 'COMPLETED').length, trials.length - 1);
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.failed, 1);
});
