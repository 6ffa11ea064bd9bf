import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FAST_FAULTS,
  settledState,
  simulatedSpec,
  startCluster,
  waitFor,
  waitForSweepEnd,
  waitForTrialMidway,
  type Cluster,
} from './cluster.js';
import { freePort, PostgresProxy } from './faults.js';

let proxy: PostgresProxy;
let cluster: Cluster;
before(async () => {
  proxy = new PostgresProxy(await freePort());
  await proxy.listen();
  // Workers reach Postgres through the proxy; the scheduler and the test do not (the shared server keeps running).
  cluster = await startCluster({
    env: { ...FAST_FAULTS, CELLSWEEP_STORE_RETRY_MS: '2000' },
    workerDatabaseUrl: (url) => proxy.proxiedUrl(url),
  });
});
after(async () => {
  await cluster.stop();
  await proxy.close();
});

// Each failed delivery used to spend one of the job's 3 attempts (2 s of write retries, then 5 s and 10 s of
// backoff): an outage of ~20 s failed the trial, a shorter one still spent attempts.
test('the store goes away mid-sweep: the worker stops taking jobs, hands its trial back unchanged without spending attempts, and finishes when it returns', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('outage', { cells: ['lstm', 'gru'], epochs: 6 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const worker = cluster.startWorker('worker-a');
  const victim = await waitForTrialMidway(cluster, 'outage', 1, 2);
  proxy.refuseFor(8_000);

  await waitFor(
    'the trial handed back',
    async () => worker.output().includes('handed back, the store is unreachable'),
    20_000,
  );
  const output = worker.output();
  assert.match(output, /store unreachable \([^)]+\): not taking jobs until it answers/);
  assert.match(
    output,
    new RegExp(
      `job ${victim.id}: handed back, the store is unreachable \\(.* failed \\d+ times\\); its attempts are not spent`,
    ),
  );
  const job = await cluster.producer.queue('trials').getJob(victim.id);
  assert.ok(['delayed', 'waiting'].includes((await job?.getState()) ?? ''), 'back in the queue');
  assert.equal(job?.attemptsMade, 0);
  const during = await cluster.store.getTrial(victim.id);
  assert.deepEqual(
    [during.status, during.attempt, during.error],
    ['RUNNING', 1, null],
    'the trial as the store had it',
  );

  await proxy.outageEnded;
  await waitForSweepEnd(cluster, 'outage');
  assert.match(worker.output(), /store answers again: taking jobs/);
  const { sweep, trials } = await settledState(cluster, 'outage');
  assert.equal(sweep.status, 'COMPLETED');
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED', 'COMPLETED'],
  );
  assert.equal(
    trials.find((trial) => trial.id === victim.id)?.attempt,
    2,
    'a new attempt, resumed from its checkpoint',
  );
  // BullMQ counts the delivery that completed; a hand-back (moveToDelayed with skipAttempt) counts nothing.
  for (const done of await cluster.producer.queue('trials').getJobs(['completed']))
    assert.equal(done.attemptsMade, 1, `job ${done.id}`);
  assert.equal(worker.child.exitCode, null, 'the worker kept running');
});
