import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_HOST, DEFAULT_PORT, readDashboardEnv } from './env.js';

test('defaults: loopback only, embedded store in ./.cellsweep, no token (one will be generated)', () => {
  const env = readDashboardEnv({});
  assert.deepEqual(env, {
    home: resolve('.cellsweep'),
    databaseUrl: undefined,
    token: undefined,
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
  });
  assert.equal(DEFAULT_HOST, '127.0.0.1');
});

test('settings are read and empty values count as unset', () => {
  const env = readDashboardEnv({
    CELLSWEEP_HOME: '/tmp/h',
    DATABASE_URL: 'postgresql://u@db:5432/cellsweep',
    CELLSWEEP_DASHBOARD_TOKEN: 'a-long-enough-token-123',
    CELLSWEEP_DASHBOARD_HOST: '0.0.0.0',
    CELLSWEEP_DASHBOARD_PORT: '8080',
  });
  assert.deepEqual(env, {
    home: '/tmp/h',
    databaseUrl: 'postgresql://u@db:5432/cellsweep',
    token: 'a-long-enough-token-123',
    host: '0.0.0.0',
    port: 8080,
  });
  assert.equal(readDashboardEnv({ CELLSWEEP_DASHBOARD_TOKEN: '' }).token, undefined);
});

test('a short token, a bad port or a bad URL are refused with the variable named', () => {
  assert.throws(
    () => readDashboardEnv({ CELLSWEEP_DASHBOARD_TOKEN: 'short' }),
    /CELLSWEEP_DASHBOARD_TOKEN: must be 16 to 512 characters \(it has 5\)/,
  );
  assert.throws(() => readDashboardEnv({ CELLSWEEP_DASHBOARD_PORT: '70000' }), /CELLSWEEP_DASHBOARD_PORT: Too big/);
  assert.throws(
    () => readDashboardEnv({ DATABASE_URL: 'nope' }),
    /DATABASE_URL: is not a URL \(no scheme\); expected postgresql:\/\//,
  );
});
