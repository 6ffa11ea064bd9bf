import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runSql } from '@cellsweep/store/testing';
import { settledState, startCluster, waitForSweepEnd, type Cluster } from './cluster.js';

let cluster: Cluster;
const cacheDir = mkdtempSync(join(tmpdir(), 'cellsweep-worker-cache-'));
before(
  async () =>
    (cluster = await startCluster({
      env: { CELLSWEEP_TRAINER: 'tfjs', CELLSWEEP_WORKER_CONCURRENCY: '1', CELLSWEEP_RECONCILE_INTERVAL_MS: '500' },
    })),
);
after(async () => {
  await cluster.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** 48 sequences of 4 steps, JSON Lines; the label is the sign of the last step. */
function jsonLines(): string {
  return Array.from({ length: 48 }, (_, n) => {
    const x = Array.from({ length: 4 }, (_, t) => [((n * 7 + t * 3) % 11) - 5]);
    return JSON.stringify({ x, y: (x[3]?.[0] ?? 0) > 0 ? 'up' : 'down' });
  }).join('\n');
}

test('a worker trains on a data file it cannot see: submit stored it, the worker fetched it by hash', async () => {
  // The submitter's folder, gone before any worker starts: only the store can carry the bytes.
  const submitterDir = mkdtempSync(join(tmpdir(), 'cellsweep-submitter-'));
  const dataPath = join(submitterDir, 'own.jsonl');
  writeFileSync(dataPath, jsonLines());
  const sha256 = createHash('sha256').update(readFileSync(dataPath)).digest('hex');
  const spec = (name: string) => {
    const path = join(submitterDir, `${name}.yaml`);
    const lines = [
      `name: ${name}`,
      'task: { dataset: file, path: own.jsonl, kind: classification }',
      'cells: [rnn, gru]',
      'hidden: 4',
      'training: { epochs: 2, batchSize: 16 }',
    ];
    writeFileSync(path, lines.join('\n'));
    return path;
  };
  const first = await cluster.cli(['submit', spec('travels')]);
  assert.equal(first.code, 0, first.stderr);
  const line = `data file own.jsonl \\([\\d,]+ bytes, sha256 ${sha256.slice(0, 12)}…\\): stored in`;
  assert.match(first.stderr, new RegExp(line));
  const second = await cluster.cli(['submit', spec('travels-again')]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /own.jsonl .*: already in the store/);
  rmSync(submitterDir, { recursive: true, force: true });
  assert.equal(existsSync(dataPath), false);

  cluster.startScheduler();
  const worker = cluster.startWorker('worker-a', { CELLSWEEP_DATASET_CACHE_DIR: cacheDir });
  for (const name of ['travels', 'travels-again']) {
    await waitForSweepEnd(cluster, name, 180_000);
    const { sweep, trials } = await settledState(cluster, name);
    assert.equal(sweep.status, 'COMPLETED', worker.output());
    assert.equal(trials.length, 2);
    for (const trial of trials) {
      assert.equal(trial.status, 'COMPLETED', trial.error ?? '');
      assert.equal(trial.metricName, 'accuracy');
    }
  }
  // One download for both sweeps (the same bytes), kept under its hash in the worker's cache folder.
  assert.equal((worker.output().match(/dataset cache: fetched/g) ?? []).length, 1, worker.output());
  const cached = readFileSync(join(cacheDir, sha256));
  assert.equal(createHash('sha256').update(cached).digest('hex'), sha256);
});

test('submit refuses a data file over CELLSWEEP_MAX_DATASET_BYTES before storing anything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-submitter-'));
  try {
    const data = `${jsonLines()}\n${jsonLines()}`;
    writeFileSync(join(dir, 'big.jsonl'), data);
    const spec = join(dir, 'big.yaml');
    const lines = [
      'name: too-big',
      'task: { dataset: file, path: big.jsonl, kind: classification }',
      'cells: rnn',
      'hidden: 4',
    ];
    writeFileSync(spec, lines.join('\n'));
    const refused = await cluster.cli(['submit', spec], { CELLSWEEP_MAX_DATASET_BYTES: '1000' });
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /is [\d,]+ bytes, above the store's limit of 1,000; raise CELLSWEEP_MAX_DATASET_BYTES/,
    );
    assert.equal(await cluster.store.findSweep('too-big'), null);
    const sha256 = createHash('sha256').update(data).digest('hex');
    assert.equal(await cluster.store.findDatasetBlob(sha256), null);
    const rows = await runSql(cluster.databaseUrl, 'SELECT 1 FROM "dataset_blobs" WHERE "sha256" = $1', [sha256]);
    assert.equal(rows, 0, 'not even an unfinished header');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
