import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOAT32_MIN_NORMAL, gradientRegime, gradientSlope, STABLE_SLOPE_PER_STEP } from './gradient-slope.js';

/** norms[t] = scale · rate^(T−1−t): the norm k steps back from the last input step is scale · rate^k. */
const geometric = (rate: number, steps: number, scale = 0.37): number[] =>
  Array.from({ length: steps }, (_, t) => scale * rate ** (steps - 1 - t));

const close = (actual: number | null, expected: number, tolerance = 1e-12): void => {
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );
};

test('a geometric curve has slope ln(rate) per step: vanishing, stable and exploding', () => {
  close(gradientSlope(geometric(0.5, 12)), Math.log(0.5));
  close(gradientSlope(geometric(1, 12)), 0);
  close(gradientSlope(geometric(2, 12)), Math.log(2));
  close(gradientSlope(geometric(10, 8)), Math.log(10)); // ×10 per step: the reach of this curve is 0
  assert.equal(gradientRegime(gradientSlope(geometric(0.5, 12)) as number), 'vanishing');
  assert.equal(gradientRegime(gradientSlope(geometric(1, 12)) as number), 'stable');
  assert.equal(gradientRegime(gradientSlope(geometric(2, 12)) as number), 'exploding');
});

test('steps that underflow float32 are left out, so a faster decay always reads steeper', () => {
  // 0.1^39 and 0.5^199 are below 2^-126: those steps drop out instead of flattening the fit at a floor.
  close(gradientSlope(geometric(0.1, 40, 1)), Math.log(0.1));
  close(gradientSlope(geometric(0.5, 200, 1)), Math.log(0.5));
  const slopes = [0.01, 0.1, 0.5, 0.9].map((rate) => gradientSlope(geometric(rate, 100, 1)) as number);
  assert.deepEqual(
    [...slopes].sort((a, b) => a - b),
    slopes,
  );
});

test('one step without gradient is a hole in the fit, not its end', () => {
  const norms = geometric(0.9, 30);
  norms[20] = 0;
  close(gradientSlope(norms), Math.log(0.9));
  norms[5] = Number.NaN;
  norms[6] = Number.POSITIVE_INFINITY;
  close(gradientSlope(norms), Math.log(0.9));
});

test('matches scipy.stats.linregress on the measurable steps of an irregular curve', () => {
  // /usr/bin/python3, scipy 1.10.1: points (T-1-t, ln n) for finite n >= 2**-126 -> linregress(x, y).slope
  const norms = [0.8, 0, 1.3e-3, 2.5e-2, Number.NaN, 0.31, 0.02, 1e-40, 0.9, 1.7];
  close(gradientSlope(norms), -0.3464813121134917);
});

test('a single measurable step gives the float32 bound, signed by where the gradient sits', () => {
  // Zero recurrent weights: only the last step has gradient. Reference: linregress with the rest at 2**-126.
  close(gradientSlope([0, 0, 0, 0, 0, 0, 0.37]), -9.250959908272419);
  close(gradientSlope([1.25, 0, 0, 0]), 26.267906490560193);
  close(gradientSlope([0, 0, 1e-45, 0.37]), gradientSlope([0, 0, 0, 0.37]) as number); // a subnormal counts as underflowed
});

test('no gradient, or too few steps, is null rather than a number', () => {
  assert.equal(gradientSlope([]), null);
  assert.equal(gradientSlope([0.5]), null);
  assert.equal(gradientSlope([0, 0, 0]), null);
  assert.equal(gradientSlope([Number.NaN, Number.NaN]), null);
  assert.equal(gradientSlope([Number.NaN, 0.4]), null); // one finite step: nothing to fit
  assert.equal(gradientSlope([FLOAT32_MIN_NORMAL / 2, 0]), null);
});

test('regimes: stable within ±0.01 per step, inclusive', () => {
  assert.equal(STABLE_SLOPE_PER_STEP, 0.01);
  assert.equal(gradientRegime(-0.0100001), 'vanishing');
  assert.equal(gradientRegime(-0.01), 'stable');
  assert.equal(gradientRegime(0), 'stable');
  assert.equal(gradientRegime(0.01), 'stable');
  assert.equal(gradientRegime(0.0100001), 'exploding');
  assert.equal(gradientRegime(-0.05, 0.1), 'stable');
});
