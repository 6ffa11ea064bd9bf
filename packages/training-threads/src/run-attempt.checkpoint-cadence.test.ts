import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckpointSchedule, type CheckpointCadence } from './checkpoint-cadence.js';
import { runAttempt, type AttemptDeps } from './run-attempt.js';
import { simulatedTrial, useAttemptRig } from './test-support.js';

// The checkpoint cadence against a real (PGlite) store and simulated 30 ms epochs: which checkpoints reach the rig.store.
const rig = useAttemptRig();

const newTrial = (epochs: number, keepsCheckpoint = false): Promise<string> =>
  rig.newTrial(simulatedTrial(epochs), { keepsCheckpoint });

/** Deps whose checkpoint writes are also recorded (epoch, bytes), in the order they were made. */
function deps(cadence: CheckpointCadence): AttemptDeps & { saved: number[] } {
  const saved: number[] = [];
  const writes = rig.writes();
  return {
    saved,
    checkpoints: cadence,
    train: (request, handlers) => rig.pool.train(request, handlers),
    writes: {
      ...writes,
      saveCheckpoint: (id, attempt, checkpoint) => {
        saved.push(checkpoint.epoch);
        return writes.saveCheckpoint(id, attempt, checkpoint);
      },
    },
  };
}

const HOUR = { minIntervalMs: 3_600_000, maxBytesPerSec: null };

test('a long interval stores no checkpoint while training, and the held one when the attempt is stopped', async () => {
  const id = await newTrial(8);
  const stop = new AbortController();
  const run = deps(HOUR);
  const ending = await runAttempt(run, id, stop.signal, { epoch: (row) => row.epoch === 3 && stop.abort() });
  assert.equal(ending.kind, 'aborted');
  // The newest checkpoint held when the abort landed: epoch 3's (it follows its epoch row) or a later one.
  assert.equal(run.saved.length, 1, 'one write, at hand-back');
  assert.ok((run.saved[0] ?? 0) >= 3, `epoch ${run.saved[0]}`);
  assert.equal((await rig.store.findCheckpoint(id))?.epoch, run.saved[0]);

  const again = deps(HOUR);
  assert.equal((await runAttempt(again, id, new AbortController().signal)).kind, 'completed');
  assert.deepEqual(again.saved, [], 'a plain trial that completes stores none');
  assert.deepEqual(
    (await rig.store.listEpochs(id)).map((row) => row.epoch),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  assert.equal(await rig.store.findCheckpoint(id), null);
});

test('an ASHA rung below the top stores its last epoch whatever the interval and keeps it after completing', async () => {
  const id = await newTrial(4, true);
  const run = deps(HOUR);
  assert.equal((await runAttempt(run, id, new AbortController().signal)).kind, 'completed');
  assert.deepEqual(run.saved, [4]);
  assert.equal((await rig.store.findCheckpoint(id))?.epoch, 4);
});

test('every epoch with interval 0 (what the kill-and-resume tests use)', async () => {
  const id = await newTrial(4);
  const run = deps({ minIntervalMs: 0, maxBytesPerSec: null });
  assert.equal((await runAttempt(run, id, new AbortController().signal)).kind, 'completed');
  assert.deepEqual(run.saved, [1, 2, 3, 4]);
});

test('the schedule: the interval, stretched for a checkpoint bigger than the byte rate allows in it', () => {
  const schedule = new CheckpointSchedule({ minIntervalMs: 1_000, maxBytesPerSec: 1_000_000 }, 0);
  assert.equal(schedule.due(999), false);
  assert.equal(schedule.due(1_000), true);
  schedule.written(1_000, 500_000); // 0.5 s of the byte budget: the 1 s interval rules
  assert.equal(schedule.due(1_999), false);
  assert.equal(schedule.due(2_000), true);
  schedule.written(2_000, 3_000_000); // 3 s of the byte budget
  assert.equal(schedule.due(4_999), false);
  assert.equal(schedule.due(5_000), true);
});
