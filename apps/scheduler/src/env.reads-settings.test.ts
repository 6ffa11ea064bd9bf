import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSchedulerEnv } from './env.js';

const REQUIRED = { DATABASE_URL: 'postgresql://u@db:5432/cellsweep', REDIS_URL: 'redis://redis:6379' };

test('defaults and settings', () => {
  assert.deepEqual(readSchedulerEnv(REQUIRED), {
    databaseUrl: REQUIRED.DATABASE_URL,
    redisUrl: REQUIRED.REDIS_URL,
    prefix: 'cellsweep',
    reconcileIntervalMs: 15_000,
    leaderLeaseMs: 5_000,
    cellPlugins: [],
  });
  const env = readSchedulerEnv({
    ...REQUIRED,
    CELLSWEEP_QUEUE_PREFIX: 'lab',
    CELLSWEEP_RECONCILE_INTERVAL_MS: '500',
    CELLSWEEP_LEADER_LEASE_MS: '1000',
  });
  assert.equal(env.prefix, 'lab');
  assert.equal(env.reconcileIntervalMs, 500);
  assert.equal(env.leaderLeaseMs, 1_000);
  assert.deepEqual(readSchedulerEnv({ ...REQUIRED, CELLSWEEP_PLUGINS: 'cellsweep-plugin-mgu' }).cellPlugins, [
    'cellsweep-plugin-mgu',
  ]);
});

test('missing or bad values name the variable', () => {
  assert.throws(() => readSchedulerEnv({ DATABASE_URL: REQUIRED.DATABASE_URL }), /REDIS_URL/);
  assert.throws(
    () => readSchedulerEnv({ ...REQUIRED, REDIS_URL: 'http://x' }),
    /REDIS_URL: has scheme http:, expected redis:\/\//,
  );
  assert.throws(
    () => readSchedulerEnv({ ...REQUIRED, CELLSWEEP_RECONCILE_INTERVAL_MS: '1' }),
    /CELLSWEEP_RECONCILE_INTERVAL_MS/,
  );
  assert.throws(() => readSchedulerEnv({ ...REQUIRED, CELLSWEEP_LEADER_LEASE_MS: '10' }), /CELLSWEEP_LEADER_LEASE_MS/);
});
