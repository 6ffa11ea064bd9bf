import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { producerConnection } from '@cellsweep/queue';
import { Redis } from 'ioredis';
import { LeaderLease } from './leader-lease.js';

const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL);
const keys: string[] = [];
after(async () => {
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function lease(key: string, ttlMs = 600): LeaderLease {
  return new LeaderLease({ connection: producerConnection(REDIS_URL), key, ttlMs, log: () => undefined });
}

test('one lease holder at a time; a holder whose key was taken or lost steps down at its next renewal', async () => {
  const key = `test-${randomUUID()}:scheduler:leader`;
  keys.push(key);
  const [one, two] = [lease(key), lease(key)];
  const stop = new AbortController();
  try {
    const held = await one.acquire(stop.signal);
    assert.ok(held && one.held());
    assert.equal(await redis.get(key), one.token);
    let standby = false;
    const waiting = two.acquire(stop.signal, () => (standby = true));
    await new Promise((resolve) => setTimeout(resolve, 900)); // longer than the TTL: renewals kept it
    assert.ok(standby && one.held() && !two.held(), 'renewed past its TTL; the other waits');

    await redis.set(key, 'someone-else', 'PX', 200); // e.g. Redis lost the key and another scheduler took it
    await held.lost;
    assert.ok(!one.held(), 'stepped down');
    const second = await waiting; // the key lapses; the waiting one takes it
    assert.ok(second && two.held());
    assert.equal(await redis.get(key), two.token);

    await two.close();
    assert.equal(await redis.get(key), null, 'a clean stop gives the lease up at once');
  } finally {
    stop.abort();
    await Promise.all([one.close(), two.close()]);
  }
});
