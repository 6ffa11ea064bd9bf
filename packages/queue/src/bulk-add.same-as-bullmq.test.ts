import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { producerConnection } from './connection.js';
import { JobProducer, jobOptions } from './producer.js';

const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const viaBullmq = `test-${randomUUID()}`;
const viaScript = `test-${randomUUID()}`;
let redis: Redis;
let queue: Queue;
let producer: JobProducer;

before(async () => {
  redis = new Redis(producerConnection(REDIS_URL));
  queue = new Queue('trials', { connection: producerConnection(REDIS_URL), prefix: viaBullmq });
  producer = await JobProducer.connect({ redisUrl: REDIS_URL, prefix: viaScript });
});
after(async () => {
  await queue.obliterate({ force: true });
  await producer.queue('trials').obliterate({ force: true });
  await Promise.all([queue.close(), producer.close()]);
  redis.disconnect();
});

const ids = (from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `trial${(from + i).toString(16).padStart(19, '0')}`);
const payload = (trialId: string) => ({ sweepId: 'sweep-1', trialId });

/** Everything BullMQ keeps for the queue, with the ids of stream entries and the creation timestamps left out. */
async function snapshot(prefix: string, jobIds: readonly string[]) {
  const key = (name: string): string => `${prefix}:trials:${name}`;
  const jobs = await Promise.all(
    jobIds.map(async (id) => {
      const { timestamp, opts, ...hash } = await redis.hgetall(key(id));
      assert.match(timestamp ?? '', /^\d{13}$/);
      return { ...hash, opts: JSON.parse(opts ?? 'null') as unknown };
    }),
  );
  const { version: _version, ...meta } = await redis.hgetall(key('meta'));
  const events = (await redis.xrange(key('events'), '-', '+')).map(([, fields]) => fields.join(' '));
  return {
    jobs,
    wait: await redis.lrange(key('wait'), 0, -1),
    marker: await redis.zrange(key('marker'), 0, -1, 'WITHSCORES'),
    id: await redis.get(key('id')),
    meta,
    events,
  };
}

test('the bulk script leaves Redis exactly as Queue.addBulk does, duplicates included, and workers process its jobs', async () => {
  const first = ids(0, 5);
  const second = ids(3, 12); // three already there
  const bullmqAdd = (jobIds: string[]) =>
    queue.addBulk(
      jobIds.map((jobId) => ({
        name: 'trial.train',
        data: payload(jobId),
        opts: { ...jobOptions('trial.train'), jobId },
      })),
    );
  const scriptAdd = (jobIds: string[]) =>
    producer.addBulk(
      'trial.train',
      jobIds.map((jobId) => ({ jobId, payload: payload(jobId) })),
      4,
    );
  await bullmqAdd(first);
  await bullmqAdd(second);
  await scriptAdd(first);
  await scriptAdd(second);

  const all = ids(0, 12);
  const expected = await snapshot(viaBullmq, all);
  assert.equal(expected.wait.length, 12);
  assert.ok(
    expected.events.some((event) => event.startsWith('event duplicated')),
    'the duplicates were seen',
  );
  assert.deepEqual(await snapshot(viaScript, all), expected);

  // And BullMQ's own worker takes them, in order, with their payloads.
  const seen: unknown[] = [];
  const worker = new Worker('trials', async (job) => void seen.push([job.id, job.data, job.opts.attempts]), {
    connection: { ...producerConnection(REDIS_URL), maxRetriesPerRequest: null, enableOfflineQueue: true },
    prefix: viaScript,
  });
  try {
    for (let i = 0; i < 200 && seen.length < all.length; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  } finally {
    await worker.close();
  }
  assert.deepEqual(
    seen,
    all.map((id) => [id, payload(id), 3]),
  );
});
