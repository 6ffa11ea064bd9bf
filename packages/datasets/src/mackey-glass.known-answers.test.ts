import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { loadDataset } from './dataset.js';
import { mackeyGlassSeries } from './tasks/mackey-glass.js';
import { smallTask } from './test-helpers.js';
import { SPLIT_NAMES } from './types.js';

test('tau = 17 gives the known chaotic attractor: values in (0.2, 1.5), mean ~0.9, std ~0.22', () => {
  const series = mackeyGlassSeries(17, 5_000, createRng(1));
  const mean = series.reduce((a, b) => a + b, 0) / series.length;
  const std = Math.sqrt(series.reduce((a, b) => a + (b - mean) ** 2, 0) / series.length);
  assert.ok(series.every((value) => value > 0.2 && value < 1.5));
  assert.ok(Math.abs(mean - 0.9) < 0.06, `mean ${mean}`);
  assert.ok(std > 0.17 && std < 0.27, `std ${std}`);
  // Not periodic: two trajectories from nearby histories diverge (tau = 17 is past the chaotic threshold).
  const other = mackeyGlassSeries(17, 5_000, createRng(2));
  assert.ok(Math.abs((series[4_999] as number) - (other[4_999] as number)) > 1e-3);
});

test('a small tau settles to the fixed point x* = 1 (beta/gamma - 1 = 1): the integrator is right', () => {
  const series = mackeyGlassSeries(2, 200, createRng(3));
  assert.ok(Math.abs((series[199] as number) - 1) < 1e-6, `x = ${series[199]}`);
});

test('windows: input = T consecutive samples, targets = the next h; consecutive windows continue the series', () => {
  const data = loadDataset(
    smallTask({ dataset: 'mackey-glass', sequenceLength: 6, horizon: 2, trainSize: 4, validationSize: 3, testSize: 3 }),
    4,
  );
  assert.equal(data.target.kind === 'regression' && data.target.outputSize, 2);
  // Each split is one trajectory cut into consecutive windows: the series is x0 y0 x1 y1 ...; a smooth curve, so
  // neighbouring samples differ by little and the last target joins the next window's first input.
  const { x, y } = data.train;
  const series = [0, 1, 2, 3].flatMap((n) => [...x.subarray(n * 6, n * 6 + 6), ...y.subarray(n * 2, n * 2 + 2)]);
  for (let i = 1; i < series.length; i++) assert.ok(Math.abs((series[i] as number) - (series[i - 1] as number)) < 0.15);
});

/** Every run of 4 consecutive observed samples of a split (inputs and targets laid back into one series). */
function quadgrams(
  split: { count: number; x: Float32Array; y: Float32Array | Int32Array },
  steps: number,
  horizon: number,
): Set<string> {
  const grams = new Set<string>();
  for (let n = 0; n < split.count; n++) {
    const window = [
      ...split.x.subarray(n * steps, (n + 1) * steps),
      ...split.y.subarray(n * horizon, (n + 1) * horizon),
    ];
    for (let i = 0; i + 4 <= window.length; i++) grams.add(window.slice(i, i + 4).join(','));
  }
  return grams;
}

test('no stretch of the series (so no window) is shared across splits: each split is its own trajectory', () => {
  const data = loadDataset(
    smallTask({ dataset: 'mackey-glass', trainSize: 500, validationSize: 200, testSize: 200 }),
    8,
  );
  const grams = Object.fromEntries(SPLIT_NAMES.map((split) => [split, quadgrams(data[split], 50, 1)]));
  for (const [a, b] of [
    ['train', 'validation'],
    ['train', 'test'],
    ['validation', 'test'],
  ] as const) {
    const shared = [...(grams[a] as Set<string>)].filter((gram) => (grams[b] as Set<string>).has(gram));
    assert.equal(shared.length, 0, `${shared.length} runs of 4 samples in both ${a} and ${b}`);
  }
  // Within a split, windows do not overlap either: every run of 4 samples occurs once.
  const { test: split } = data;
  let runs = 0;
  for (let n = 0; n < split.count; n++) runs += 51 - 3;
  assert.equal(quadgrams(split, 50, 1).size, runs);
});

test('observation noise: same clean series, noisy by the requested std', () => {
  const clean = loadDataset(smallTask({ dataset: 'mackey-glass', sequenceLength: 10 }), 6);
  const noisy = loadDataset(smallTask({ dataset: 'mackey-glass', sequenceLength: 10, noise: 0.05 }), 6);
  const diffs = clean.train.x.map((value, i) => (noisy.train.x[i] as number) - value);
  const std = Math.sqrt(diffs.reduce((a, b) => a + b * b, 0) / diffs.length);
  assert.ok(Math.abs(std - 0.05) < 0.005, `noise std ${std}`);
  assert.ok((noisy.baselineLoss as number) > (clean.baselineLoss as number));
});
