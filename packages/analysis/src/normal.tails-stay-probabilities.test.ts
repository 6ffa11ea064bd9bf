import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { holmAdjust } from './holm.js';
import { normalCdf, normalTail } from './normal.js';
import { trialRow } from './test-support.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

// scipy.stats.norm.cdf (scripts/statistics-fixtures.py): the far tails, where Marsaglia's series alone left [0, 1].
const SCIPY_CDF: [number, number][] = [
  [-37.5, 4.605353009581954e-308],
  [-30, 4.906713927147908e-198],
  [-20, 2.7536241186061556e-89],
  [-12, 1.776482112077653e-33],
  [-11.5, 6.595771446113675e-31],
  [-8, 6.22096057427174e-16],
  [-5, 2.866515718791933e-7],
  [-3.5, 0.00023262907903552502],
  [-3, 0.0013498980316300933],
  [-1, 0.15865525393145707],
  [0.5, 0.6914624612740131],
];

test('normal tails match scipy to 1e-12 relative out to x = −37.5', () => {
  for (const [x, expected] of SCIPY_CDF) {
    const relative = Math.abs(normalCdf(x) - expected) / expected;
    assert.ok(relative < 1e-12, `Φ(${x}) = ${normalCdf(x)}, scipy ${expected}`);
    assert.equal(normalTail(-x), normalCdf(x));
  }
});

test('Φ stays in [0, 1] and monotone for every x in [−40, 40]; Φ(±40) is exactly 0 and 1', () => {
  let previous = 0;
  for (let i = -40_000; i <= 40_000; i++) {
    const x = i / 1_000;
    const p = normalCdf(x);
    assert.ok(p >= 0 && p <= 1, `Φ(${x}) = ${p}`);
    assert.ok(p >= previous, `Φ not monotone at ${x}`);
    previous = p;
    assert.ok(normalTail(x) >= 0 && normalTail(x) <= 1);
  }
  assert.equal(normalCdf(-40), 0);
  assert.equal(normalCdf(40), 1);
  assert.equal(normalTail(40), 0);
});

test('Wilcoxon normal approximation on 10,000 pairs matches scipy, and d = −[1..201] gives p ≥ 0', () => {
  // scipy.stats.wilcoxon(d, method='approx', correction=False) on the same vector: p = 5.741707030826351e-61.
  const differences = Array.from({ length: 10_000 }, (_, i) => (((i + 1) * 7_919) % 10_007) / 10_007 - 0.45);
  const large = wilcoxonSignedRank(differences);
  assert.equal(large.method, 'normal');
  assert.ok(Math.abs(large.pValue - 5.741707030826351e-61) / 5.741707030826351e-61 < 1e-9, `${large.pValue}`);
  // The case of issue 19: before, 2·Φ(−z) came out as −6.2e-15. scipy: 9.846248875068666e-35.
  const allNegative = wilcoxonSignedRank(Array.from({ length: 201 }, (_, i) => -(i + 1)));
  assert.ok(Math.abs(allNegative.pValue - 9.846248875068666e-35) / 9.846248875068666e-35 < 1e-9);
  const hugeAllNegative = wilcoxonSignedRank(Array.from({ length: 10_000 }, (_, i) => -(i + 1)));
  assert.equal(hugeAllNegative.pValue, 0);
  assert.deepEqual(holmAdjust([hugeAllNegative.pValue, allNegative.pValue, 1]), [0, 2 * allNegative.pValue, 1]);
});

test('analyzeSweep with 201 seeds decides instead of throwing', () => {
  const rows = Array.from({ length: 201 }, (_, seed) => [
    trialRow({ cell: 'gru', seed, testLoss: 1 - (seed + 1) / 1_000 }),
    trialRow({ cell: 'lstm', seed, testLoss: 1 }),
  ]).flat();
  const [comparison] = analyzeSweep(rows, { resamples: 200 }).comparisons;
  assert.ok((comparison?.pValue as number) >= 0 && (comparison?.pValue as number) < 1e-30);
  assert.equal(comparison?.winner, 'a');
});
