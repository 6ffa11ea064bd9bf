import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { describeTrend, parameterTrend, type TrendPoint } from './trend.js';

/** 8 seeds at each size; loss = f(log10 params) + N(0, noise²), seeded. */
function series(sizes: number[], lossAt: (decades: number) => number, noise: number, seed = 1): TrendPoint[] {
  const rng = createRng(seed);
  return sizes.flatMap((paramCount) =>
    Array.from({ length: 8 }, () => ({
      size: String(paramCount),
      paramCount,
      loss: lossAt(Math.log10(paramCount)) + noise * rng.normal(),
    })),
  );
}
const options = { resamples: 2_000 };

test('loss falling 0.1 per decade is classified "falls" with a slope near −0.1', () => {
  const trend = parameterTrend(
    series([1e3, 1e4, 1e5], (d) => 0.8 - 0.1 * d, 0.01),
    options,
  );
  assert.equal(trend.direction, 'falls');
  assert.ok(Math.abs((trend.slopePerDecade as number) + 0.1) < 0.01, String(trend.slopePerDecade));
  assert.ok(trend.ci !== null && trend.ci[0] < -0.1 + 0.02 && trend.ci[1] < 0);
  assert.ok((trend.spearman as number) < -0.8);
  assert.equal(trend.nonMonotone, null);
  assert.match(
    describeTrend('lstm', 'test loss', trend),
    /^lstm: test loss falls as parameters grow \(Theil–Sen −0\.\d+ per decade/,
  );
});

test('loss rising with size is "rises" and says fewer parameters did better', () => {
  const trend = parameterTrend(
    series([1e3, 1e4, 1e5], (d) => 0.2 + 0.05 * d, 0.01),
    options,
  );
  assert.equal(trend.direction, 'rises');
  assert.match(describeTrend('gru', 'test loss', trend), /fewer parameters did better/);
});

test('pure noise is "flat/uncertain" (the CI includes 0)', () => {
  // Noise stream 2; stream 1 happens to be one of the ~5% of noise draws whose CI excludes 0 (see the next test).
  const trend = parameterTrend(
    series([1e3, 1e4, 1e5], () => 0.5, 0.05, 2),
    options,
  );
  assert.equal(trend.direction, 'flat/uncertain');
  assert.ok(trend.ci !== null && trend.ci[0] < 0 && trend.ci[1] > 0);
  assert.match(describeTrend('rnn', 'test loss', trend), /no clear trend/);
});

test('on pure noise a trend is claimed about 5% of the time, as a 95% CI should', () => {
  // 100 noise-only series of 3 sizes × 3 seeds. Binomial(100, 0.05) exceeds 12 with probability < 0.1%.
  let claimed = 0;
  for (let seed = 100; seed < 200; seed++) {
    const rng = createRng(seed);
    const points = [1e3, 1e4, 1e5].flatMap((paramCount) =>
      [0, 1, 2].map(() => ({ size: String(paramCount), paramCount, loss: 0.5 + 0.05 * rng.normal() })),
    );
    if (parameterTrend(points, { resamples: 500, seed }).direction !== 'flat/uncertain') claimed++;
  }
  assert.ok(claimed <= 12, `${claimed} of 100 noise series called a trend`);
});

test('down then up beyond the per-size CIs is reported as a dip at the middle size', () => {
  const means: Record<number, number> = { 1e3: 0.5, 1e4: 0.2, 1e5: 0.5 };
  const trend = parameterTrend(
    series([1e3, 1e4, 1e5], (d) => means[10 ** d] ?? NaN, 0.01),
    options,
  );
  assert.deepEqual(trend.nonMonotone, { kind: 'dip', size: '10000', paramCount: 10_000 });
  assert.equal(trend.direction, 'flat/uncertain');
  assert.match(describeTrend('lstm', 'test loss', trend), /not monotone: lowest around 10,000 parameters/);
  // A bump (double-descent style) is the mirror image.
  const bump = parameterTrend(
    series([1e3, 1e4, 1e5], (d) => 1 - (means[10 ** d] ?? NaN), 0.01),
    options,
  );
  assert.equal(bump.nonMonotone?.kind, 'peak');
});

test('one size has no trend; the result is seeded-deterministic', () => {
  const single = parameterTrend(
    series([1e4], () => 0.3, 0.01),
    options,
  );
  assert.equal(single.slopePerDecade, null);
  assert.equal(single.direction, 'flat/uncertain');
  const points = series([1e3, 1e4], (d) => 1 - 0.1 * d, 0.05);
  assert.deepEqual(parameterTrend(points, { ...options, seed: 4 }), parameterTrend(points, { ...options, seed: 4 }));
});
