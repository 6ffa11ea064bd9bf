import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { bootstrapCi } from './bootstrap.js';
import { median, quantileSorted } from './describe.js';
import { theilSenSlope } from './theil-sen.js';
import { sizeMedianSlope, sizeMedianSlopeCi, trialSlopeCi, type SizeSample } from './theil-sen-bootstrap.js';

/** A series with several seeds per size (tied x) and one wild seed. */
function series(sizes: number, seeds: number, seed: number): { xs: Float64Array; ys: Float64Array } {
  const rng = createRng(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let s = 0; s < sizes; s++) {
    for (let k = 0; k < seeds; k++) {
      xs.push(3 + 0.4 * s);
      ys.push(0.5 - 0.05 * s + 0.03 * rng.normal() + (s === 1 && k === 0 ? 2 : 0));
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

test('the weighted-median trial bootstrap gives exactly the CI of sorting every replicate', () => {
  for (const [sizes, seeds, seed] of [
    [4, 5, 1],
    [6, 3, 2],
    [2, 2, 3],
    [9, 1, 4],
  ] as const) {
    const { xs, ys } = series(sizes, seeds, seed);
    const options = { resamples: 400, seed: 11 + seed };
    const direct = bootstrapCi(xs.length, (indices) => theilSenSlope(xs, ys, indices), options).ci;
    assert.deepEqual(trialSlopeCi(xs, ys, options), direct, `${sizes} sizes × ${seeds} seeds`);
  }
});

test('the size-median slope is Theil–Sen over the medians, worked by hand', () => {
  // Medians 1, 0.5, 0 at x = 0, 1, 2: every pairwise slope is −0.5.
  const sizes: SizeSample[] = [
    { x: 0, sortedLosses: Float64Array.of(0.9, 1, 7) },
    { x: 1, sortedLosses: Float64Array.of(0.4, 0.6) },
    { x: 2, sortedLosses: Float64Array.of(-1, 0, 0.2) },
  ];
  assert.equal(sizeMedianSlope(sizes), -0.5);
  assert.equal(sizeMedianSlope([sizes[0] as SizeSample]), null);
});

test('the size-median bootstrap equals resampling within sizes, taking medians and sorting, done directly', () => {
  const { xs, ys } = series(7, 6, 5);
  const sizes: SizeSample[] = [];
  for (let s = 0; s < 7; s++) {
    sizes.push({ x: xs[s * 6] as number, sortedLosses: ys.slice(s * 6, s * 6 + 6).sort() });
  }
  sizes[2] = { x: sizes[2]!.x, sortedLosses: sizes[2]!.sortedLosses.slice(0, 5) }; // an odd-sized size too
  const resamples = 300;
  const rng = createRng(9);
  const replicates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const medians = sizes.map(({ sortedLosses }) => {
      const drawn = Array.from(sortedLosses, () => sortedLosses[rng.int(sortedLosses.length)] as number);
      return median(drawn);
    });
    const slope = theilSenSlope(
      Float64Array.from(sizes, (s) => s.x),
      medians,
    );
    if (slope !== null) replicates.push(slope);
  }
  replicates.sort((a, b) => a - b);
  const direct = [quantileSorted(replicates, 0.025), quantileSorted(replicates, 0.975)];
  assert.deepEqual(sizeMedianSlopeCi(sizes, { resamples, seed: 9 }), direct);
  const ci = sizeMedianSlopeCi(sizes, { resamples, seed: 9 }) as [number, number];
  assert.ok(ci[1] < 0, 'the loss falls 0.125 per unit of x; the CI says so');
});
