import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: { ...FAST_FAULTS, CELLSWEEP_SIMULATED_EPOCH_MS: '20' } })));
after(() => cluster.stop());

test('the same sweep submitted twice at once gives N jobs, not 2N', async () => {
  cluster.startScheduler();
  const spec = cluster.writeSpec('s.yaml', simulatedSpec('twice-submitted', { seeds: 4, epochs: 1 }));
  const [one, two] = await Promise.all([cluster.cli(['submit', spec]), cluster.cli(['submit', spec])]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);

  const sweep = await waitFor('the sweep to be enqueued', async () => {
    const found = await cluster.store.findSweep('twice-submitted');
    return found?.status === 'RUNNING' ? found : undefined;
  });
  const trials = await cluster.store.listTrials(sweep.id);
  assert.equal(trials.length, 12);
  assert.equal((await cluster.producer.counts('trials')).waiting, 12);
  // Submitting again while it runs changes nothing either.
  assert.equal((await cluster.cli(['submit', spec])).code, 0);

  cluster.startWorker('worker-a');
  await waitForSweepEnd(cluster, 'twice-submitted');
  const { sweep: done, trials: finished, counts } = await settledState(cluster, 'twice-submitted');
  assert.equal(done.status, 'COMPLETED');
  assert.ok(finished.every((trial) => trial.status === 'COMPLETED' && trial.attempt === 1));
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 12, 'exactly one job per trial, ever');
});
