import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { openStore } from '@cellsweep/store';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

const CELLS = ['gru', 'lstm', 'rnn'];
const RATES = [0.001, 0.01, 0.1];
/** Validation loss: the learning rate moves it by 1 per step of the grid, the cell by 0.1: rate ≫ cell. */
const valLossOf = (cell: number, rate: number, seed: number): number => 1 + rate + 0.1 * cell + 0.001 * seed;

before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    for (const name of ['two-fields', 'one-field']) {
      const sweep = await store.upsertSweep({ name, spec: { name }, specHash: name });
      const rates = name === 'two-fields' ? RATES : [0.01];
      const trials = CELLS.flatMap((cell, c) =>
        rates.flatMap((learningRate, r) =>
          [0, 1, 2, 3].map((seed) => ({
            id: `${name}-${cell}-${r}-${seed}`,
            configKey: `${cell}-${r}-${seed}`,
            ordinal: (c * 3 + r) * 4 + seed,
            cell,
            hidden: 8,
            layers: 1,
            paramBudget: 1000,
            paramCount: 1000 + c,
            seed,
            config: { task: { dataset: 'adding', sequenceLength: 10 }, cell, seed, training: { learningRate } },
            valLoss: valLossOf(c, r, seed),
          })),
        ),
      );
      await store.addTrials(
        sweep.id,
        trials.map(({ valLoss: _valLoss, ...trial }) => trial),
      );
      for (const trial of trials) {
        const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
        await store.completeTrial(trial.id, {
          attempt,
          wallTimeMs: 10,
          epochsRun: 1,
          bestEpoch: 1,
          trainLoss: 0.2,
          valLoss: trial.valLoss,
          testLoss: trial.valLoss,
        });
      }
    }
  } finally {
    await store.close();
  }
});

interface Importance {
  task: string;
  trials: number;
  fields: { field: string; importance: number; normalized: number }[];
  interactions: { fields: string[]; importance: number }[];
}

test('compare --format json ranks the learning rate far above the cell, and the table shows the same', async () => {
  const json = await sandbox.run(['compare', 'two-fields', '--format', 'json', '--resamples', '200']);
  assert.equal(json.code, 0, json.stderr);
  const { analysis } = JSON.parse(json.stdout) as { analysis: { importance: Importance[] } };
  assert.equal(analysis.importance.length, 1);
  const [result] = analysis.importance as [Importance];
  assert.equal(result.trials, 36);
  assert.deepEqual(
    result.fields.map((f) => f.field),
    ['learningRate', 'cell'],
  );
  const [rate, cell] = result.fields as [Importance['fields'][0], Importance['fields'][0]];
  // Exact fANOVA of the grid's means: V_rate = 2/3, V_cell = 0.02/3 → 0.990 and 0.0099 of the variance.
  assert.ok(rate.importance > 0.95 && cell.importance < 0.03 && cell.importance > 0.001, JSON.stringify(result.fields));
  assert.ok(Math.abs(rate.normalized + cell.normalized - 1) < 1e-12);

  const table = await sandbox.run(['compare', 'two-fields', '--resamples', '200']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /Hyperparameter importance for validation loss \(adding\(sequenceLength=10\)\)/);
  const line = table.stdout.split('\n').find((text) => text.startsWith('learningRate'));
  assert.match(line ?? '', /^learningRate\s+3\s+9\d\.\d% ± \d+\.\d%\s+9\d\.\d%$/);
});

test('a sweep where only the cell varies has no importance section', async () => {
  const json = await sandbox.run(['compare', 'one-field', '--format', 'json', '--resamples', '200']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual((JSON.parse(json.stdout) as { analysis: { importance: unknown[] } }).analysis.importance, []);
  const table = await sandbox.run(['compare', 'one-field', '--resamples', '200']);
  assert.doesNotMatch(table.stdout, /Hyperparameter importance/);
});
