import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { bucketBatches, orderedBatches, POOL_BATCHES } from './length-buckets.js';

const COUNT = 1000;
const BATCH = 32;
const rng = createRng(4);
const lengths = Int32Array.from({ length: COUNT }, () => 1 + rng.int(50));
const order = createRng(5).shuffle(Array.from({ length: COUNT }, (_, i) => i));

/** Steps a batch runs: its size times its longest sequence. */
const stepsRun = (batches: number[][]): number =>
  batches.reduce((sum, batch) => sum + batch.length * Math.max(...batch.map((i) => lengths[i] as number)), 0);

test('bucketed batches hold every sample once, in batches of the batch size but for one', () => {
  const batches = bucketBatches(order, lengths, BATCH, createRng(6));
  assert.equal(batches.length, Math.ceil(COUNT / BATCH));
  assert.deepEqual(
    [...batches.flat()].sort((a, b) => a - b),
    Array.from({ length: COUNT }, (_, i) => i),
  );
  assert.equal(batches.filter((batch) => batch.length !== BATCH).length, 1);
  // Each batch comes from one pool, sorted: its lengths never decrease.
  const lengthAt = (index: number | undefined): number => lengths[index as number] as number;
  for (const batch of batches) {
    for (let i = 1; i < batch.length; i++) assert.ok(lengthAt(batch[i]) >= lengthAt(batch[i - 1]));
  }
});

test('the same order and rng give the same batches; fixed-length batches are the order cut in slices', () => {
  const bucketed = (seed: number) => bucketBatches(order, lengths, BATCH, createRng(seed));
  assert.deepEqual(bucketed(6), bucketed(6));
  assert.notDeepEqual(bucketed(6), bucketed(7));
  const slices = orderedBatches(order, BATCH);
  assert.deepEqual(slices.flat(), order);
  assert.ok(slices.every((batch, b) => batch[0] === order[b * BATCH]));
});

test('bucketing cuts the steps run: lengths uniform in 1..50, batches of 32', () => {
  const real = [...lengths].reduce((a, b) => a + b, 0);
  const random = stepsRun(orderedBatches(order, BATCH));
  const bucketed = stepsRun(bucketBatches(order, lengths, BATCH, createRng(6)));
  // Random batches of 32 almost always hold a sequence near 50: ~2x the real steps. Pools of 16 batches (512
  // samples) sorted by length leave each batch a band about 50/16 steps wide.
  assert.ok(random > 1.8 * real, `random ${random} vs real ${real}`);
  assert.ok(bucketed < 1.15 * real, `bucketed ${bucketed} vs real ${real} (pools of ${POOL_BATCHES} batches)`);
});
