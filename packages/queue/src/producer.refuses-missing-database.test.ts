import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.js';
import { JobProducer } from './producer.js';
import { probeRedis } from './redis-probe.js';

const REDIS = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// ioredis answers a refused SELECT with an error event and carries on in database 0: `submit` with
// REDIS_URL=.../99 reported success and wrote into database 0.
test('a database the server does not have is refused at connect, and nothing is written to database 0', async () => {
  const prefix = `test-${randomUUID()}`;
  const error = await JobProducer.connect({ redisUrl: `${REDIS}/99`, prefix, connectTimeoutMs: 2_000 }).then(
    // What the old code did: the job landed in database 0 (removed again, not to litter the shared Redis).
    async (producer) => {
      await producer.add('trial.train', { sweepId: 's', trialId: 't' }, { jobId: 't' });
      await producer.queue('trials').obliterate({ force: true });
      await producer.close();
      return null;
    },
    (refused: unknown) => refused,
  );
  assert.ok(error instanceof Error, 'connect refused');
  assert.equal(error.name, 'RedisDatabaseUnavailableError');
  assert.match(
    error.message,
    /REDIS_URL names database 99, which this Redis refuses \(ERR DB index is out of range\); it has 16 databases \(0-15\)/,
  );
  const db0 = new Redis(REDIS);
  try {
    assert.deepEqual(await db0.keys(`${prefix}*`), []);
  } finally {
    db0.disconnect();
  }
  const producer = await JobProducer.connect({ redisUrl: `${REDIS}/15`, prefix });
  await producer.close();
});

// The server decides which databases exist (its `databases` setting), not a static 0-15 bound.
test('a server configured with 64 databases accepts database 40; probeRedis checks the same way', async () => {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '64'],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port);
    const producer = await JobProducer.connect({ redisUrl: `redis://127.0.0.1:${port}/40`, prefix: 'test' });
    await producer.add('trial.train', { sweepId: 's', trialId: 't' }, { jobId: 't' });
    await producer.close();
    const db40 = new Redis(`redis://127.0.0.1:${port}/40`);
    const db0 = new Redis(`redis://127.0.0.1:${port}/0`);
    assert.ok((await db40.exists('test:trials:t')) === 1, 'the job is in database 40');
    assert.equal(await db0.dbsize(), 0, 'database 0 untouched');
    db40.disconnect();
    db0.disconnect();

    await probeRedis(`redis://127.0.0.1:${port}/63`);
    await assert.rejects(
      probeRedis(`redis://127.0.0.1:${port}/64`),
      /REDIS_URL names database 64, which this Redis refuses .*; it has 64 databases \(0-63\)/,
    );
  } finally {
    server.kill('SIGKILL');
  }
  await assert.rejects(probeRedis(`redis://:s3cret@127.0.0.1:${port}`, { timeoutMs: 1_000 }), (error: unknown) => {
    assert.ok(error instanceof RedisUnavailableError);
    assert.ok(!error.message.includes('s3cret'));
    return true;
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`redis-server did not start on ${port}`);
}
