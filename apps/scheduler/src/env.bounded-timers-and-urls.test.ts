import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSchedulerEnv } from './env.js';

const REQUIRED = { DATABASE_URL: 'postgresql://u@db:5432/cellsweep', REDIS_URL: 'redis://redis:6379' };

// 1e15 used to be accepted and fired every millisecond (Node clamps timers past 2^31-1 ms): 55% of a core.
test('the reconcile interval and leader lease refuse values past 2^31-1 ms, with the allowed range', () => {
  for (const name of ['CELLSWEEP_RECONCILE_INTERVAL_MS', 'CELLSWEEP_LEADER_LEASE_MS']) {
    assert.throws(
      () => readSchedulerEnv({ ...REQUIRED, [name]: '1e15' }),
      new RegExp(`${name}: must be a whole number of milliseconds from \\d+ to 2147483647`),
    );
    assert.throws(() => readSchedulerEnv({ ...REQUIRED, [name]: '2147483648' }), new RegExp(name));
    assert.equal(Object.values(readSchedulerEnv({ ...REQUIRED, [name]: '2147483647' })).includes(2_147_483_647), true);
  }
});

test('DATABASE_URL with port 99999 says the port is wrong', () => {
  assert.throws(
    () => readSchedulerEnv({ ...REQUIRED, DATABASE_URL: 'postgresql://u@db:99999/cellsweep' }),
    /DATABASE_URL: has port 99999, outside 1-65535/,
  );
  assert.throws(() => readSchedulerEnv({ ...REQUIRED, REDIS_URL: 'redis:6379' }), /REDIS_URL: has no \/\/host part/);
});
