import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  FAST_FAULTS,
  simulatedSpec,
  startCluster,
  waitFor,
  waitForSweepEnd,
  type Cluster,
  type Service,
} from './cluster.js';

// Short enough to keep the test quick, long enough that a leader on a loaded machine (load average 30 on 2 cores
// was seen) still renews in time: at 1 s it sometimes stepped down by itself, and the standby acted early.
const LEASE_MS = 2_000;
let cluster: Cluster;
before(
  async () =>
    (cluster = await startCluster({
      env: { ...FAST_FAULTS, CELLSWEEP_SIMULATED_EPOCH_MS: '20', CELLSWEEP_LEADER_LEASE_MS: String(LEASE_MS) },
    })),
);
after(() => cluster.stop());

const survivors: Service[] = [];
const acts = (scheduler: Service): boolean => scheduler.output().includes('ready: reconciling');

test('two schedulers started at once: one acts, the other waits; SIGKILL the leader and the standby takes over', async (t) => {
  const both = [cluster.startScheduler(), cluster.startScheduler()];
  const leader = await waitFor('a leader', async () => both.find(acts));
  const standby = both.find((scheduler) => scheduler !== leader) as Service;
  await waitFor('the standby to say so', async () => standby.output().includes('standby:'));

  const first = await cluster.cli([
    'submit',
    cluster.writeSpec('one.yaml', simulatedSpec('one', { seeds: 2, epochs: 1 })),
  ]);
  assert.equal(first.code, 0, first.stderr);
  await waitFor('sweep one expanded', async () => (await cluster.store.findSweep('one'))?.status === 'RUNNING');
  assert.match(leader.output(), /sweep one: 6 trials/);
  // Well past a few lease periods and reconcile intervals: the standby never acted.
  await new Promise((resolve) => setTimeout(resolve, 3 * LEASE_MS));
  assert.ok(!acts(standby) && !/sweep /.test(standby.output()), standby.output());

  leader.child.kill('SIGKILL');
  const killedAt = Date.now();
  await leader.exited;
  await waitFor('the standby to take over', async () => acts(standby), 10_000);
  const takeoverMs = Date.now() - killedAt;
  t.diagnostic(`standby acting ${takeoverMs} ms after the leader's SIGKILL (lease ${LEASE_MS} ms)`);
  assert.ok(takeoverMs < LEASE_MS + 3_000, `took over ${takeoverMs} ms after the kill (lease ${LEASE_MS} ms)`);

  // The new leader does the work: it expands the next sweep and finishes both once a worker trained them.
  const second = await cluster.cli([
    'submit',
    cluster.writeSpec('two.yaml', simulatedSpec('two', { seeds: 1, epochs: 1 })),
  ]);
  assert.equal(second.code, 0, second.stderr);
  cluster.startWorker('worker-a');
  await waitForSweepEnd(cluster, 'one');
  await waitForSweepEnd(cluster, 'two');
  assert.equal((await cluster.store.getSweep('one')).status, 'COMPLETED');
  assert.equal((await cluster.store.getSweep('two')).status, 'COMPLETED');
  assert.match(standby.output(), /sweep two: 3 trials/);
  survivors.push(standby);
});

test('a leader stopped with SIGTERM gives the lease up at once: the standby does not wait for it to lapse', async (t) => {
  for (const scheduler of survivors) scheduler.child.kill('SIGKILL');
  const longLease = { CELLSWEEP_LEADER_LEASE_MS: '30000' };
  const leader = cluster.startScheduler(longLease);
  await waitFor('the leader', async () => acts(leader), 40_000); // the killed one's short lease lapses first
  const standby = cluster.startScheduler(longLease);
  await waitFor('the standby', async () => standby.output().includes('standby:'));
  leader.child.kill('SIGTERM');
  const stoppedAt = Date.now();
  assert.equal((await leader.exited).code, 0, leader.output());
  await waitFor('the standby to take over', async () => acts(standby), 20_000);
  const takeoverMs = Date.now() - stoppedAt;
  t.diagnostic(`standby acting ${takeoverMs} ms after the leader's SIGTERM (lease 30 s)`);
  assert.ok(takeoverMs < 5_000, `took over ${takeoverMs} ms after SIGTERM, not after the 30 s lease`);
});
