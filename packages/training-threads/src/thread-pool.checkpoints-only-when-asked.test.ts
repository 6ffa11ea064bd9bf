import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recorder, simulatedTrial, startSimulatedPool } from './test-support.js';

test('a thread captures a checkpoint per epoch only for a caller that listens (the embedded runner does not)', async () => {
  const pool = await startSimulatedPool(2, { epochMs: 8 });
  try {
    const signal = new AbortController().signal;
    const kept = recorder({ checkpoints: true });
    const ignored = recorder({ checkpoints: false });
    const [withCheckpoints, without] = await Promise.all([
      pool.train({ trialId: 'kept', config: simulatedTrial(3), hidden: 8, resumeFrom: null, signal }, kept),
      pool.train({ trialId: 'ignored', config: simulatedTrial(3), hidden: 8, resumeFrom: null, signal }, ignored),
    ]);
    assert.deepEqual(
      kept.checkpoints.map((checkpoint) => checkpoint.epoch),
      [1, 2, 3],
    );
    assert.equal(ignored.checkpoints.length, 0);
    assert.equal(ignored.epochs.length, 3);
    const result = (outcome: typeof without) =>
      outcome.kind === 'done' ? { ...outcome.result, wallTimeMs: 0 } : outcome;
    assert.deepEqual(result(without), result(withCheckpoints));
  } finally {
    await pool.close();
  }
});
