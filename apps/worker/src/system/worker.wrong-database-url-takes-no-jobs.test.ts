import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FAST_FAULTS,
  settledState,
  simulatedSpec,
  startCluster,
  waitFor,
  waitForSweepEnd,
  type Cluster,
} from './cluster.js';
import { freePort } from './faults.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

// It used to log "ready", take jobs it could not start and spend their attempts: a sweep went FAILED in ~2.6 min
// while Postgres, Redis and the scheduler were healthy.
test('a worker whose DATABASE_URL names a wrong port takes no job and exits; a healthy worker finishes with no attempt spent', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('wrong-port', { epochs: 2 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  await waitFor('3 jobs waiting', async () => (await cluster.producer.counts('trials')).waiting === 3);

  const wrong = new URL(cluster.databaseUrl);
  wrong.port = String(await freePort());
  const misconfigured = cluster.startWorker('worker-wrong-port', {
    DATABASE_URL: wrong.toString(),
    CELLSWEEP_STORE_RETRY_MS: '3000',
  });
  const exit = await Promise.race([
    misconfigured.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
  ]);
  const output = misconfigured.output();
  assert.deepEqual(exit, { code: 1, signal: null }, output);
  assert.doesNotMatch(output, /ready/);
  assert.match(
    output,
    new RegExp(
      `waiting for Postgres \\(Can't reach database server at 127\\.0\\.0\\.1:${wrong.port}\\); no job is taken until it answers`,
    ),
  );
  assert.match(
    output,
    /cellsweep worker: Postgres is not usable \(Can't reach database server at [^)]+\) after \d+ s of trying; check DATABASE_URL\. No job was taken\./,
  );
  for (const job of await cluster.producer.queue('trials').getJobs(['waiting', 'delayed', 'active', 'failed'])) {
    assert.equal(job.attemptsMade, 0, `job ${job.id} kept its attempts`);
  }
  assert.equal((await cluster.producer.counts('trials')).waiting, 3, 'every job still waiting');

  cluster.startWorker('worker-healthy');
  await waitForSweepEnd(cluster, 'wrong-port');
  const { sweep, trials } = await settledState(cluster, 'wrong-port');
  assert.equal(sweep.status, 'COMPLETED');
  assert.deepEqual(
    trials.map((trial) => [trial.status, trial.attempt]),
    [
      ['COMPLETED', 1],
      ['COMPLETED', 1],
      ['COMPLETED', 1],
    ],
  );
  for (const job of await cluster.producer.queue('trials').getJobs(['completed'])) {
    assert.equal(job.attemptsMade, 1, 'BullMQ counts the delivery that completed, and only that one');
    assert.equal(job.processedBy, 'worker-healthy');
  }
});
