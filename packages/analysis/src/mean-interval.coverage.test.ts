import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { studentTMeanCi } from './mean-interval.js';

/** Share of `repetitions` seeded samples of size n whose 95% interval contains the true mean. */
function coverage(n: number, draw: () => number, trueMean: number, repetitions: number): number {
  let covered = 0;
  const values = new Array<number>(n);
  for (let r = 0; r < repetitions; r++) {
    for (let i = 0; i < n; i++) values[i] = draw();
    const ci = studentTMeanCi(values);
    if (ci !== null && ci[0] <= trueMean && trueMean <= ci[1]) covered++;
  }
  return covered / repetitions;
}

// 20,000 repetitions: the Monte Carlo standard error of a 95% coverage is 0.15 percentage points.
const REPETITIONS = 20_000;

test('95% intervals cover 93.5–96.5% of normal samples at n = 5, 8, 12, 30 seeds', () => {
  const rng = createRng(2026);
  for (const n of [5, 8, 12, 30]) {
    const share = coverage(n, () => 3 + 0.5 * rng.normal(), 3, REPETITIONS);
    assert.ok(share >= 0.935 && share <= 0.965, `n = ${n}: coverage ${share}`);
  }
});

test('on lognormal (σ = 0.5) samples they cover at least what scipy measured for Student-t, never below 90%', () => {
  // scipy (issue 19; scripts/statistics-fixtures.py re-measures them): 91.0% at n = 5, 92.0% at 8, 92.2% at 12,
  // 93.2% at 30. Allowed 0.5 points below (3 Monte Carlo standard errors).
  const scipy: Record<number, number> = { 5: 0.91, 8: 0.92, 12: 0.922, 30: 0.932 };
  const rng = createRng(2027);
  const trueMean = Math.exp(0.5 ** 2 / 2);
  for (const n of [5, 8, 12, 30]) {
    const share = coverage(n, () => Math.exp(0.5 * rng.normal()), trueMean, REPETITIONS);
    assert.ok(share >= (scipy[n] as number) - 0.005 && share >= 0.9, `n = ${n}: coverage ${share}`);
  }
});
