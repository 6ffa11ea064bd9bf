import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { bytesOf } from '../test-helpers.js';
import { buildFileDataset, readDataFile } from './file-dataset.js';
import { fileTask, jsonLines, makeSequences, tempDir, writeData } from './test-files.js';

/** Writes arrays with numpy itself (Debian's python3-numpy): the archives are what users' numpy makes. */
function savez(path: string, arrays: Record<string, string>, compressed = false): void {
  const script = [
    'import json, sys, numpy as np',
    'arrays = {k: np.array(json.loads(v)) for k, v in json.loads(sys.argv[2]).items()}',
    `np.${compressed ? 'savez_compressed' : 'savez'}(sys.argv[1], **arrays)`,
  ].join('\n');
  execFileSync('/usr/bin/python3', ['-c', script, path, JSON.stringify(arrays)]);
}

const data = makeSequences(40, 5, 3, 9);

async function build(path: string, options: Record<string, unknown> = {}) {
  const task = fileTask({ path, ...options });
  return buildFileDataset(path, task, await readDataFile(path, task));
}

test('numpy.savez and savez_compressed archives give the same splits as JSON Lines of the same sequences', async () => {
  const dir = tempDir();
  const reference = await build(writeData(dir, 'd.jsonl', jsonLines(data)));
  for (const compressed of [false, true]) {
    const path = join(dir, `d${compressed ? '-z' : ''}.npz`);
    savez(path, { x: JSON.stringify(data.x), y: JSON.stringify(data.y) }, compressed);
    const { dataset, report } = await build(path);
    assert.deepEqual(report.summary, reference.report.summary);
    for (const split of ['train', 'validation', 'test'] as const) {
      assert.ok(
        bytesOf(dataset[split].x).equals(bytesOf(reference.dataset[split].x)),
        `${split} compressed=${compressed}`,
      );
      assert.ok(bytesOf(dataset[split].y as Int32Array).equals(bytesOf(reference.dataset[split].y as Int32Array)));
    }
  }
});

test('[N, T] inputs are one feature per step; integer labels and a split array are read', async () => {
  const path = join(tempDir(), 'd.npz');
  const x = Array.from({ length: 12 }, (_, n) => [n, n + 1, n + 2]);
  const split = x.map((_, n) => (n < 8 ? 'train' : n < 10 ? 'validation' : 'test'));
  savez(path, { x: JSON.stringify(x), y: JSON.stringify(x.map((_, n) => n % 3)), part: JSON.stringify(split) });
  const { dataset, report } = await build(path, { splitColumn: 'part', standardize: false });
  assert.deepEqual(report.summary, { sequences: 12, sequenceLength: 3, inputSize: 1, classes: ['0', '1', '2'] });
  assert.deepEqual(report.splitSizes, { train: 8, validation: 2, test: 2 });
  assert.deepEqual(Array.from(dataset.test.x), [10, 11, 12, 11, 12, 13]);
});

test('an archive without x or y, a y of the wrong shape, NaN, a lone .npy and a non-zip are refused', async () => {
  const dir = tempDir();
  const noY = join(dir, 'no-y.npz');
  savez(noY, { x: '[[1, 2], [3, 4]]', labels: '[0, 1]' });
  await assert.rejects(
    build(noY),
    /has no array "y" \(task\.target; arrays read: "x"\); save the targets as y, or set task\.target/,
  );
  const noX = join(dir, 'no-x.npz');
  savez(noX, { inputs: '[[1, 2], [3, 4]]', y: '[0, 1]' });
  await assert.rejects(build(noX), /has no array "x"/);
  const shape = join(dir, 'shape.npz');
  savez(shape, { x: '[[1, 2], [3, 4]]', y: '[0, 1, 1]' });
  await assert.rejects(
    build(shape),
    /array "y": has shape \[3\], x has 2 sequences of 2 steps; give it the shape \[2\]/,
  );
  const nan = join(dir, 'nan.npz');
  // NaN before a real step (trailing NaN steps are padding: variable-length.right-padded.test.ts).
  savez(nan, { x: '[[1, 2], [NaN, 4]]', y: '[0, 1]' });
  await assert.rejects(build(nan), /array "x", sequence 1, step 0: NaN is not a finite number/);
  const infinite = join(dir, 'inf.npz');
  savez(infinite, { x: '[[1, 2], [3, 4]]', y: '[0.5, Infinity]' });
  await assert.rejects(build(infinite, { kind: 'regression' }), /array "y", flat index 1: Infinity is not a finite/);
  assert.throws(() => fileTask({ path: 'x.npy' }), /a \.npy file holds one array/);
  await assert.rejects(
    build(writeData(dir, 'text.npz', 'not a zip at all, just text\n'.repeat(20))),
    /has no array "x"|is not a readable \.npz/,
  );
});

test('forecast: y of shape [N, H] from .npz and y lists from JSON Lines give the same standardised targets', async () => {
  const dir = tempDir();
  const y = data.x.map((sequence) => [sequence[4]?.[0] ?? 0, (sequence[4]?.[1] ?? 0) * 10]);
  const path = join(dir, 'f.npz');
  savez(path, { x: JSON.stringify(data.x), y: JSON.stringify(y) });
  const fromNpz = await build(path, { kind: 'forecast' });
  const jsonl = data.x.map((x, n) => JSON.stringify({ x, y: y[n] })).join('\n');
  const fromJson = await build(writeData(dir, 'f.jsonl', jsonl), { kind: 'forecast' });
  assert.equal(fromNpz.report.summary.outputSize, 2);
  assert.deepEqual(fromNpz.dataset.target, { kind: 'regression', outputSize: 2 });
  const train = fromNpz.dataset.train.y as Float32Array;
  assert.equal(train.length, fromNpz.dataset.train.count * 2);
  // Each output is standardised on its own: both columns have mean ~0 over the training split.
  for (const column of [0, 1]) {
    const values = train.filter((_, i) => i % 2 === column);
    assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) / values.length) < 1e-5);
  }
  assert.ok(bytesOf(train).equals(bytesOf(fromJson.dataset.train.y as Float32Array)));
  await assert.rejects(
    build(writeData(dir, 'g.jsonl', '{"x":[1,2],"y":[1,2]}\n{"x":[1,2],"y":[1]}\n'), { kind: 'forecast' }),
    /line 2: this sequence has 1 target values, the one on line 1 has 2; give every sequence the same forecast horizon/,
  );
});
