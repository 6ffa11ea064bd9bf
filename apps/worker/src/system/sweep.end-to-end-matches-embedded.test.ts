import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gradientSlope } from '@cellsweep/core';
import { liveJobs, settledState, startCluster, waitForSweepEnd, type Cluster } from './cluster.js';

let cluster: Cluster;
before(
  async () =>
    (cluster = await startCluster({
      env: { CELLSWEEP_TRAINER: 'tfjs', CELLSWEEP_WORKER_CONCURRENCY: '1', CELLSWEEP_RECONCILE_INTERVAL_MS: '500' },
    })),
);
after(() => cluster.stop());

const SPEC = [
  'name: e2e',
  'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
  'cells: [rnn, lstm, gru]',
  'hidden: 4',
  'training: { epochs: 2, batchSize: 32, learningRate: 0.01 }',
  'seeds: 2',
].join('\n');

interface ResultRow {
  configKey: string;
  cell: string;
  hidden: number;
  paramCount: number;
  status: string;
  backend: string;
  epochsRun: number;
  trainLoss: number;
  valLoss: number;
  testLoss: number;
  initialGradientSlope: number | null;
  gradientSlope: number | null;
}

test('submit + scheduler + 2 worker processes train the same trials, to the same losses, as the embedded `run`', async () => {
  const spec = cluster.writeSpec('e2e.yaml', SPEC);
  cluster.startScheduler();
  cluster.startWorker('worker-a');
  cluster.startWorker('worker-b');
  const submitted = await cluster.cli(['submit', spec]);
  assert.equal(submitted.code, 0, submitted.stderr);

  // Meanwhile, the embedded mode trains the same spec into its own PGlite store (DATABASE_URL empty = unset).
  const embeddedEnv = { DATABASE_URL: '' };
  const run = await cluster.cli(['run', spec, '--workers', '2', '--backend', 'wasm'], embeddedEnv);
  assert.equal(run.code, 0, run.stderr);
  const results = await cluster.cli(['results', 'e2e', '--format', 'json'], embeddedEnv);
  const embedded = (JSON.parse(results.stdout) as { trials: ResultRow[] }).trials;

  await waitForSweepEnd(cluster, 'e2e', 120_000);
  const { sweep, trials, counts } = await settledState(cluster, 'e2e');
  assert.equal(sweep.status, 'COMPLETED');
  assert.equal(liveJobs(counts), 0, JSON.stringify(counts));
  assert.equal(counts.completed, 6);
  const processedBy = new Set(
    await Promise.all(
      trials.map(async (trial) => (await cluster.producer.queue('trials').getJob(trial.id))?.processedBy),
    ),
  );
  assert.deepEqual([...processedBy].sort(), ['worker-a', 'worker-b'], 'both workers trained');

  assert.deepEqual(trials.map((t) => t.configKey).sort(), embedded.map((t) => t.configKey).sort(), 'the same trials');
  for (const trial of trials) {
    const twin = embedded.find((row) => row.configKey === trial.configKey);
    assert.ok(twin);
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(trial.backend, twin.backend);
    assert.equal(trial.hidden, twin.hidden);
    assert.equal(trial.paramCount, twin.paramCount);
    assert.equal(trial.epochsRun, twin.epochsRun);
    // Same backend, same seed: the same floating-point results, bit for bit.
    assert.deepEqual(
      [trial.trainLoss, trial.valLoss, trial.testLoss],
      [twin.trainLoss, twin.valLoss, twin.testLoss],
      `${trial.cell} seed ${trial.seed}`,
    );
    // Both runners pass the gradient slopes through (initial and final), to the same bits; the final one is the
    // slope of the best epoch's stored norms, and every epoch row's slope is that of its own norms.
    assert.deepEqual(
      [trial.initialGradientSlope, trial.gradientSlope],
      [twin.initialGradientSlope, twin.gradientSlope],
      `${trial.cell} seed ${trial.seed}`,
    );
    assert.ok(trial.initialGradientSlope !== null && trial.gradientSlope !== null);
    const epochs = await cluster.store.listEpochs(trial.id);
    assert.ok(epochs.every((row) => row.gradientSlope === gradientSlope(row.gradientNorms)));
    assert.equal(trial.gradientSlope, epochs.find((row) => row.epoch === trial.bestEpoch)?.gradientSlope);
  }
});
