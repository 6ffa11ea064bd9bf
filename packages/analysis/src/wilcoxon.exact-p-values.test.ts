import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { wilcoxonSignedRank } from './wilcoxon.js';

test('all six differences positive: two-sided p = 2/2^6 = 0.03125, the smallest possible', () => {
  const result = wilcoxonSignedRank([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  assert.equal(result.pValue, 2 / 64);
  assert.equal(result.minAttainableP, 2 / 64);
  assert.equal(result.wPlus, 21);
  assert.equal(result.wMinus, 0);
});

test('all five positive: p = 2/32 = 0.0625, which can never be below 0.05', () => {
  const result = wilcoxonSignedRank([1, 2, 3, 4, 5]);
  assert.equal(result.pValue, 0.0625);
  assert.equal(result.minAttainableP, 0.0625);
});

test('n = 10 with the two smallest differences negative: p = 10/1024', () => {
  // Hand count: W− = 1 + 2 = 3. Subsets of {1..10} with rank sum ≤ 3 are {}, {1}, {2}, {3}, {1,2}: 5 of 2^10,
  // so P(W− ≤ 3) = 5/1024 and, by symmetry, two-sided p = 10/1024 = 0.009765625.
  const result = wilcoxonSignedRank([-1, -2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(result.wMinus, 3);
  assert.equal(result.wPlus, 52);
  assert.equal(result.pValue, 10 / 1024);
});

test("R's wilcox.test documentation example (Hollander & Wolfe, depression scores, n = 9)", () => {
  // R: wilcox.test(x, y, paired = TRUE, alternative = "greater") gives V = 40, p-value = 0.01953;
  // two-sided is twice that, 0.0390625 (SciPy 1.17 stats.wilcoxon(x, y, method="exact") agrees: 0.0390625).
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const result = wilcoxonSignedRank(x.map((value, i) => value - (y[i] as number)));
  assert.equal(result.wPlus, 40);
  assert.equal(result.pValue, 0.0390625);
});

test('ties get midranks and the exact conditional distribution: a hand-countable case', () => {
  // d = [−1, 2, 2, 3]: |d| ranks 1, 2.5, 2.5, 4; W− = 1, W+ = 9, T = 10.
  // Sign patterns with W+ ≤ 1 (positive-rank subsets of {1, 2.5, 2.5, 4} summing to ≤ 1): {} and {1}: 2 of 16.
  // Symmetric: W+ ≥ 9 also 2 of 16. Two-sided p = 4/16 = 0.25.
  const result = wilcoxonSignedRank([-1, 2, 2, 3]);
  assert.equal(result.wPlus, 9);
  assert.equal(result.wMinus, 1);
  assert.equal(result.pValue, 0.25);
});

test('zeros are dropped (Wilcoxon 1945 rule) and n shrinks', () => {
  const result = wilcoxonSignedRank([0, 0, 1, 2, 3, 4, 5, 6]);
  assert.equal(result.n, 6);
  assert.equal(result.zeros, 2);
  assert.equal(result.pValue, 2 / 64);
  const none = wilcoxonSignedRank([0, 0, 0]);
  assert.equal(none.n, 0);
  assert.equal(none.pValue, 1);
});

test('matches brute-force enumeration of all 2^n sign patterns on random tied data', () => {
  // Independent check: enumerate the sign patterns directly (no dynamic programme), with hand-rolled midranks.
  const rng = createRng(5);
  for (let trial = 0; trial < 30; trial++) {
    const n = 3 + rng.int(10);
    // Integers in −4..4 make ties and zeros frequent.
    const d = Array.from({ length: n }, () => rng.int(9) - 4);
    assert.ok(Math.abs(wilcoxonSignedRank(d).pValue - bruteForceP(d)) < 1e-12, JSON.stringify(d));
  }
});

test('falls back to the normal approximation above exactMaxN and stays close to exact', () => {
  const rng = createRng(9);
  const d = Array.from({ length: 40 }, () => rng.normal() + 0.3);
  const exact = wilcoxonSignedRank(d);
  const approx = wilcoxonSignedRank(d, { exactMaxN: 10 });
  assert.equal(exact.method, 'exact');
  assert.equal(approx.method, 'normal');
  assert.ok(Math.abs(exact.pValue - approx.pValue) < 0.01, `${exact.pValue} vs ${approx.pValue}`);
});

function bruteForceP(differences: number[]): number {
  const d = differences.filter((v) => v !== 0);
  if (d.length === 0) return 1;
  const abs = d.map(Math.abs);
  const ranks = abs.map((v) => {
    const below = abs.filter((w) => w < v).length;
    const equal = abs.filter((w) => w === v).length;
    return below + (equal + 1) / 2;
  });
  const total = ranks.reduce((a, b) => a + b, 0);
  const observed = Math.abs(d.reduce((s, v, i) => s + (v > 0 ? (ranks[i] as number) : 0), 0) - total / 2);
  let extreme = 0;
  for (let mask = 0; mask < 2 ** d.length; mask++) {
    let w = 0;
    for (let i = 0; i < d.length; i++) if (mask & (1 << i)) w += ranks[i] as number;
    if (Math.abs(w - total / 2) >= observed - 1e-12) extreme++;
  }
  return extreme / 2 ** d.length;
}
