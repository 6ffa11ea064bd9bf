import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readWorkerEnv } from './env.js';

const REQUIRED = { DATABASE_URL: 'postgresql://u:s3cret@db:5432/cellsweep', REDIS_URL: 'redis://redis:6379' };
const TIMERS = [
  'CELLSWEEP_LOCK_DURATION_MS',
  'CELLSWEEP_STALLED_INTERVAL_MS',
  'CELLSWEEP_STORE_RETRY_MS',
  'CELLSWEEP_SIMULATED_EPOCH_MS',
];

// Node fires a timer longer than 2^31-1 ms after 1 ms: 1e15 made the lock renewal and stall check busy loops.
test('every timer refuses values past 2^31-1 ms, naming the variable and the allowed range', () => {
  for (const name of TIMERS) {
    assert.throws(
      () => readWorkerEnv({ ...REQUIRED, [name]: '1e15' }),
      new RegExp(`${name}: must be a whole number of milliseconds from \\d+ to 2147483647`),
    );
    assert.throws(() => readWorkerEnv({ ...REQUIRED, [name]: '2147483648' }), new RegExp(name));
    assert.throws(() => readWorkerEnv({ ...REQUIRED, [name]: 'soon' }), new RegExp(`${name}: must be a whole number`));
    assert.doesNotThrow(() => readWorkerEnv({ ...REQUIRED, [name]: '2147483647' }));
  }
  assert.throws(
    () => readWorkerEnv({ ...REQUIRED, CELLSWEEP_LOCK_DURATION_MS: '5' }),
    /CELLSWEEP_LOCK_DURATION_MS: must be a whole number of milliseconds from 100 to/,
  );
});

test('a bad DATABASE_URL or REDIS_URL says which part is wrong, without echoing the password', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ DATABASE_URL: 'postgresql://u:s3cret@db:99999/cellsweep' }, /DATABASE_URL: has port 99999, outside 1-65535/],
    [
      { DATABASE_URL: 'postgresql://u:s3cret@db:54x2/cellsweep' },
      /DATABASE_URL: has port "54x2", which is not a number/,
    ],
    [
      { DATABASE_URL: 'mysql://u:s3cret@db:3306/cellsweep' },
      /DATABASE_URL: has scheme mysql:, expected postgresql:\/\/ or postgres:\/\//,
    ],
    [{ DATABASE_URL: 'db:5432/cellsweep' }, /DATABASE_URL: has scheme db:/],
    [{ DATABASE_URL: 'cellsweep' }, /DATABASE_URL: is not a URL \(no scheme\)/],
    [{ DATABASE_URL: 'postgresql:///cellsweep' }, /DATABASE_URL: has no host/],
    [
      { DATABASE_URL: 'postgresql://u:s3cret@my db:5432/cellsweep' },
      /DATABASE_URL: is not a valid URL \(spaces, and @ : \/ \? # % in a user name or password, must be percent-encoded\)/,
    ],
    [
      { DATABASE_URL: 'postgresql://u:s3c/ret@db:5432/cellsweep' },
      /DATABASE_URL: has a \/ \? or # in its user name or password: percent-encode them/,
    ],
    [{ REDIS_URL: 'redis://:s3cret@redis:70000' }, /REDIS_URL: has port 70000, outside 1-65535/],
    [{ REDIS_URL: 'http://redis:6379' }, /REDIS_URL: has scheme http:, expected redis:\/\/ or rediss:\/\//],
    [
      { REDIS_URL: 'redis://:s3cret@redis:6379/first' },
      /REDIS_URL: names database "first"; a Redis database is a number/,
    ],
  ];
  for (const [bad, message] of cases) {
    assert.throws(
      () => readWorkerEnv({ ...REQUIRED, ...bad }),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, message);
        assert.ok(!error.message.includes('s3c'), error.message);
        return true;
      },
    );
  }
});

test('well-formed URLs pass: Unix-socket hosts, IPv6, TLS, a database number', () => {
  for (const good of [
    { DATABASE_URL: 'postgresql:///cellsweep?host=/var/run/postgresql' },
    { DATABASE_URL: 'postgres://u:p%40ss@[::1]:5432/cellsweep' },
    { REDIS_URL: 'rediss://:p@redis.example:6380/3' },
    { REDIS_URL: 'redis://redis' },
  ]) {
    assert.doesNotThrow(() => readWorkerEnv({ ...REQUIRED, ...good }), JSON.stringify(good));
  }
});
