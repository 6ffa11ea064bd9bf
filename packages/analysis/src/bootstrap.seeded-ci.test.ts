import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { bootstrapCi, bootstrapMeanCi } from './bootstrap.js';
import { mean } from './describe.js';

const sample = [0.31, 0.27, 0.35, 0.29, 0.33, 0.3, 0.28, 0.36];

test('the same seed gives the same interval; another seed a slightly different one', () => {
  const a = bootstrapMeanCi(sample, { seed: 7 });
  assert.deepEqual(bootstrapMeanCi(sample, { seed: 7 }), a);
  assert.notDeepEqual(bootstrapMeanCi(sample, { seed: 8 }), a);
});

test('the interval contains the mean and lies within the data range', () => {
  const [low, high] = bootstrapMeanCi(sample) ?? [NaN, NaN];
  const centre = mean(sample);
  assert.ok(low < centre && centre < high, `${low} < ${centre} < ${high}`);
  assert.ok(low >= 0.27 && high <= 0.36);
  // The standard error is sd/√n = 0.0327/√8 ≈ 0.0116, so a 95% interval spans roughly ±1.96·0.0116 ≈ ±0.023
  // (percentile bootstrap is a little narrower: it uses the n, not n − 1, variance).
  assert.ok(high - low > 0.03 && high - low < 0.05, `width ${high - low}`);
});

test('the interval narrows as n grows (about as 1/√n)', () => {
  const rng = createRng(11);
  const draw = (n: number): number[] => Array.from({ length: n }, () => 1 + rng.normal());
  const width = (values: number[]): number => {
    const ci = bootstrapMeanCi(values, { resamples: 4_000 });
    return ci === null ? NaN : ci[1] - ci[0];
  };
  const small = width(draw(8));
  const large = width(draw(128));
  // 1/√16 = 1/4 of the width in expectation; allow sampling noise in the sd estimates.
  assert.ok(large < small / 2, `n=128 width ${large} vs n=8 width ${small}`);
});

test('one value has no interval; constant values a zero-width one', () => {
  assert.equal(bootstrapMeanCi([0.5]), null);
  assert.deepEqual(bootstrapMeanCi([0.5, 0.5, 0.5]), [0.5, 0.5]);
});

test('a statistic undefined on some resamples is skipped and counted', () => {
  // Of two observations, a resample draws the same one twice half of the time; call the statistic undefined then.
  const result = bootstrapCi(2, (indices) => (indices[0] === indices[1] ? null : 1), { resamples: 1_000 });
  assert.ok(result.usedResamples > 400 && result.usedResamples < 600, String(result.usedResamples));
  assert.deepEqual(result.ci, [1, 1]);
});
