import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runSql } from '@cellsweep/store/testing';
import { FAST_FAULTS, simulatedSpec, startCluster, waitFor, type Cluster } from './cluster.js';

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: FAST_FAULTS })));
after(() => cluster.stop());

test('a stored config that fails the TrialConfig schema: the trial FAILS once, naming each bad field', async () => {
  cluster.startScheduler();
  const spec = cluster.writeSpec('s.yaml', simulatedSpec('bad', { cells: ['gru'], seeds: 1, epochs: 2 }));
  const submitted = await cluster.cli(['submit', spec]);
  assert.equal(submitted.code, 0, submitted.stderr);
  const trial = await waitFor('the trial and its job', async () => {
    const sweep = await cluster.store.findSweep('bad');
    const [first] = sweep ? await cluster.store.listTrials(sweep.id) : [];
    return first && (await cluster.producer.queue('trials').getJob(first.id)) ? first : undefined;
  });
  // What no API writes: a config another version (or a hand edit) left in the row.
  const planted = await runSql(
    cluster.databaseUrl,
    `UPDATE trials SET config = jsonb_set(jsonb_set(config::jsonb, '{training,learningRate}', '"fast"'),
       '{layers}', '0') WHERE id = $1`,
    [trial.id],
  );
  assert.equal(planted, 1);

  cluster.startWorker('worker-a');
  const failed = await waitFor('the trial to fail', async () => {
    const [row] = await cluster.store.listTrials(trial.sweepId);
    return row?.status === 'FAILED' ? row : undefined;
  });
  assert.match(failed.error ?? '', /TrialConfigError: trial \S+: invalid trial configuration \(2 problems\)/);
  assert.match(failed.error ?? '', /- layers: /);
  assert.match(failed.error ?? '', /- training\.learningRate: /);
  const job = await waitFor('the job to fail', async () => {
    const found = await cluster.producer.queue('trials').getJob(trial.id);
    return (await found?.getState()) === 'failed' ? found : undefined;
  });
  assert.equal(job?.attemptsMade, 1, 'UnrecoverableError: no retry');
  assert.match(job?.failedReason ?? '', /training\.learningRate/);
  assert.equal(failed.attempt, 1);
});
