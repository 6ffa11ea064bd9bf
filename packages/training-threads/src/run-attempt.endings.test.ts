import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAttempt, type AttemptDeps } from './run-attempt.js';
import { simulatedTrial, useAttemptRig } from './test-support.js';

// runAttempt against a real (PGlite) store and simulated training threads: each ending, and what it leaves stored.
const rig = useAttemptRig();
const newTrial = (config: object): Promise<string> => rig.newTrial(config);

function deps(): AttemptDeps & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (line) => void lines.push(line),
    train: (request, handlers) => rig.pool.train(request, handlers),
    writes: rig.writes(),
  };
}

test('stopped, then run again: the second attempt resumes from the checkpoint and completes the trial', async () => {
  const id = await newTrial(simulatedTrial(6));
  const stop = new AbortController();
  const stopped = await runAttempt(deps(), id, stop.signal, {
    epoch: (row) => row.epoch === 2 && stop.abort(),
  });
  assert.deepEqual(stopped, { kind: 'aborted', trialId: id, attempt: 1 });
  assert.equal((await rig.store.getTrial(id)).status, 'RUNNING');
  const leftAt = (await rig.store.findCheckpoint(id))?.epoch ?? 0;
  assert.ok(leftAt >= 2, `checkpoint of epoch ${leftAt}`);

  const again = deps();
  const done = await runAttempt(again, id, new AbortController().signal);
  assert.equal(done.kind, 'completed');
  assert.match(again.lines.join('\n'), new RegExp(`attempt 2 started from the checkpoint of epoch ${leftAt}`));
  const trial = await rig.store.getTrial(id);
  assert.equal(trial.status, 'COMPLETED');
  assert.deepEqual(
    (await rig.store.listEpochs(id)).map((row) => row.epoch),
    [1, 2, 3, 4, 5, 6],
  );
});

test('a finished trial is skipped; a bad stored config fails the trial naming the field', async () => {
  const id = await newTrial(simulatedTrial(1));
  assert.equal((await runAttempt(deps(), id, new AbortController().signal)).kind, 'completed');
  assert.deepEqual(await runAttempt(deps(), id, new AbortController().signal), { kind: 'skipped', trialId: id });

  const bad = await newTrial({ ...simulatedTrial(1), layers: 0 });
  const ending = await runAttempt(deps(), bad, new AbortController().signal);
  assert.equal(ending.kind, 'failed');
  const error = (await rig.store.getTrial(bad)).error ?? '';
  assert.match(error, /^TrialConfigError: trial \S+: invalid trial configuration.*\n {2}- layers: /s);
});

test('a newer attempt fences the running one out: it stops and is superseded, writing nothing more', async () => {
  const id = await newTrial(simulatedTrial(8));
  const ending = await runAttempt(deps(), id, new AbortController().signal, {
    // Another runner starts the trial (a redelivered job): attempt 2 owns it from here.
    epoch: (row) => row.epoch === 2 && void rig.store.startAttempt(id, { backend: 'other' }),
  });
  assert.equal(ending.kind, 'superseded');
  const trial = await rig.store.getTrial(id);
  assert.equal(trial.status, 'RUNNING');
  assert.ok(trial.attempt >= 2);
  assert.ok((await rig.store.listEpochs(id)).every((row) => row.attempt === 1 && row.epoch <= 3));
});
