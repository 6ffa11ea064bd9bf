import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox, tinySpec } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

async function storedSweep(): Promise<{ trialCount: number; spec: { seeds: number } }> {
  const sweeps = JSON.parse((await sandbox.run(['sweeps', '--format', 'json'])).stdout) as {
    name: string;
    trialCount: number;
    spec: { seeds: number };
  }[];
  const sweep = sweeps.find((candidate) => candidate.name === 'merge');
  assert.ok(sweep);
  return sweep;
}

// Issue 14, defect 5: a different spec under an existing name replaced the stored spec and merged two experiments.
test('run refuses a different spec under an existing sweep name unless --extend; both spec versions are kept', async () => {
  const first = sandbox.spec('one.yaml', tinySpec('merge', 1, 1));
  assert.equal((await sandbox.run(['run', first, '--workers', '1'])).code, 0);

  const changed = sandbox.spec('two.yaml', tinySpec('merge', 2, 1));
  const refused = await sandbox.run(['run', changed, '--workers', '1']);
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(
    refused.stderr.trim(),
    /^cellsweep: sweep "merge" already exists with a different spec \(changed: seeds\); to add this spec's trials to it, run again with --extend; to keep the experiments apart, give the spec another name$/,
  );
  assert.equal((await storedSweep()).trialCount, 3);
  assert.equal((await storedSweep()).spec.seeds, 1, 'the stored spec is not replaced');

  const extended = await sandbox.run(['run', changed, '--workers', '1', '--extend']);
  assert.equal(extended.code, 0, extended.stderr);
  assert.match(extended.stderr, /6 trials, 3 already finished, 3 to run/);
  const extendedSweep = await storedSweep();
  assert.equal(extendedSweep.trialCount, 6);
  assert.equal(extendedSweep.spec.seeds, 2);
});
