import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox, tinySpec } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

test('Ctrl-C stops cleanly (exit 130) and running again finishes only what is left', async () => {
  const spec = sandbox.spec('resume.yaml', tinySpec('resume', 2, 6));
  const child = sandbox.start(['run', spec, '--workers', '1']);
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('[1/6]')) resolve(); // the first trial is stored; interrupt during the second
    });
  });
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /interrupted: stopping running trials/);
  assert.match(stderr, /run the same command again to continue/);

  const before = JSON.parse((await sandbox.run(['results', 'resume', '--format', 'json'])).stdout) as {
    trials: { id: string; status: string; finishedAt: string | null }[];
  };
  const finished = before.trials.filter((t) => t.status === 'COMPLETED');
  assert.ok(finished.length >= 1 && finished.length < 6, `completed before resume: ${finished.length}`);
  assert.ok(
    before.trials.every((t) => t.status === 'COMPLETED' || t.status === 'PENDING'),
    'nothing left RUNNING',
  );

  const resumed = await sandbox.run(['run', spec]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(
    resumed.stderr,
    new RegExp(`6 trials, ${finished.length} already finished, ${6 - finished.length} to run`),
  );
  const afterRun = JSON.parse((await sandbox.run(['results', 'resume', '--format', 'json'])).stdout) as {
    trials: { id: string; status: string; finishedAt: string | null }[];
  };
  assert.ok(afterRun.trials.every((t) => t.status === 'COMPLETED'));
  for (const trial of finished) {
    // Not re-trained: same finish time as before the resume.
    assert.equal(afterRun.trials.find((t) => t.id === trial.id)?.finishedAt, trial.finishedAt);
  }
});
