import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simulatedValLoss } from './simulated-trainer.js';
import { recorder, simulatedTrial, startSimulatedPool } from './test-support.js';

test('a trial aborted mid-way and resumed from its last checkpoint ends with the uninterrupted result', async () => {
  const pool = await startSimulatedPool(1);
  try {
    assert.equal(pool.backend, 'simulated');
    const config = simulatedTrial(5);
    const stop = new AbortController();
    const first = recorder({ checkpoints: true });
    const onEpoch = first.onEpoch;
    first.onEpoch = (report) => {
      onEpoch(report);
      if (report.epoch === 2) stop.abort();
    };
    const aborted = await pool.train(
      { trialId: 't1', config, hidden: 8, resumeFrom: null, signal: stop.signal },
      first,
    );
    assert.deepEqual(aborted, { kind: 'aborted' });
    const last = first.checkpoints.at(-1);
    assert.ok(
      last && last.epoch >= 2 && last.epoch < 5,
      `checkpoints: ${first.checkpoints.map((c) => c.epoch).join(', ')}`,
    );

    const second = recorder({ checkpoints: true });
    const resumed = await pool.train(
      { trialId: 't1', config, hidden: 8, resumeFrom: last.data, signal: new AbortController().signal },
      second,
    );
    assert.equal(resumed.kind, 'done');
    assert.deepEqual(
      second.epochs.map((row) => row.epoch),
      Array.from({ length: 5 - last.epoch }, (_, i) => last.epoch + 1 + i),
    );
    assert.equal(resumed.kind === 'done' ? resumed.result.valLoss : null, simulatedValLoss(11, 5));
  } finally {
    await pool.close();
  }
});
