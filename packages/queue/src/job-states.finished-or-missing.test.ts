import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { UnrecoverableError, Worker } from 'bullmq';
import { consumerConnection } from './connection.js';
import { JobProducer } from './producer.js';

const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
let producer: JobProducer;

before(async () => (producer = await JobProducer.connect({ redisUrl: REDIS_URL, prefix })));
after(async () => {
  await producer.queue('trials').obliterate({ force: true });
  await producer.close();
});

test('finishedOrMissing names missing, completed and failed jobs and leaves live ones out, across chunks', async () => {
  const job = (trialId: string) => ({ jobId: trialId, payload: { sweepId: 's', trialId } });
  await producer.addBulk('trial.train', [job('done-1'), job('broken-1')]);
  const worker = new Worker(
    'trials',
    async (delivery) => {
      if (delivery.id === 'broken-1') throw new UnrecoverableError('bad config');
    },
    { connection: consumerConnection(REDIS_URL), prefix },
  );
  try {
    for (let i = 0; i < 200; i++) {
      const counts = await producer.counts('trials');
      if (counts.completed === 1 && counts.failed === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await worker.close();
  }
  const live = Array.from({ length: 7 }, (_, i) => `live-${i}`);
  await producer.addBulk('trial.train', live.map(job));

  const asked = ['gone-1', ...live.slice(0, 3), 'done-1', ...live.slice(3), 'broken-1', 'gone-2'];
  for (const chunkSize of [1, 3, 5_000]) {
    const states = await producer.finishedOrMissing('trials', asked, chunkSize);
    assert.deepEqual(
      Object.fromEntries([...states].sort(([a], [b]) => a.localeCompare(b))),
      { 'broken-1': 'failed', 'done-1': 'completed', 'gone-1': 'missing', 'gone-2': 'missing' },
      `chunks of ${chunkSize}`,
    );
  }
});
