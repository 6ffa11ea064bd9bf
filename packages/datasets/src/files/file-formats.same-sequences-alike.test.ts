import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitScaling } from './standardize.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, jsonLines, longCsv, makeSequences, tempDir, wideCsv, writeData } from './test-files.js';
import { bytesOf } from '../test-helpers.js';

const data = makeSequences(40, 6, 3);

async function load(name: string, text: string, options: Record<string, unknown>) {
  const path = writeData(tempDir(), name, text);
  const task = fileTask({ path, ...options });
  return buildFileDataset(path, task, await readDataFile(path, task)).dataset;
}

test('wide CSV, long CSV (rows shuffled) and JSON Lines of the same sequences give byte-identical splits', async () => {
  const wide = await load('wide.csv', wideCsv(data), { inputSize: 3 });
  const long = await load('long.csv', longCsv(data), { layout: 'long' });
  const jsonl = await load('data.jsonl', jsonLines(data), {});
  for (const other of [long, jsonl]) {
    assert.deepEqual(
      other.task.dataset === 'file' && other.task.summary,
      wide.task.dataset === 'file' && wide.task.summary,
    );
    for (const split of ['train', 'validation', 'test'] as const) {
      assert.ok(bytesOf(other[split].x).equals(bytesOf(wide[split].x)), split);
      assert.ok(bytesOf(other[split].y as Int32Array).equals(bytesOf(wide[split].y as Int32Array)), split);
    }
  }
  assert.equal(wide.inputSize, 3);
  assert.equal(wide.sequenceLength, 6);
  assert.deepEqual(wide.target, { kind: 'classification', classes: 3 });
  assert.equal(wide.train.count + wide.validation.count + wide.test.count, 40);
});

test('features are standardised with the training split only: train has mean 0 and std 1 per feature', async () => {
  const dataset = await load('data.jsonl', jsonLines(data), {});
  const { train, test: held } = dataset;
  const rows = Array.from({ length: train.count }, (_, n) => train.x.subarray(n * 18, (n + 1) * 18));
  const { mean, std } = fitScaling(rows, 3);
  for (let f = 0; f < 3; f++) {
    assert.ok(Math.abs(mean[f] as number) < 1e-6, `mean ${mean[f]}`);
    assert.ok(Math.abs((std[f] as number) - 1) < 1e-5, `std ${std[f]}`);
  }
  // The test split is scaled with the training statistics, not its own: its mean is not pinned to 0.
  const testRows = Array.from({ length: held.count }, (_, n) => held.x.subarray(n * 18, (n + 1) * 18));
  assert.ok([0, 1, 2].some((f) => Math.abs(fitScaling(testRows, 3).mean[f] as number) > 1e-3));
});

test('unscaled values pass through exactly when standardize is false', async () => {
  const dataset = await load('data.jsonl', jsonLines(data), {
    standardize: false,
    validationFraction: 0.2,
    testFraction: 0.2,
  });
  const all = new Set(data.x.map((sequence) => Float32Array.from(sequence.flat()).join(',')));
  for (let n = 0; n < dataset.train.count; n++)
    assert.ok(all.has(dataset.train.x.subarray(n * 18, (n + 1) * 18).join(',')));
});

test('regression targets: numbers, standardised with the training split; R² is the primary metric', async () => {
  const numeric = { ...data, y: data.x.map((sequence) => (sequence[5]?.[0] ?? 0) * 2) };
  const dataset = await load('reg.jsonl', jsonLines(numeric), { kind: 'regression' });
  assert.deepEqual(dataset.target, { kind: 'regression', outputSize: 1 });
  assert.equal(dataset.metric, 'r2');
  assert.deepEqual(dataset.testMetrics, ['r2', 'mse']);
  const y = dataset.train.y as Float32Array;
  const mean = y.reduce((sum, value) => sum + value, 0) / y.length;
  assert.ok(Math.abs(mean) < 1e-6);
});
