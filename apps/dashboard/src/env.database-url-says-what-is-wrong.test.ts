import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDashboardEnv } from './env.js';

// It used to answer "must be a postgresql:// URL" to a postgresql:// URL whose only fault was its port.
test('a bad DATABASE_URL names the part that is wrong', () => {
  assert.throws(
    () => readDashboardEnv({ DATABASE_URL: 'postgresql://u@db:99999/cellsweep' }),
    /DATABASE_URL: has port 99999, outside 1-65535/,
  );
  assert.throws(
    () => readDashboardEnv({ DATABASE_URL: 'https://db:5432/cellsweep' }),
    /DATABASE_URL: has scheme https:, expected postgresql:\/\//,
  );
  assert.equal(
    readDashboardEnv({ DATABASE_URL: 'postgresql://u@db:5432/cellsweep' }).databaseUrl,
    'postgresql://u@db:5432/cellsweep',
  );
});
