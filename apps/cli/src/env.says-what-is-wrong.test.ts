import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readEnv } from './env.js';

// It used to answer "must be a postgresql:// URL" to a postgresql:// URL whose only fault was its port.
test('DATABASE_URL and REDIS_URL errors name the part that is wrong', () => {
  assert.throws(
    () => readEnv({ DATABASE_URL: 'postgresql://u@db:99999/cellsweep' }),
    /DATABASE_URL: has port 99999, outside 1-65535/,
  );
  assert.throws(() => readEnv({ DATABASE_URL: 'postgresql://:5432/cellsweep' }), /DATABASE_URL: has no host/);
  assert.throws(
    () => readEnv({ DATABASE_URL: 'file:./db' }),
    /DATABASE_URL: has scheme file:, expected postgresql:\/\//,
  );
  assert.throws(() => readEnv({ REDIS_URL: 'redis://redis:6379/x' }), /REDIS_URL: names database "x"/);
  assert.equal(readEnv({ DATABASE_URL: 'postgres://u@db/cellsweep' }).databaseUrl, 'postgres://u@db/cellsweep');
});
