import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { holmAdjust } from './holm.js';
import { normalCdf } from './normal.js';
import { decideComparisons, pairedTest, type Pair } from './paired.js';
import { adviseSeeds, holmAdjustedAmong, minSeedsForAlpha, seedsForPower, seedsForTestPower } from './seeds-needed.js';
import { wilcoxonSignedRank } from './wilcoxon.js';
import { wilcoxonPower, wilcoxonRejectionRegion } from './wilcoxon-power.js';

/** Every sign pattern of the differences ±1, ±2, ..., ±n (untied ranks), with its W+. */
function* signPatterns(n: number): Generator<{ differences: number[]; wPlus: number }> {
  for (let mask = 0; mask < 2 ** n; mask++) {
    const differences = Array.from({ length: n }, (_, i) => ((mask >> i) & 1 ? i + 1 : -(i + 1)));
    yield { differences, wPlus: differences.reduce((sum, d) => sum + Math.max(d, 0), 0) };
  }
}

/** Brute force: the smallest n at which some sign pattern's exact Wilcoxon p survives Holm among `others`. */
function bruteForceMinSeeds(alpha: number, others: readonly number[]): number {
  for (let n = 1; n <= 14; n++) {
    let best = 1;
    for (const { differences } of signPatterns(n)) best = Math.min(best, wilcoxonSignedRank(differences).pValue);
    if ((holmAdjust([best, ...others])[0] as number) < alpha) return n;
  }
  throw new Error('not reached by n = 14');
}

test('attainability under Holm step-down matches brute-force enumeration of every sign pattern', () => {
  const families: [number, number[]][] = [
    [0.05, []],
    [0.05, [1, 1]],
    [0.05, [0.001, 0.002]],
    [0.05, [0.001, 0.9]],
    [0.05, [0.01, 0.02, 0.03]],
    [0.01, [0.5]],
    [0.01, [0.001, 0.002, 0.003]],
  ];
  for (const [alpha, others] of families) {
    const expected = bruteForceMinSeeds(alpha, others);
    assert.equal(minSeedsForAlpha(alpha, others.length + 1, others), expected, `${alpha} ${others}`);
  }
  // Without the others' p-values: the worst case (Bonferroni), as before.
  assert.equal(minSeedsForAlpha(0.05, 3), 7);
});

test('issue 19: in a family of 3, a 6-seed comparison that Holm declares is not told it needs 7 seeds', () => {
  const pairs = (differences: number[]): Pair[] => differences.map((d, seed) => ({ seed, a: d, b: 0 }));
  const strong = pairedTest({ a: 'x', b: 'y', metric: 'm', pairs: pairs([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]) });
  const stronger = pairedTest({ a: 'x', b: 'z', metric: 'm', pairs: pairs([-1, -2, -3, -4, -5, -6, -7, -8, -9]) });
  const six = pairedTest({ a: 'y', b: 'z', metric: 'm', pairs: pairs([-1, -2, -3, -4, -5, -6]) });
  const decided = decideComparisons([strong, stronger, six]);
  const third = decided[2];
  // p = 2/64 = 0.031 is the largest of the three, so Holm multiplies it by 1: declared.
  assert.equal(third?.pHolm, 2 / 64);
  assert.equal(third?.winner, 'a');
  assert.equal(third?.minSeedsForAlpha, 6);
  assert.equal(third?.canReachAlpha, true);
  assert.equal(third?.bestHolmP, 2 / 64);
});

test('the rejection region agrees with the exact test on every sign pattern, alone and under Holm', () => {
  for (const others of [[], [0.001, 0.04], [0.2, 0.3, 0.4]]) {
    const declares = (p: number): boolean => holmAdjustedAmong(p, others) < 0.05;
    for (let n = 3; n <= 10; n++) {
      const region = wilcoxonRejectionRegion(n, declares);
      for (const { differences, wPlus } of signPatterns(n)) {
        assert.equal(region[wPlus] === 1, declares(wilcoxonSignedRank(differences).pValue), `n ${n}, W+ ${wPlus}`);
      }
    }
  }
});

test('simulated power matches the closed form at 6 pairs and a direct simulation of the deciding test at 7', () => {
  const alone = (p: number): boolean => p < 0.05;
  // At n = 6 only "all six one way" gives p < 0.05, so power = Φ(1.5)^6 + Φ(−1.5)^6 = 0.6600.
  const exact = normalCdf(1.5) ** 6 + normalCdf(-1.5) ** 6;
  assert.ok(Math.abs(wilcoxonPower(6, 1.5, alone) - exact) < 0.025, `${wilcoxonPower(6, 1.5, alone)} vs ${exact}`);
  // n = 7: 20,000 draws through wilcoxonSignedRank itself (ranks by sorting), another seed.
  const rng = createRng(7_777);
  let declared = 0;
  for (let s = 0; s < 20_000; s++) {
    const differences = Array.from({ length: 7 }, () => 1.5 + rng.normal());
    if (wilcoxonSignedRank(differences).pValue < 0.05) declared++;
  }
  const direct = declared / 20_000;
  assert.ok(Math.abs(wilcoxonPower(7, 1.5, alone) - direct) < 0.025, `${wilcoxonPower(7, 1.5, alone)} vs ${direct}`);
});

test('advice for d_z = 1.5: 7 seeds (power 0.88), where the normal approximation said 6 (power 0.66)', () => {
  assert.equal(seedsForPower(1.5, 0.05), 6);
  assert.deepEqual(seedsForTestPower({ dz: 1.5, alpha: 0.05, otherPValues: [] }), {
    seeds: 7,
    method: 'exact-wilcoxon-simulation',
  });
  const advice = adviseSeeds({ n: 5, dz: 1.5, meanDiff: 0.1, significant: false, alpha: 0.05, familySize: 1 });
  assert.equal(advice.seedsNeeded, 7);
  assert.equal(advice.powerMethod, 'exact-wilcoxon-simulation');
  // Under Holm with two clearly significant comparisons the threshold is still 0.05 for the weakest: same answer.
  const base = { n: 5, dz: 1.5, meanDiff: 0.1, significant: false, alpha: 0.05, familySize: 3 };
  const holm = adviseSeeds({ ...base, otherPValues: [1e-4, 2e-4] });
  assert.equal(holm.seedsNeeded, 7);
  // ...but with the others unsettled, Holm's first step (alpha/3) applies and more seeds are needed.
  const unsettled = adviseSeeds({ ...base, otherPValues: [0.5, 0.6] });
  assert.ok((unsettled.seedsNeeded as number) > 7);
});

test('a declared winner gets no advice and only the approximate power figure, labelled so', () => {
  const advice = adviseSeeds({ n: 8, dz: 1.5, meanDiff: 0.1, significant: true, alpha: 0.05, familySize: 1 });
  assert.equal(advice.seedsNeeded, null);
  assert.equal(advice.powerMethod, 'normal-approximation');
  // ((1.96 + 0.84)/1.5)² + 1.92 = 5.4 → 6, divided by Wilcoxon's efficiency 3/π → 7.
  assert.equal(advice.seedsFor80Power, 7);
});
