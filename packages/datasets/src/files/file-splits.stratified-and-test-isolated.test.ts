import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesOf } from '../test-helpers.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, jsonLines, makeSequences, tempDir, wideCsv, writeData, type Sequences } from './test-files.js';

async function build(name: string, text: string, options: Record<string, unknown> = {}) {
  const path = writeData(tempDir(), name, text);
  const task = fileTask({ path, ...options });
  return buildFileDataset(path, task, await readDataFile(path, task));
}

test('random splits are stratified: each class is split by the fractions, rounded per class', async () => {
  const data = makeSequences(200, 4, 1);
  const { report } = await build('d.jsonl', jsonLines(data), { validationFraction: 0.2, testFraction: 0.1 });
  const classes = report.summary.classes ?? [];
  classes.forEach((label, c) => {
    const total = data.y.filter((y) => y === label).length;
    assert.equal(report.classCounts?.test[c], Math.round(total * 0.1), label);
    assert.equal(report.classCounts?.validation[c], Math.round(total * 0.2), label);
    assert.equal(report.classCounts?.train[c], total - Math.round(total * 0.1) - Math.round(total * 0.2), label);
  });
});

test('the split is seeded by splitSeed: same seed same split, another seed another', async () => {
  const text = jsonLines(makeSequences(100, 4, 1));
  const a = (await build('d.jsonl', text)).dataset;
  const b = (await build('d.jsonl', text)).dataset;
  const c = (await build('d.jsonl', text, { splitSeed: 1 })).dataset;
  assert.ok(bytesOf(a.test.x).equals(bytesOf(b.test.x)));
  assert.ok(!bytesOf(a.test.x).equals(bytesOf(c.test.x)));
});

test("the user's split column decides, in file order", async () => {
  const data: Sequences = { ...makeSequences(12, 3, 1), split: [] };
  data.split = data.y.map((_, n) => (n < 8 ? 'train' : n < 10 ? 'validation' : 'test'));
  const { dataset, report } = await build('d.csv', wideCsv(data), { splitColumn: 'split', standardize: false });
  assert.deepEqual(report.splitSizes, { train: 8, validation: 2, test: 2 });
  assert.deepEqual(
    Array.from(dataset.test.x),
    [...(data.x[10]?.flat() ?? []), ...(data.x[11]?.flat() ?? [])].map(Math.fround),
  );
});

test('changing only test rows leaves train and validation byte-identical (scaling comes from training)', async () => {
  const data = makeSequences(90, 5, 2);
  const { dataset: before } = await build('d.jsonl', jsonLines(data));
  // The split depends on order and labels only: a copy whose values are the row numbers shows who is in test.
  const probe = await build('p.jsonl', jsonLines({ ...data, x: data.x.map((_, n) => [[n, 0]]) }), {
    standardize: false,
  });
  const testRows = new Set(
    Array.from({ length: probe.dataset.test.count }, (_, n) => probe.dataset.test.x[n * 2] as number),
  );
  assert.equal(testRows.size, before.test.count);
  const perturbed = {
    ...data,
    x: data.x.map((sequence, n) =>
      testRows.has(n) ? sequence.map((step) => step.map((v) => v * 1000 + 7)) : sequence,
    ),
  };
  const { dataset: after } = await build('d.jsonl', jsonLines(perturbed));
  for (const split of ['train', 'validation'] as const)
    assert.ok(bytesOf(after[split].x).equals(bytesOf(before[split].x)), split);
  assert.ok(!bytesOf(after.test.x).equals(bytesOf(before.test.x)));
});
