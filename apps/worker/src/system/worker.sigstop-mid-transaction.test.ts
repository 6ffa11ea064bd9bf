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
  type Cluster,
} from './cluster.js';
import { freePort, PostgresProxy } from './faults.js';

let proxy: PostgresProxy;
let cluster: Cluster;
before(async () => {
  proxy = new PostgresProxy(await freePort());
  await proxy.listen();
  cluster = await startCluster({ env: FAST_FAULTS });
});
after(async () => {
  await cluster.stop();
  await proxy.close();
});

// worker.sigstop-zombie-refused stops its zombie wherever it happens to be; about one run in three that was inside
// a fenced write's transaction, after the fence UPDATE took the trial's row lock, and worker-b then waited on that
// lock for as long as the zombie stayed stopped. This test stops the zombie in the middle of its fenced checkpoint
// write every time. Fenced writes are now single statements (no lock outlives them) and workers also set
// idle_in_transaction_session_timeout, so either way the replacement must not wait.
test('a worker SIGSTOPped inside a fenced write does not keep its replacement from starting the trial', async () => {
  cluster.startScheduler();
  const submitted = await cluster.cli([
    'submit',
    cluster.writeSpec('s.yaml', simulatedSpec('mid-tx', { cells: ['rnn'], epochs: 8 })),
  ]);
  assert.equal(submitted.code, 0, submitted.stderr);
  // Only the zombie goes through the proxy; it is stopped the moment its fenced checkpoint write (fence UPDATE +
  // upsert in one statement) has been sent, before it can read the answer.
  const zombie = cluster.startWorker('worker-zombie', { DATABASE_URL: proxy.proxiedUrl(cluster.databaseUrl) });
  proxy.onceSent('INSERT INTO "trial_checkpoints"', () => zombie.child.kill('SIGSTOP'));
  await waitFor('the zombie stopped inside its checkpoint transaction', async () => proxy.sentAt !== null);
  const sweep = await cluster.store.getSweep('mid-tx');
  const [victim] = await cluster.store.listTrials(sweep.id);
  assert.ok(victim, 'the sweep has its trial');
  assert.equal(victim.attempt, 1);

  cluster.startWorker('worker-b');
  const finished = await waitFor(
    'the trial completed by worker-b',
    async () => {
      const trial = await cluster.store.getTrial(victim.id);
      return trial.status === 'COMPLETED' ? trial : undefined;
    },
    30_000,
  );
  assert.equal(finished.attempt, 2);
  const epochsBefore = await cluster.store.listEpochs(victim.id);

  zombie.child.kill('SIGCONT');
  await waitFor('the zombie to notice', async () =>
    /refused: attempt 1 no longer owns|lock lost, stopped attempt 1/.test(zombie.output()),
  );
  await sleep(1_000); // let any late write of the zombie land, if the fence failed to stop it
  await waitForSweepEnd(cluster, 'mid-tx');

  assert.deepEqual(await cluster.store.getTrial(victim.id), finished, 'the trial row is exactly what worker-b wrote');
  assert.deepEqual(await cluster.store.listEpochs(victim.id), epochsBefore);
  assert.equal(finished.valLoss, simulatedValLoss(victim.seed, 8));
  const { trials, counts } = await settledState(cluster, 'mid-tx');
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED'],
  );
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 1);
});
