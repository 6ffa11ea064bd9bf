import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { signFlipTest } from './sign-flip.js';

test('d = [1, 2, 3]: p = 2/8 by hand', () => {
  // Sums over the 8 sign patterns: ±1 ±2 ±3 ∈ {6, 4, 2, 0, 0, −2, −4, −6}; |S| ≥ 6 for 2 of them.
  const result = signFlipTest([1, 2, 3]);
  assert.equal(result.pValue, 0.25);
  assert.equal(result.method, 'exact');
  assert.equal(result.patterns, 8);
});

test('d = [1, −2, 3, 4]: p = 6/16 by hand', () => {
  // S = 6 = 2·P − 10, with P the sum of the positive-signed |d|. |S| ≥ 6 ⇔ P ≥ 8 or P ≤ 2:
  // P ≥ 8: {1,3,4}, {2,3,4}, {1,2,3,4}; P ≤ 2: {}, {1}, {2}. 6 of 16 = 0.375.
  assert.equal(signFlipTest([1, -2, 3, 4]).pValue, 0.375);
});

test('eight equal differences: only all-plus and all-minus are as extreme: p = 2/256', () => {
  // 0.3 − 0.2 style rounding must not break the tie with the observed pattern.
  const d = Array.from({ length: 8 }, (_, i) => 0.3 + i - (0.2 + i));
  assert.equal(signFlipTest(d).pValue, 2 / 256);
});

test('zeros do not change the exact p; all-zero differences give p = 1', () => {
  assert.equal(signFlipTest([0, 1, 2, 3, 0]).pValue, 0.25);
  assert.equal(signFlipTest([0, 0]).pValue, 1);
});

test('Monte Carlo above exactMaxN is seeded and close to the exact value', () => {
  const rng = createRng(3);
  const d = Array.from({ length: 14 }, () => rng.normal() + 0.4);
  const exact = signFlipTest(d);
  const mc = signFlipTest(d, { exactMaxN: 10, resamples: 20_000, seed: 1 });
  assert.equal(mc.method, 'monte-carlo');
  assert.deepEqual(signFlipTest(d, { exactMaxN: 10, resamples: 20_000, seed: 1 }), mc);
  // Monte Carlo sd of p is √(p(1−p)/B) ≤ 0.0036 at B = 20,000; allow 4 sd.
  assert.ok(Math.abs(exact.pValue - mc.pValue) < 0.015, `${exact.pValue} vs ${mc.pValue}`);
  assert.ok(mc.pValue > 0);
});
