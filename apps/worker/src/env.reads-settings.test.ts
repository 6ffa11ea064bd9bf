import assert from 'node:assert/strict';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readWorkerEnv } from './env.js';

const REQUIRED = { DATABASE_URL: 'postgresql://u@db:5432/cellsweep', REDIS_URL: 'redis://redis:6379' };

test('defaults: tfjs trainer, auto backend, one trial per core, a 10 s lock checked for stalls every 5 s', () => {
  const env = readWorkerEnv(REQUIRED);
  assert.equal(env.trainer, 'tfjs');
  assert.equal(env.backend, 'auto');
  assert.ok(env.concurrency >= 1);
  assert.equal(env.prefix, 'cellsweep');
  assert.equal(env.lockDurationMs, 10_000);
  assert.equal(env.stalledIntervalMs, 5_000);
  assert.equal(env.maxStalledCount, 1);
  assert.equal(env.storeRetryMs, 30_000);
  assert.match(env.workerName, new RegExp(`^${hostname()}-${process.pid}-[0-9a-f]{6}$`));
  assert.equal(env.datasetCacheDir, join(homedir(), '.cache', 'cellsweep', 'datasets'));
});

test('the dataset cache folder: CELLSWEEP_DATASET_CACHE_DIR, else under XDG_CACHE_HOME', () => {
  assert.equal(
    readWorkerEnv({ ...REQUIRED, XDG_CACHE_HOME: '/var/cache' }).datasetCacheDir,
    '/var/cache/cellsweep/datasets',
  );
  const set = readWorkerEnv({ ...REQUIRED, XDG_CACHE_HOME: '/var/cache', CELLSWEEP_DATASET_CACHE_DIR: '/data/sets' });
  assert.equal(set.datasetCacheDir, '/data/sets');
  assert.equal(set.datasetCacheMaxBytes, 10_000_000_000, 'the default cap');
  const capped = readWorkerEnv({ ...REQUIRED, CELLSWEEP_DATASET_CACHE_MAX_BYTES: '2000000000' });
  assert.equal(capped.datasetCacheMaxBytes, 2_000_000_000);
});

test('two workers of one host and pid (containers on host networking) get different default names', () => {
  const names = new Set(Array.from({ length: 20 }, () => readWorkerEnv(REQUIRED).workerName));
  assert.equal(names.size, 20);
});

test('settings are read; empty values count as unset', () => {
  const env = readWorkerEnv({
    ...REQUIRED,
    CELLSWEEP_WORKER_CONCURRENCY: '4',
    CELLSWEEP_WORKER_NAME: 'gpu-box-1',
    CELLSWEEP_TRAINER: 'simulated',
    CELLSWEEP_LOCK_DURATION_MS: '1000',
    CELLSWEEP_QUEUE_PREFIX: '',
  });
  assert.equal(env.concurrency, 4);
  assert.equal(env.workerName, 'gpu-box-1');
  assert.equal(env.trainer, 'simulated');
  assert.equal(env.lockDurationMs, 1_000);
  assert.equal(env.prefix, 'cellsweep');
  assert.deepEqual(readWorkerEnv(REQUIRED).checkpoints, { minIntervalMs: 30_000, maxBytesPerSec: 262_144 });
  const everyEpoch = readWorkerEnv({
    ...REQUIRED,
    CELLSWEEP_CHECKPOINT_INTERVAL_MS: '0',
    CELLSWEEP_CHECKPOINT_MAX_BYTES_PER_SEC: '0',
  });
  assert.deepEqual(everyEpoch.checkpoints, { minIntervalMs: 0, maxBytesPerSec: null });
});

test('missing or bad values name the variable', () => {
  assert.throws(() => readWorkerEnv({}), /DATABASE_URL[\s\S]*REDIS_URL/);
  assert.throws(
    () => readWorkerEnv({ ...REQUIRED, DATABASE_URL: 'file:./db' }),
    /DATABASE_URL: has scheme file:, expected postgresql:\/\//,
  );
  assert.throws(
    () => readWorkerEnv({ ...REQUIRED, CELLSWEEP_WORKER_CONCURRENCY: '0' }),
    /CELLSWEEP_WORKER_CONCURRENCY/,
  );
  assert.throws(() => readWorkerEnv({ ...REQUIRED, CELLSWEEP_TRAINER: 'gpu' }), /CELLSWEEP_TRAINER/);
});
