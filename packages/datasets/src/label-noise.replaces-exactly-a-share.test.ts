import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDataset, loadTaskDataset } from './dataset.js';
import { LabelNoiseError } from './errors.js';
import { buildFileDataset, readDataFile } from './files/file-dataset.js';
import { fileTask, jsonLines, makeSequences, tempDir, writeData } from './files/test-files.js';
import { noisyLabels, withLabelNoise } from './label-noise.js';
import { bytesOf, smallTask } from './test-helpers.js';
import type { DatasetSplit } from './types.js';

const changedAt = (clean: Int32Array | Float32Array, noisy: Int32Array | Float32Array): number[] =>
  Array.from(clean).flatMap((label, n) => (noisy[n] === label ? [] : [n]));

test('parity, labelNoise 0.2: exactly round(0.2 × n) training labels flip; inputs and held-out untouched', () => {
  const clean = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 10, trainSize: 333 }), 5);
  const noisy = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 10, trainSize: 333, labelNoise: 0.2 }), 5);
  assert.equal(changedAt(clean.train.y, noisy.train.y).length, Math.round(0.2 * 333)); // 67
  assert.ok(bytesOf(noisy.train.x).equals(bytesOf(clean.train.x)));
  for (const split of ['validation', 'test'] as const) {
    assert.ok(bytesOf(noisy[split].y).equals(bytesOf(clean[split].y)), `${split} labels clean`);
    assert.ok(bytesOf(noisy[split].x).equals(bytesOf(clean[split].x)));
  }
  // The same seed gives the same noisy set; another seed flips other labels.
  const again = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 10, trainSize: 333, labelNoise: 0.2 }), 5);
  assert.ok(bytesOf(again.train.y).equals(bytesOf(noisy.train.y)));
  const other = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 10, trainSize: 333, labelNoise: 0.2 }), 6);
  const cleanOther = loadDataset(smallTask({ dataset: 'parity', sequenceLength: 10, trainSize: 333 }), 6);
  assert.notDeepEqual(changedAt(cleanOther.train.y, other.train.y), changedAt(clean.train.y, noisy.train.y));
});

test('with 5 classes every replaced label is another class, spread over all the others', () => {
  const y = Int32Array.from({ length: 1000 }, (_, n) => n % 5);
  const split: DatasetSplit = { count: 1000, sequenceLength: 1, x: new Float32Array(1000), y };
  const noisy = noisyLabels(split, 5, 0.5, 11);
  const changed = changedAt(y, noisy.y);
  assert.equal(changed.length, 500);
  const shifts = [0, 0, 0, 0, 0];
  for (const n of changed) {
    const label = noisy.y[n] as number;
    assert.ok(label >= 0 && label < 5 && label !== y[n]);
    const shift = (label - (y[n] as number) + 5) % 5;
    shifts[shift] = (shifts[shift] ?? 0) + 1;
  }
  assert.equal(shifts[0], 0);
  for (const count of shifts.slice(1)) assert.ok(count > 90 && count < 160, `shifts ${shifts.join(', ')}`);
  assert.equal(noisy.x, split.x, 'inputs are shared, not copied');
  assert.equal(changedAt(y, noisyLabels(split, 5, 0, 11).y).length, 0);
});

test('a fraction outside [0, 1), or a task without one label per sequence, throws naming it', () => {
  const split: DatasetSplit = { count: 4, sequenceLength: 1, x: new Float32Array(4), y: new Int32Array(4) };
  assert.throws(
    () => noisyLabels(split, 2, 1, 0),
    (error: unknown) =>
      error instanceof LabelNoiseError && /task\.labelNoise: 1 is not in \[0, 1\)/.test(error.message),
  );
  assert.throws(() => noisyLabels(split, 2, -0.5, 0), LabelNoiseError);
  // The schema refuses labelNoise on adding; a dataset that carries it anyway is refused here too.
  const adding = loadDataset(smallTask({ dataset: 'adding', sequenceLength: 5 }), 0);
  assert.throws(
    () => withLabelNoise({ ...adding, task: { ...adding.task, labelNoise: 0.1 } as typeof adding.task }, 0),
    /task\.labelNoise: the adding task's target is regression, not one class per sequence/,
  );
});

test('a classification data file takes labelNoise: training labels flip, its held-out splits do not', async () => {
  const path = writeData(tempDir(), 'd.jsonl', jsonLines(makeSequences(200, 3, 1)));
  const task = fileTask({ path });
  const raw = await readDataFile(path, task);
  const resolved = { ...task, sha256: raw.sha256, summary: buildFileDataset(path, task, raw).report.summary };
  const clean = await loadTaskDataset(resolved, 3);
  const noisy = await loadTaskDataset({ ...resolved, labelNoise: 0.25 }, 3);
  assert.equal(changedAt(clean.train.y, noisy.train.y).length, Math.round(0.25 * clean.train.count));
  assert.ok(bytesOf(noisy.validation.y).equals(bytesOf(clean.validation.y)));
  assert.ok(bytesOf(noisy.test.y).equals(bytesOf(clean.test.y)));
});

test('with label noise the results come from the final weights, not the epoch the clean validation set chose', () => {
  const task = (labelNoise?: number) =>
    smallTask({
      dataset: 'parity',
      sequenceLength: 10,
      trainSize: 100,
      ...(labelNoise === undefined ? {} : { labelNoise }),
    });
  assert.equal(loadDataset(task(0.1), 0).selectWeights, 'last-epoch');
  // Without noise (or with none flipped) a task keeps its own choice: parity restores the best validation epoch.
  assert.notEqual(loadDataset(task(), 0).selectWeights, 'last-epoch');
  assert.notEqual(loadDataset(task(0), 0).selectWeights, 'last-epoch');
});
