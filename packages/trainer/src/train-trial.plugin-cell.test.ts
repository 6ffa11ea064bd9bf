// A plugin cell trains through the same trainer as the built-in cells, and a plugin whose formula is not what
// tfjs builds fails before the first step (ParamCountMismatchError), so budgets never compare unequal sizes.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, validateSweepSpec, type TaskSpec } from '@cellsweep/core';
import { resolveDataFiles } from '@cellsweep/datasets';
import {
  loadCellPlugins,
  ParamCountMismatchError,
  registerCellPlugin,
  UnknownCellPluginError,
} from '@cellsweep/models';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport } from './train-trial.js';

before(useWasm);

const MGU_MODULE = new URL('../../../examples/own-data/plugins/mgu/index.mjs', import.meta.url).pathname;

test('the example mgu plugin trains on the adding problem and reports the count its formula gives', async () => {
  await loadCellPlugins([MGU_MODULE]);
  const epochs: EpochReport[] = [];
  const config = tinyTrial({ cell: 'plugin:mgu' });
  const result = await trainTrial({ config, hidden: 8, onEpoch: (row) => void epochs.push(row) });
  assert.equal(epochs.length, 4);
  assert.ok((epochs.at(-1)?.trainLoss ?? Infinity) < (epochs[0]?.trainLoss ?? 0), 'training loss fell');
  // adding: inputSize 2, one regression output; 2·(8·(2+8)+8) + 8·1 + 1.
  assert.equal(result.paramCount, 2 * (8 * (2 + 8) + 8) + 8 + 1);
});

test('the mgu plugin trains on a ragged JSON Lines file: padded, bucketed, read out at each last step', async () => {
  await loadCellPlugins([MGU_MODULE]);
  // 240 sequences of 2-12 steps; the label is the sign of the sum of the first feature over the real steps.
  const rng = createRng(8);
  const lines = Array.from({ length: 240 }, () => {
    const x = Array.from({ length: 2 + rng.int(11) }, () => [Math.round(rng.normal() * 100) / 100, rng.int(2)]);
    return JSON.stringify({ x, y: x.reduce((sum, step) => sum + (step[0] as number), 0) > 0 ? 'pos' : 'neg' });
  });
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-mgu-ragged-'));
  writeFileSync(join(dir, 'ragged.jsonl'), lines.join('\n'));
  const spec = validateSweepSpec({
    name: 'mgu-ragged',
    task: { dataset: 'file', path: 'ragged.jsonl', kind: 'classification' },
    cells: 'gru',
    hidden: 8,
  });
  const task = (await resolveDataFiles(spec, dir)).spec.task[0] as TaskSpec;
  assert.equal((task as { summary?: { minLength?: number } }).summary?.minLength, 2, 'the file is ragged');
  const epochs: EpochReport[] = [];
  const training = { ...tinyTrial().training, epochs: 12 };
  const config = tinyTrial({ cell: 'plugin:mgu', training }, task);
  const result = await trainTrial({ config, hidden: 8, onEpoch: (row) => void epochs.push(row) });
  assert.ok((epochs.at(-1)?.trainLoss ?? Infinity) < (epochs[0]?.trainLoss ?? 0) * 0.8, 'training loss fell by 20%');
  assert.ok(result.testMetric > 0.6, `test accuracy ${result.testMetric} above chance`);
  // inputSize 2, two classes: 2·(8·(2+8)+8) + 8·2 + 2.
  assert.equal(result.paramCount, 2 * (8 * (2 + 8) + 8) + 8 * 2 + 2);
});

test('a plugin whose formula misses a parameter fails the trial before training, with both counts', async () => {
  const before = tf.memory().numTensors;
  registerCellPlugin(
    {
      name: 'off-by-one',
      // A SimpleRNN layer has H·(I + H) + H (28 at I = 2, H = 4; the head adds 5); this formula forgets one.
      layerParamCount: (inputSize: number, hidden: number) => hidden * (inputSize + hidden) + hidden - 1,
      createLayer: (tfjs: typeof tf, options: { units: number; returnSequences: boolean; name: string }) =>
        tfjs.layers.simpleRNN({ units: options.units, returnSequences: options.returnSequences, name: options.name }),
    },
    'test',
  );
  await assert.rejects(
    trainTrial({ config: tinyTrial({ cell: 'plugin:off-by-one' }), hidden: 4 }),
    (error: unknown) =>
      error instanceof ParamCountMismatchError &&
      /cell "plugin:off-by-one": its parameter formula gives 32 but the model built has 33/.test(error.message),
  );
  assert.equal(tf.memory().numTensors, before, 'the refused model was disposed');
});

test('a trial naming a plugin this process has not loaded fails naming CELLSWEEP_PLUGINS', async () => {
  await assert.rejects(
    trainTrial({ config: tinyTrial({ cell: 'plugin:not-installed' }), hidden: 4 }),
    (error: unknown) => error instanceof UnknownCellPluginError && /CELLSWEEP_PLUGINS/.test(error.message),
  );
});
