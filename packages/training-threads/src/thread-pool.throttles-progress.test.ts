import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NoIdleThreadError } from './errors.js';
import { recorder, simulatedTrial, startSimulatedPool } from './test-support.js';

test('progress is throttled to the setup interval, but the last batch of every epoch goes through', async () => {
  // The simulated trainer runs 4 batches per epoch, 10 ms apart here.
  const slow = await startSimulatedPool(1, { epochMs: 40, progressIntervalMs: 60_000 });
  const fast = await startSimulatedPool(1, { epochMs: 40, progressIntervalMs: 0 });
  try {
    const signal = new AbortController().signal;
    const throttled = recorder({ checkpoints: false });
    const unthrottled = recorder({ checkpoints: false });
    await Promise.all([
      slow.train({ trialId: 'slow', config: simulatedTrial(3), hidden: 8, resumeFrom: null, signal }, throttled),
      fast.train({ trialId: 'fast', config: simulatedTrial(3), hidden: 8, resumeFrom: null, signal }, unthrottled),
    ]);
    // The first report of a trial always passes (nothing was sent yet); after that only epoch ends.
    assert.deepEqual(
      throttled.progress.map((p) => `${p.epoch}.${p.batch}`),
      ['1.1', '1.4', '2.4', '3.4'],
    );
    assert.equal(unthrottled.progress.length, 12);
  } finally {
    await Promise.all([slow.close(), fast.close()]);
  }
});

test('a pool refuses a trial when all its threads are busy', async () => {
  const pool = await startSimulatedPool(1);
  try {
    const signal = new AbortController().signal;
    const running = pool.train(
      { trialId: 'a', config: simulatedTrial(1), hidden: 8, resumeFrom: null, signal },
      recorder({ checkpoints: false }),
    );
    await assert.rejects(
      pool.train(
        { trialId: 'b', config: simulatedTrial(1), hidden: 8, resumeFrom: null, signal },
        recorder({ checkpoints: false }),
      ),
      NoIdleThreadError,
    );
    assert.equal((await running).kind, 'done');
  } finally {
    await pool.close();
  }
});
