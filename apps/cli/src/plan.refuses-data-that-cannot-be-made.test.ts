import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Issue 14, defect 19: plan accepted specs whose every trial then failed at `run` ("COMPLETED" with loss 1e20 for
// noise 1e10).
test('plan and run refuse a spec whose data cannot be made, naming the spec, the field and the limit', async () => {
  const spam = sandbox.spec(
    'spam.yaml',
    'name: big-spam\ntask: { dataset: spam, trainSize: 9000 }\ncells: [rnn]\nhidden: 4\n',
  );
  for (const command of ['plan', 'run']) {
    const result = await sandbox.run([command, spam]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr.trim(),
      /^cellsweep: .*spam\.yaml: the data cannot be made: task\.trainSize: 9,000 exceeds the 4,\d{3} e-mails available for training$/,
    );
  }
  const sweeps = await sandbox.run(['sweeps', '--format', 'json']);
  assert.deepEqual(JSON.parse(sweeps.stdout), [], 'nothing was stored');

  const noise = sandbox.spec(
    'noise.yaml',
    'name: loud\ntask: { dataset: mackey-glass, noise: 1e10 }\ncells: [rnn]\nhidden: 4\n',
  );
  const refused = await sandbox.run(['plan', noise]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /task\.noise: at most 1/);
});
