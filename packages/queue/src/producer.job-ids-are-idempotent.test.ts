import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { JobProducer } from './producer.js';

const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}`;
let one: JobProducer;
let two: JobProducer;

before(async () => {
  one = await JobProducer.connect({ redisUrl: REDIS_URL, prefix });
  two = await JobProducer.connect({ redisUrl: REDIS_URL, prefix });
});
after(async () => {
  await one.queue('trials').obliterate({ force: true });
  await Promise.all([one.close(), two.close()]);
});

test('two producers adding the same job ids at once create each job once; lookups tell missing from present', async () => {
  const jobs = Array.from({ length: 500 }, (_, i) => ({
    jobId: `trial-${i}`,
    payload: { sweepId: 's', trialId: `trial-${i}` },
  }));
  await Promise.all([
    one.addBulk('trial.train', jobs, 100),
    two.addBulk('trial.train', jobs, 70),
    one.addBulk('trial.train', jobs.slice(0, 10)),
  ]);
  assert.equal((await one.counts('trials')).waiting, 500);
  const states = await two.finishedOrMissing('trials', ['trial-0', 'trial-499', 'nope']);
  assert.deepEqual([...states], [['nope', 'missing']]);
  assert.equal(await one.removeJobs('trials', ['trial-0', 'trial-1', 'nope']), 3);
  assert.equal((await one.counts('trials')).waiting, 498);
  assert.equal((await two.finishedOrMissing('trials', ['trial-0'])).get('trial-0'), 'missing');
});

test('a payload that does not match the catalog is refused before it reaches Redis', async () => {
  await assert.rejects(one.add('trial.train', { sweepId: 's' } as never), /trialId/);
});
