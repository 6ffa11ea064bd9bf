import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { readEnv } from './env.js';

test('defaults: embedded store in ./.cellsweep, auto backend, one worker per core', () => {
  const env = readEnv({});
  assert.equal(env.home, resolve('.cellsweep'));
  assert.equal(env.databaseUrl, undefined);
  assert.equal(env.backend, 'auto');
  assert.ok(env.workers >= 1);
  assert.equal(env.ashaContinue, true);
  assert.equal(env.maxDatasetBytes, 1_000_000_000);
  // The workers' default too: a machine's runs and workers share its parsed data files.
  assert.equal(env.datasetCacheDir, join(homedir(), '.cache', 'cellsweep', 'datasets'));
  assert.equal(readEnv({ XDG_CACHE_HOME: '/c' }).datasetCacheDir, '/c/cellsweep/datasets');
  assert.equal(readEnv({ CELLSWEEP_DATASET_CACHE_MAX_BYTES: '5e9' }).datasetCacheMaxBytes, 5_000_000_000);
  assert.throws(() => readEnv({ CELLSWEEP_DATASET_CACHE_MAX_BYTES: '-1' }), /CELLSWEEP_DATASET_CACHE_MAX_BYTES/);
});

test('settings are read and empty values count as unset', () => {
  const env = readEnv({
    CELLSWEEP_HOME: '/tmp/x',
    DATABASE_URL: 'postgresql://u@h:5432/db',
    CELLSWEEP_BACKEND: 'cpu',
    CELLSWEEP_WORKERS: '3',
    CELLSWEEP_MAX_DATASET_BYTES: '5000000',
    CELLSWEEP_DATASET_CACHE_DIR: '/tmp/parsed',
  });
  assert.deepEqual(env, {
    home: '/tmp/x',
    databaseUrl: 'postgresql://u@h:5432/db',
    backend: 'cpu',
    workers: 3,
    redisUrl: undefined,
    queuePrefix: 'cellsweep',
    ashaContinue: true,
    maxDatasetBytes: 5_000_000,
    cellPlugins: [],
    datasetCacheDir: '/tmp/parsed',
    datasetCacheMaxBytes: 10_000_000_000,
  });
  assert.equal(readEnv({ CELLSWEEP_ASHA_CONTINUE: '0' }).ashaContinue, false);
  assert.equal(readEnv({ DATABASE_URL: '' }).databaseUrl, undefined);
});

test('CELLSWEEP_PLUGINS is a comma-separated list of modules; spaces around commas are dropped', () => {
  assert.deepEqual(
    readEnv({ CELLSWEEP_PLUGINS: 'cellsweep-plugin-mgu, @lab/cells ,/opt/cells/gated.mjs,' }).cellPlugins,
    ['cellsweep-plugin-mgu', '@lab/cells', '/opt/cells/gated.mjs'],
  );
  assert.throws(
    () => readEnv({ CELLSWEEP_PLUGINS: 'a b' }),
    /CELLSWEEP_PLUGINS\.0: a module name or path has no spaces/,
  );
});

test('bad values name the variable and what is allowed', () => {
  assert.throws(
    () => readEnv({ CELLSWEEP_BACKEND: 'gpu' }),
    /CELLSWEEP_BACKEND: Invalid option: expected one of "auto"\|"tensorflow"\|"wasm"\|"cpu"/,
  );
  assert.throws(() => readEnv({ CELLSWEEP_WORKERS: '0' }), /CELLSWEEP_WORKERS: Too small/);
  assert.throws(() => readEnv({ CELLSWEEP_ASHA_CONTINUE: 'yes' }), /CELLSWEEP_ASHA_CONTINUE/);
  assert.throws(() => readEnv({ CELLSWEEP_MAX_DATASET_BYTES: '1e' }), /CELLSWEEP_MAX_DATASET_BYTES/);
  assert.throws(
    () => readEnv({ DATABASE_URL: 'not a url' }),
    /DATABASE_URL: is not a URL \(no scheme\); expected postgresql:\/\//,
  );
});
