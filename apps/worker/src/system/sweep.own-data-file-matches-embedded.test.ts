import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { settledState, startCluster, waitForSweepEnd, type Cluster } from './cluster.js';

let cluster: Cluster;
before(
  async () =>
    (cluster = await startCluster({
      env: { CELLSWEEP_TRAINER: 'tfjs', CELLSWEEP_WORKER_CONCURRENCY: '1', CELLSWEEP_RECONCILE_INTERVAL_MS: '500' },
    })),
);
after(() => cluster.stop());

/** 48 sequences of 4 steps, JSON Lines; the label is the sign of the last step. */
function jsonLines(): string {
  return Array.from({ length: 48 }, (_, n) => {
    const x = Array.from({ length: 4 }, (_, t) => [((n * 5 + t * 3) % 11) - 5]);
    return JSON.stringify({ x, y: (x[3]?.[0] ?? 0) > 0 ? 'up' : 'down' });
  }).join('\n');
}

test('a data-file sweep submitted to the scheduler and a worker trains the trials `run` trains, to the same losses', async () => {
  cluster.writeSpec('own.jsonl', jsonLines());
  const spec = cluster.writeSpec(
    'own.yaml',
    [
      'name: own',
      'task: { dataset: file, path: own.jsonl, kind: classification }',
      'cells: [rnn, gru]',
      'hidden: 4',
      'training: { epochs: 2, batchSize: 16 }',
    ].join('\n'),
  );
  cluster.startScheduler();
  cluster.startWorker('worker-a');
  const submitted = await cluster.cli(['submit', spec]);
  assert.equal(submitted.code, 0, submitted.stderr);

  const embeddedEnv = { DATABASE_URL: '' };
  const run = await cluster.cli(['run', spec, '--workers', '1', '--backend', 'wasm'], embeddedEnv);
  assert.equal(run.code, 0, run.stderr);
  const results = await cluster.cli(['results', 'own', '--format', 'json'], embeddedEnv);
  const embedded = (
    JSON.parse(results.stdout) as { trials: { configKey: string; testLoss: number; metricName: string }[] }
  ).trials;

  await waitForSweepEnd(cluster, 'own', 120_000);
  const { sweep, trials } = await settledState(cluster, 'own');
  assert.equal(sweep.status, 'COMPLETED');
  assert.deepEqual(trials.map((t) => t.configKey).sort(), embedded.map((t) => t.configKey).sort(), 'the same trials');
  for (const trial of trials) {
    const twin = embedded.find((row) => row.configKey === trial.configKey);
    assert.equal(trial.status, 'COMPLETED');
    assert.equal(trial.metricName, 'accuracy');
    assert.equal(trial.testLoss, twin?.testLoss, 'the same bits');
  }
});
