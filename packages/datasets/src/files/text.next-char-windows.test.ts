import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataFileError } from '../errors.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, tempDir, writeData } from './test-files.js';
import type { DatasetSplit } from '../types.js';

async function build(text: string, options: Record<string, unknown>) {
  const path = writeData(tempDir(), 'corpus.txt', text);
  const task = fileTask({ path, kind: 'next-char', ...options });
  return buildFileDataset(path, task, await readDataFile(path, task));
}

/** The characters a split's windows hold: each window's inputs, then its last target. */
function decode(split: DatasetSplit, vocabulary: string[]): string[] {
  const width = vocabulary.length;
  return Array.from({ length: split.count }, (_, n) => {
    let window = '';
    for (let t = 0; t < split.sequenceLength; t++) {
      const row = split.x.subarray((n * split.sequenceLength + t) * width, (n * split.sequenceLength + t + 1) * width);
      assert.equal(
        row.reduce((a, b) => a + b, 0),
        1,
        'one-hot',
      );
      window += vocabulary[row.indexOf(1)];
      if (t > 0) assert.equal(vocabulary[split.y[n * split.sequenceLength + t - 1] as number], window.at(-1));
    }
    return window + vocabulary[split.y[(n + 1) * split.sequenceLength - 1] as number];
  });
}

test('windows: T+1 consecutive characters, stride T, from consecutive train / validation / test blocks', async () => {
  const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(4); // 104 characters
  const { dataset, report } = await build(text, { sequenceLength: 4, validationFraction: 0.25, testFraction: 0.25 });
  const vocabulary = report.summary.classes ?? [];
  assert.equal(vocabulary.join(''), 'abcdefghijklmnopqrstuvwxyz');
  // Blocks: train [0, 52), validation [52, 78), test [78, 104); windows start every 4 characters while 5 fit.
  assert.deepEqual(report.splitSizes, { train: 12, validation: 6, test: 6 });
  assert.deepEqual(
    decode(dataset.train, vocabulary),
    Array.from({ length: 12 }, (_, n) => text.slice(n * 4, n * 4 + 5)),
  );
  assert.deepEqual(
    decode(dataset.validation, vocabulary),
    Array.from({ length: 6 }, (_, n) => text.slice(52 + n * 4, 52 + n * 4 + 5)),
  );
  assert.deepEqual(
    decode(dataset.test, vocabulary),
    Array.from({ length: 6 }, (_, n) => text.slice(78 + n * 4, 78 + n * 4 + 5)),
  );
  assert.deepEqual(dataset.target, { kind: 'sequence-classification', classes: 26 });
  assert.equal(dataset.metric, 'bits-per-char');
});

test('characters, not bytes: multi-byte letters and emoji are one step each, sorted by code point', async () => {
  const { report } = await build('é😀a'.repeat(30), { sequenceLength: 3 });
  assert.deepEqual(report.summary.classes, ['a', 'é', '😀']);
  assert.equal(report.summary.inputSize, 3);
});

test('a text too short for a window in every block, and options that do not apply, are refused', async () => {
  await assert.rejects(
    build('abcdefghij'.repeat(4), { sequenceLength: 8 }),
    (error: Error) =>
      error instanceof DataFileError &&
      /its validation block \(6 characters\) holds no window of 9; lower sequenceLength/.test(error.message),
  );
  assert.throws(
    () => fileTask({ path: 'a.txt', kind: 'next-char' }),
    /give the characters per window, e.g. sequenceLength: 64/,
  );
  assert.throws(
    () => fileTask({ path: 'a.txt', kind: 'classification', sequenceLength: 4 }),
    /plain text trains kind: next-char/,
  );
  assert.throws(
    () => fileTask({ path: 'a.txt', kind: 'next-char', sequenceLength: 4, splitColumn: 's' }),
    /does not apply to plain text/,
  );
});
