import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { RedisUnavailableError } from './errors.js';
import { JobProducer } from './producer.js';

test('connecting to a Redis that is down fails within the timeout, with the URL (no password) in the message', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const startedAt = Date.now();
  await assert.rejects(
    JobProducer.connect({ redisUrl: `redis://:s3cret@127.0.0.1:${port}`, connectTimeoutMs: 500 }),
    (error: unknown) => {
      assert.ok(error instanceof RedisUnavailableError);
      assert.equal(error.timeoutMs, 500);
      assert.ok(!error.message.includes('s3cret'));
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
      return true;
    },
  );
  // Without the timeout ioredis retries for ever; 10 s is a hang check that a loaded machine still passes.
  assert.ok(Date.now() - startedAt < 10_000);
});
