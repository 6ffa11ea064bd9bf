import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConsumer, JobProducer, type Worker } from '@cellsweep/queue';
import { StoreUnavailableError } from './errors.js';
import { StoreGate } from './store-gate.js';

const REDIS = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let producer: JobProducer;
let prefix: string;
before(async () => {
  prefix = `test-${randomUUID()}`;
  producer = await JobProducer.connect({ redisUrl: REDIS, prefix });
});
after(async () => {
  await producer.queue('trials').obliterate({ force: true });
  await producer.close();
});

/** A real BullMQ consumer whose deliveries all fail the way a store outage makes them fail. */
function gatedConsumer(storeAnswers: () => boolean, lines: string[]): { consumer: Worker; gate: StoreGate } {
  const gate: StoreGate = new StoreGate({
    probe: async () => {
      if (!storeAnswers()) throw new Error("Can't reach database server at 127.0.0.1:1");
    },
    pause: (): Promise<void> => consumer.pause(true),
    resume: (): Promise<void> => consumer.resume(),
    log: (line) => lines.push(line),
    healthyIntervalMs: 60_000,
    downIntervalMs: 100,
  });
  const consumer: Worker = createConsumer(
    'trials',
    {
      'trial.train': gate.guard(async () => {
        if (storeAnswers())
          throw new StoreUnavailableError('completeTrial', 3, 2_000, new Error('value too long for type'));
        throw new StoreUnavailableError(
          'startAttempt',
          5,
          2_000,
          new Error("Can't reach database server at 127.0.0.1:1"),
        );
      }),
    },
    { redisUrl: REDIS, prefix, concurrency: 1, lockDurationMs: 5_000 },
  );
  return { consumer, gate };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('store unreachable: the job is handed back with no attempt spent and the worker pauses until the store answers', async () => {
  let answers = false;
  const lines: string[] = [];
  const { consumer, gate } = gatedConsumer(() => answers, lines);
  gate.start();
  try {
    await producer.add('trial.train', { sweepId: 's', trialId: 'down' }, { jobId: 'down' });
    const job = async () => producer.queue('trials').getJob('down');
    await until('the hand-back', async () => (await (await job())?.getState()) === 'delayed');
    assert.equal((await job())?.attemptsMade, 0);
    assert.equal(gate.isOpen, false);
    assert.equal(consumer.isPaused(), true, 'no more jobs taken');
    assert.ok(
      lines.includes(
        "store unreachable (Can't reach database server at 127.0.0.1:1): not taking jobs until it answers",
      ),
      lines.join('\n'),
    );
    await sleep(1_500); // past the 1 s hand-back delay: still not taken, the worker is paused
    assert.equal((await job())?.attemptsMade, 0);
    assert.ok(['delayed', 'waiting'].includes((await (await job())?.getState()) ?? ''), 'not taken again');

    answers = true; // from now on deliveries fail although the store answers
    await until('the gate to reopen', async () => gate.isOpen && !consumer.isPaused());
    assert.ok(lines.includes('store answers again: taking jobs'));
    await until('the delivery to fail', async () => ((await job())?.attemptsMade ?? 0) > 0);
  } finally {
    await gate.stop();
    await consumer.close();
  }
});

test('a write that fails while the store answers is not an outage: it spends an attempt, as before', async () => {
  const lines: string[] = [];
  const { consumer, gate } = gatedConsumer(() => true, lines);
  try {
    await producer.add('trial.train', { sweepId: 's', trialId: 'bad-write' }, { jobId: 'bad-write' });
    await until(
      'the failed delivery',
      async () => ((await producer.queue('trials').getJob('bad-write'))?.attemptsMade ?? 0) === 1,
    );
    assert.equal(gate.isOpen, true);
    assert.equal(consumer.isPaused(), false);
    assert.deepEqual(lines, []);
  } finally {
    await gate.stop();
    await consumer.close();
  }
});
