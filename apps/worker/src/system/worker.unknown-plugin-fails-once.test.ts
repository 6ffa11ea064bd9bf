// A worker without the plugin a trial names: the trial FAILS once (UnrecoverableError, no retry) with a message
// naming the plugin and CELLSWEEP_PLUGINS. The CLI and the scheduler have the plugin (they plan widths with it).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { FAST_FAULTS, startCluster, waitFor, type Cluster } from './cluster.js';

const MGU_MODULE = fileURLToPath(new URL('../../../../examples/own-data/plugins/mgu/index.mjs', import.meta.url));
const WITH_MGU = { CELLSWEEP_PLUGINS: MGU_MODULE };

let cluster: Cluster;
before(async () => (cluster = await startCluster({ env: { ...FAST_FAULTS, CELLSWEEP_TRAINER: 'tfjs' } })));
after(() => cluster.stop());

test('a trial naming a plugin the worker has not loaded fails once, naming the plugin and the setting', async () => {
  cluster.startScheduler(WITH_MGU);
  const spec = cluster.writeSpec(
    's.yaml',
    [
      'name: mgu-missing',
      'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
      'cells: [plugin:mgu]',
      'hidden: 4',
      'training: { epochs: 2, batchSize: 32 }',
    ].join('\n'),
  );
  const submitted = await cluster.cli(['submit', spec], WITH_MGU);
  assert.equal(submitted.code, 0, submitted.stderr);
  cluster.startWorker('worker-without-plugins');
  const failed = await waitFor('the trial to fail', async () => {
    const sweep = await cluster.store.findSweep('mgu-missing');
    const [row] = sweep ? await cluster.store.listTrials(sweep.id) : [];
    return row?.status === 'FAILED' ? row : undefined;
  });
  assert.match(failed.error ?? '', /UnknownCellPluginError: cell "plugin:mgu" is not loaded on this machine/);
  assert.match(failed.error ?? '', /CELLSWEEP_PLUGINS/);
  const job = await waitFor('the job to fail', async () => {
    const found = await cluster.producer.queue('trials').getJob(failed.id);
    return (await found?.getState()) === 'failed' ? found : undefined;
  });
  assert.equal(job?.attemptsMade, 1, 'UnrecoverableError: no retry');
  assert.equal(failed.attempt, 1);
});
