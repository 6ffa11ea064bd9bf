import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simulatedValLoss } from '@cellsweep/training-threads';
import {
  FAST_FAULTS,
  liveJobs,
  settledState,
  simulatedSpec,
  startCluster,
  waitForSweepEnd,
  type Cluster,
} from './cluster.js';
import { freePort, PostgresProxy } from './faults.js';

let proxy: PostgresProxy;
let cluster: Cluster;
before(async () => {
  proxy = new PostgresProxy(await freePort());
  await proxy.listen();
  cluster = await startCluster({ env: FAST_FAULTS, workerDatabaseUrl: (url) => proxy.proxiedUrl(url) });
});
after(async () => {
  await cluster.stop();
  await proxy.close();
});

test('Postgres refuses connections when the result is written: the write is retried and lands exactly once', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('pg-outage', { cells: ['lstm'], epochs: 3 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  // The worker's UPDATE that completes the trial is the only statement naming wall_time_ms.
  proxy.armOnce('"wall_time_ms"', 2_000);
  const worker = cluster.startWorker('worker-a');
  await waitForSweepEnd(cluster, 'pg-outage');

  assert.ok(proxy.trippedAt !== null, 'the outage happened at result-write time');
  await proxy.outageEnded;
  const { sweep, trials, counts } = await settledState(cluster, 'pg-outage');
  assert.equal(sweep.status, 'COMPLETED');
  const [trial] = trials;
  assert.equal(trial?.status, 'COMPLETED');
  assert.equal(trial?.attempt, 1, 'retried within the same attempt, not re-trained');
  assert.equal(trial?.valLoss, simulatedValLoss(trial?.seed ?? -1, 3));
  assert.ok((trial?.finishedAt?.getTime() ?? 0) >= (proxy.trippedAt ?? Infinity), 'written after the outage');
  assert.match(worker.output(), /completeTrial failed \(try 1\), retrying/);
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 1);
});
