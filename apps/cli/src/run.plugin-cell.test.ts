// A plugin cell end to end in the embedded runner: the operator's CELLSWEEP_PLUGINS lets plan and run use
// `plugin:mgu` (training threads load it too); without it, or with a path in the spec, nothing is planned or stored.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

const MGU_MODULE = fileURLToPath(new URL('../../../examples/own-data/plugins/mgu/index.mjs', import.meta.url));
const WITH_MGU = { CELLSWEEP_PLUGINS: MGU_MODULE };

const spec = (cells: string): string =>
  [
    'name: mgu-e2e',
    'task: { dataset: adding, sequenceLength: 8, trainSize: 128, validationSize: 32, testSize: 32 }',
    `cells: ${cells}`,
    'paramBudget: 300',
    'training: { epochs: 2, batchSize: 32 }',
  ].join('\n');

test('a sweep with a plugin cell plans and runs to the end, sized by the plugin at the budget', async () => {
  const specPath = sandbox.spec('mgu.yaml', spec('[plugin:mgu, gru]'));
  const plan = await sandbox.run(['plan', specPath], WITH_MGU);
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /plugin:mgu/);

  const run = await sandbox.run(['run', specPath, '--workers', '1'], WITH_MGU);
  assert.equal(run.code, 0, run.stderr);
  const results = await sandbox.run(['results', 'mgu-e2e', '--format', 'json'], WITH_MGU);
  const { trials } = JSON.parse(results.stdout) as {
    trials: { cell: string; status: string; hidden: number; paramCount: number }[];
  };
  const mgu = trials.find((trial) => trial.cell === 'plugin:mgu');
  assert.ok(mgu, results.stdout);
  assert.deepEqual(
    trials.map((trial) => trial.status),
    ['COMPLETED', 'COMPLETED'],
  );
  // adding: 2 features in, 1 output; the MGU's whole model is 2·(H·(2 + H) + H) + H + 1.
  assert.equal(mgu.paramCount, 2 * (mgu.hidden * (2 + mgu.hidden) + mgu.hidden) + mgu.hidden + 1);
  assert.ok(Math.abs(mgu.paramCount - 300) <= 2 * (2 * mgu.hidden + 2) + 1, `${mgu.paramCount} is the closest to 300`);
});

test('without CELLSWEEP_PLUGINS the spec is refused before anything is planned, naming the setting', async () => {
  const specPath = sandbox.spec('unknown.yaml', spec('[plugin:mgu, gru]').replace('mgu-e2e', 'mgu-unknown'));
  const run = await sandbox.run(['run', specPath]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /cells: cell "plugin:mgu" is not loaded on this machine \(loaded plugins: none\).*CELLSWEEP_PLUGINS/,
  );
  const sweeps = await sandbox.run(['sweeps', '--format', 'json']);
  assert.doesNotMatch(sweeps.stdout, /mgu-unknown/);
});

test('a spec naming a module path instead of a plugin name is refused even where the module is allowed', async () => {
  const specPath = sandbox.spec('path.yaml', spec(`[gru, "plugin:${MGU_MODULE}"]`));
  const plan = await sandbox.run(['plan', specPath], WITH_MGU);
  assert.equal(plan.code, 1);
  assert.match(
    plan.stderr,
    /cells\[1\]: ".*" looks like a path or a package; a spec names a plugin cell as plugin:<name>/,
  );
});
