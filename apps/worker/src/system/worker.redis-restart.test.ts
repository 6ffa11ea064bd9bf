import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FAST_FAULTS,
  liveJobs,
  settledState,
  simulatedSpec,
  startCluster,
  waitFor,
  waitForSweepEnd,
  type Cluster,
} from './cluster.js';
import { freePort, PrivateRedis } from './faults.js';

let redis: PrivateRedis;
let cluster: Cluster;
before(async () => {
  redis = new PrivateRedis(await freePort());
  await redis.start();
  cluster = await startCluster({ env: FAST_FAULTS, redisUrl: redis.url });
});
after(async () => {
  await cluster.stop();
  await redis.kill();
});

test('Redis restarted mid-sweep, losing every key: workers reconnect, the scheduler re-enqueues, the sweep finishes', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('redis-restart', { seeds: 2, epochs: 4 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const workers = [cluster.startWorker('worker-a'), cluster.startWorker('worker-b')];

  const sweep = await cluster.store.getSweep('redis-restart');
  await waitFor('two trials completed', async () => (await cluster.store.countTrialStatuses(sweep.id)).COMPLETED >= 2);
  await redis.kill();
  await sleep(1_000);
  await redis.start();
  await waitForSweepEnd(cluster, 'redis-restart');

  const { sweep: done, trials, counts } = await settledState(cluster, 'redis-restart');
  assert.equal(done.status, 'COMPLETED');
  assert.equal(trials.length, 6);
  assert.ok(
    trials.every((trial) => trial.status === 'COMPLETED'),
    JSON.stringify(trials.map((t) => [t.status, t.error])),
  );
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  for (const worker of workers) {
    assert.equal(worker.child.exitCode, null, `${worker.name} survived the outage`);
  }
});
