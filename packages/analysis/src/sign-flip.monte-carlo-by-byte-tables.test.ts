import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { signFlipTest } from './sign-flip.js';

test('Monte Carlo over byte tables agrees with exact enumeration at sizes that are not whole bytes or words', () => {
  const rng = createRng(5);
  for (const n of [3, 13, 22]) {
    // A shifted sample, so p is neither 1 nor 0; one large difference, as a diverged seed gives.
    const d = Array.from({ length: n }, (_, i) => 0.3 + rng.normal() + (i === 0 ? 4 : 0));
    const exact = signFlipTest(d).pValue;
    const resamples = 40_000;
    const mc = signFlipTest(d, { exactMaxN: 0, resamples, seed: 2 });
    assert.equal(mc.method, 'monte-carlo');
    const sd = Math.sqrt((exact * (1 - exact)) / resamples);
    assert.ok(Math.abs(mc.pValue - exact) <= 4 * sd + 2 / resamples, `n = ${n}: ${mc.pValue} vs exact ${exact}`);
  }
});

test('Monte Carlo finds the observed pattern extreme when every difference has one sign (p near 1/(B + 1))', () => {
  const d = Array.from({ length: 34 }, (_, i) => 1 + i / 10);
  const mc = signFlipTest(d, { resamples: 10_000 });
  // Only the all-positive and all-negative patterns reach it: 2/2^34, so no random pattern does.
  assert.equal(mc.pValue, 1 / 10_001);
});
