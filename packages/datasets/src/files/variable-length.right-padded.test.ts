// Sequences of different lengths: every format reads the same ragged sequences into the same right-padded splits,
// with each split's lengths (and, for per-step labels, a mask of the real steps); fixed-length files stay as they
// were; sequences without a step are refused with the place and the fix.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { taskIdentity } from '@cellsweep/core';
import { bytesOf } from '../test-helpers.js';
import { SPLIT_NAMES } from '../types.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import {
  fileTask,
  jsonLines,
  longCsv,
  makeRaggedSequences,
  makeSequences,
  tempDir,
  wideCsv,
  writeData,
} from './test-files.js';

const data = makeRaggedSequences(40, 2, 6, 3, 4);
const lengths = data.x.map((sequence) => sequence.length);

/** Writes arrays with numpy itself, as npz.numpy-archives.test.ts does. */
function savez(path: string, arrays: Record<string, string>): void {
  const script = [
    'import json, sys, numpy as np',
    'given = json.loads(sys.argv[2])',
    'arrays = {k: np.array(json.loads(v), dtype=float if k == "x" else None) for k, v in given.items()}',
    'np.savez(sys.argv[1], **arrays)',
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, path, JSON.stringify(arrays)]);
}

/** x as [N, 6, 3] with `fill` (a number, or null for NaN) after each sequence's end. */
const paddedX = (fill: number | null): string =>
  JSON.stringify(
    data.x.map((sequence) => [...sequence, ...Array.from({ length: 6 - sequence.length }, () => [fill, fill, fill])]),
  ).replaceAll('null', 'NaN');

async function build(path: string, options: Record<string, unknown> = {}) {
  const task = fileTask({ path, ...options });
  return buildFileDataset(path, task, await readDataFile(path, task));
}

test('the data really is ragged (lengths 2 to 6)', () => {
  assert.equal(Math.min(...lengths), 2);
  assert.equal(Math.max(...lengths), 6);
});

test('wide CSV (trailing cells empty), long CSV, JSON Lines and .npz (lengths array or NaN) pad alike', async () => {
  const dir = tempDir();
  const reference = await build(writeData(dir, 'd.jsonl', jsonLines(data)));
  const npz = join(dir, 'lengths.npz');
  savez(npz, { x: paddedX(7), y: JSON.stringify(data.y), n: JSON.stringify(lengths) });
  const nan = join(dir, 'nan.npz');
  savez(nan, { x: paddedX(null), y: JSON.stringify(data.y) });
  const others = [
    await build(writeData(dir, 'wide.csv', wideCsv(data)), { inputSize: 3 }),
    await build(writeData(dir, 'long.csv', longCsv(data)), { layout: 'long' }),
    await build(npz, { lengthsArray: 'n' }),
    await build(nan),
  ];
  const { dataset, report } = reference;
  const summary = { sequences: 40, sequenceLength: 6, minLength: 2, inputSize: 3, classes: ['a', 'b', 'c'] };
  assert.deepEqual(report.summary, summary);
  const sorted = [...lengths].sort((a, b) => a - b);
  assert.deepEqual(report.lengths, { min: 2, median: ((sorted[19] as number) + (sorted[20] as number)) / 2, max: 6 });
  assert.match(dataset.description, /40 sequences of 2–6 steps × 3 features/);
  for (const other of others) {
    assert.deepEqual(other.report.summary, report.summary);
    assert.deepEqual(other.report.lengths, report.lengths);
    for (const split of SPLIT_NAMES) {
      assert.ok(bytesOf(other.dataset[split].x).equals(bytesOf(dataset[split].x)), split);
      assert.deepEqual(other.dataset[split].y, dataset[split].y, split);
      assert.deepEqual(other.dataset[split].lengths, dataset[split].lengths, split);
    }
  }
  // Each split is padded to the longest sequence of the file, with zeros after each sequence's own length.
  let seen = 0;
  for (const split of SPLIT_NAMES) {
    const { count, sequenceLength, x, lengths: splitLengths, mask } = dataset[split];
    assert.equal(sequenceLength, 6);
    assert.equal(mask, undefined, 'a per-sequence target needs no mask');
    assert.equal(splitLengths?.length, count);
    splitLengths?.forEach((length, n) => {
      const row = x.subarray(n * 18, (n + 1) * 18);
      assert.ok(
        row.subarray(length * 3).every((value) => value === 0),
        `${split} ${n} padding`,
      );
      assert.ok(
        row.subarray((length - 1) * 3, length * 3).some((value) => value !== 0),
        `${split} ${n} last step`,
      );
    });
    seen += count;
  }
  assert.equal(seen, 40);
  // The padding is not data: standardisation uses the real steps only (so padding with 7 changed nothing above).
});

test("labelling: per-step labels of ragged sequences carry a mask of each one's real steps", async () => {
  const labels = data.x.map((sequence) => sequence.map(([value]) => ((value ?? 0) > 5 ? 'hi' : 'lo')));
  const lines = data.x.map((x, n) => JSON.stringify({ x, y: labels[n] })).join('\n');
  const { dataset } = await build(writeData(tempDir(), 'l.jsonl', lines), { kind: 'labelling' });
  for (const split of SPLIT_NAMES) {
    const { count, mask, lengths: splitLengths, y } = dataset[split];
    assert.equal(mask?.length, count * 6);
    splitLengths?.forEach((length, n) => {
      const expected = [0, 1, 2, 3, 4, 5].map((t) => (t < length ? 1 : 0));
      assert.deepEqual([...(mask as Float32Array).subarray(n * 6, (n + 1) * 6)], expected);
      assert.ok([...y.subarray(n * 6 + length, (n + 1) * 6)].every((label) => label === 0));
    });
  }
  // Token counts are over real steps only: every label of the file, none of the padding.
  const masked = (split: (typeof SPLIT_NAMES)[number]) => [...(dataset[split].mask ?? [])].reduce((a, b) => a + b, 0);
  const total = SPLIT_NAMES.reduce((sum, split) => sum + masked(split), 0);
  assert.equal(
    total,
    lengths.reduce((a, b) => a + b, 0),
  );
});

test('a file of one length has no lengths, mask or minLength: it loads exactly as before', async () => {
  const { dataset, report } = await build(writeData(tempDir(), 'fixed.jsonl', jsonLines(makeSequences(30, 5, 2))));
  assert.equal(report.summary.minLength, undefined);
  for (const split of SPLIT_NAMES) {
    assert.equal(dataset[split].lengths, undefined);
    assert.equal(dataset[split].mask, undefined);
  }
});

test('lengthsArray is part of the task identity (another array name makes other trials)', async () => {
  const dir = tempDir();
  const npz = join(dir, 'd.npz');
  savez(npz, { x: paddedX(0), y: JSON.stringify(data.y), n: JSON.stringify(lengths), m: JSON.stringify(lengths) });
  const a = (await build(npz, { lengthsArray: 'n' })).dataset.task;
  const b = (await build(npz, { lengthsArray: 'm' })).dataset.task;
  assert.equal(a.dataset === 'file' && a.sha256, b.dataset === 'file' && b.sha256);
  assert.notDeepEqual(taskIdentity(a), taskIdentity(b));
});

test('sequences without a step, and lengths out of range, are refused with the place and the fix', async () => {
  const dir = tempDir();
  const refuses = async (path: string, options: Record<string, unknown>, message: RegExp) =>
    assert.rejects(build(path, options), message);
  await refuses(
    writeData(dir, 'empty-row.csv', 'v0,v1,y\n1,2,a\n,,b\n'),
    {},
    /empty-row\.csv: line 3: has no values \(a sequence needs at least one step\); write the first step/,
  );
  // An empty cell before the last written step is missing data, not padding.
  await refuses(writeData(dir, 'hole.csv', 'v0,v1,v2,y\n1,,3,a\n1,2,3,b\n'), {}, /line 2, column "v1": is empty/);
  // Half a step at the end is missing data too.
  const half = writeData(dir, 'half.csv', 'a0,b0,a1,b1,y\n1,2,3,,a\n');
  await refuses(half, { inputSize: 2 }, /line 2, column "b1": is empty/);
  const zero = writeData(dir, 'zero.jsonl', '{"x": [1, 2], "y": "a"}\n{"x": [], "y": "b"}\n');
  await refuses(zero, {}, /line 2, field "x": is not a non-empty list/);
  const x = JSON.stringify([
    [[1], [2]],
    [[3], [4]],
  ]);
  const npz = (name: string, n: number[]) => {
    const path = join(dir, name);
    savez(path, { x, y: JSON.stringify(['a', 'b']), n: JSON.stringify(n) });
    return path;
  };
  await refuses(npz('n0.npz', [2, 0]), { lengthsArray: 'n' }, /array "n"\[1\]: 0 is not a length from 1 to 2 \(x's/);
  await refuses(npz('n3.npz', [3, 1]), { lengthsArray: 'n' }, /array "n"\[0\]: 3 is not a length from 1 to 2/);
  await refuses(npz('nx.npz', [1, 1]), { lengthsArray: 'lengths' }, /has no array "lengths" \(task\.lengthsArray/);
  const nanPath = join(dir, 'nan.npz');
  savez(nanPath, { x: '[[[1], [NaN]], [[NaN], [NaN]]]', y: JSON.stringify(['a', 'b']) });
  await refuses(nanPath, {}, /array "x", sequence 1: has no steps \(every step is NaN padding\)/);
  const hole = join(dir, 'nan-hole.npz');
  savez(hole, { x: '[[[1], [NaN], [3]], [[1], [2], [3]]]', y: JSON.stringify(['a', 'b']) });
  await refuses(hole, {}, /array "x", sequence 0, step 1: NaN is not a finite number; fill missing values/);
  assert.throws(() => fileTask({ path: 'd.csv', lengthsArray: 'n' }), /lengthsArray[\s\S]*is for \.npz archives/);
});
