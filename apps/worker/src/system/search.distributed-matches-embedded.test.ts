import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { liveJobs, settledState, startCluster, waitForSweepEnd, type Cluster } from './cluster.js';

let cluster: Cluster;
before(
  async () =>
    (cluster = await startCluster({
      env: { CELLSWEEP_TRAINER: 'tfjs', CELLSWEEP_WORKER_CONCURRENCY: '1', CELLSWEEP_RECONCILE_INTERVAL_MS: '500' },
    })),
);
after(() => cluster.stop());

/** TPE + ASHA on a tiny adding problem: 6 suggestions, rungs of 1 and 3 epochs (docs/search.md). */
const SPEC = [
  'name: search-e2e',
  'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
  'cells: gru',
  'hidden: 4',
  'training: { epochs: 3, batchSize: 32 }',
  'search:',
  '  method: tpe',
  '  trials: 6',
  '  parallelism: 2',
  '  seed: 3',
  '  asha: { minEpochs: 1, reductionFactor: 3 }',
  '  space: { training.learningRate: { float: [0.001, 0.1], log: true }, training.batchSize: { choice: [16, 32] } }',
].join('\n');

test('an adaptive search through submit + scheduler + 2 workers makes the same decisions as the embedded `run`', async () => {
  const spec = cluster.writeSpec('search.yaml', SPEC);
  cluster.startScheduler();
  cluster.startWorker('worker-a');
  cluster.startWorker('worker-b');
  const submitted = await cluster.cli(['submit', spec]);
  assert.equal(submitted.code, 0, submitted.stderr);

  const embeddedEnv = { DATABASE_URL: '' };
  const run = await cluster.cli(['run', spec, '--workers', '2', '--backend', 'wasm'], embeddedEnv);
  assert.equal(run.code, 0, run.stderr);
  const results = await cluster.cli(['results', 'search-e2e', '--format', 'json'], embeddedEnv);
  const embedded = (JSON.parse(results.stdout) as { trials: { configKey: string; valLoss: number }[] }).trials;

  await waitForSweepEnd(cluster, 'search-e2e', 180_000);
  const { sweep, trials, counts } = await settledState(cluster, 'search-e2e');
  assert.equal(sweep.status, 'COMPLETED');
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, trials.length, 'one job per trial');
  // Every suggestion trains the first rung; ASHA promoted some (but not all) to the second.
  const epochs = trials.map((trial) => (trial.config.training as { epochs: number }).epochs);
  assert.equal(epochs.filter((e) => e === 1).length, 6);
  assert.ok(epochs.filter((e) => e === 3).length >= 1 && epochs.filter((e) => e === 3).length < 6);
  // Same stored validation losses (same backend, same seeds) → the same suggestions and promotions, whatever the timing.
  assert.deepEqual(trials.map((t) => t.configKey).sort(), embedded.map((t) => t.configKey).sort(), 'the same trials');
});
