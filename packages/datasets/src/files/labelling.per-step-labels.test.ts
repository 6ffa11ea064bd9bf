import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesOf } from '../test-helpers.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, makeSequences, tempDir, writeData } from './test-files.js';

const data = makeSequences(30, 4, 2, 3);
/** Each step's label: whether its first feature is above 5. */
const labels = data.x.map((sequence) => sequence.map((step) => ((step[0] ?? 0) > 5 ? 'hi' : 'lo')));

async function build(name: string, text: string, options: Record<string, unknown> = {}) {
  const path = writeData(tempDir(), name, text);
  const task = fileTask({ path, kind: 'labelling', ...options });
  return buildFileDataset(path, task, await readDataFile(path, task));
}

test('labels per step from JSON Lines (y a list) and long CSV (a target per row) give the same splits', async () => {
  const jsonl = data.x.map((x, n) => JSON.stringify({ x, y: labels[n] })).join('\n');
  const rows = data.x.flatMap((sequence, n) =>
    sequence.map((step, t) => [`s${n}`, t, ...step, labels[n]?.[t]].join(',')),
  );
  const csv = `sequence,step,a,b,y\n${rows.join('\n')}\n`;
  const fromJson = await build('d.jsonl', jsonl, { standardize: false });
  const fromCsv = await build('d.csv', csv, { layout: 'long' });
  const { dataset, report } = fromJson;
  assert.deepEqual(dataset.target, { kind: 'sequence-classification', classes: 2 });
  assert.equal(dataset.metric, 'token-accuracy');
  assert.deepEqual(report.summary.classes, ['hi', 'lo']);
  // Steps per class over all splits add up to every step of every sequence.
  const counted = ['train', 'validation', 'test'].flatMap((split) => report.classCounts?.[split as 'train'] ?? []);
  assert.equal(
    counted.reduce((a, b) => a + b, 0),
    30 * 4,
  );
  for (const split of ['train', 'validation', 'test'] as const) {
    assert.equal(dataset[split].y.length, dataset[split].count * 4);
    assert.ok(bytesOf(dataset[split].y as Int32Array).equals(bytesOf(fromCsv.dataset[split].y as Int32Array)), split);
  }
  // Step t of sequence n carries labels[n][t]: check the first training sequence against the file.
  const first = data.x.findIndex(
    (sequence) => Float32Array.from(sequence.flat()).join() === dataset.train.x.subarray(0, 8).join(),
  );
  assert.deepEqual(
    Array.from(dataset.train.y.subarray(0, 4)).map((id) => report.summary.classes?.[id]),
    labels[first],
  );
});

test('a label list of the wrong length, and labels per step in a wide CSV, are refused', async () => {
  await assert.rejects(
    build('d.jsonl', '{"x":[[1],[2],[3]],"y":["a","b"]}\n'),
    /line 1, field "y": has 2 labels for 3 steps; give one label per step of x/,
  );
  assert.throws(() => fileTask({ path: 'd.csv', kind: 'labelling' }), /labels per step come from layout: long/);
});
