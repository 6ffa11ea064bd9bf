import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adviseSeeds, minSeedsForAlpha, seedsForPower } from './seeds-needed.js';

test('exact two-sided tests need 6 pairs to reach 0.05, more under Holm', () => {
  // 2/2^5 = 0.0625 ≥ 0.05 but 2/2^6 = 0.03125 < 0.05.
  assert.equal(minSeedsForAlpha(0.05), 6);
  // Holm over 3 comparisons: 6/2^n < 0.05 ⇔ 2^n > 120 ⇔ n ≥ 7.
  assert.equal(minSeedsForAlpha(0.05, 3), 7);
  // alpha 0.01: 2^n > 200 ⇔ n ≥ 8.
  assert.equal(minSeedsForAlpha(0.01), 8);
});

test('power by the normal approximation with Guenther correction matches paired-t tables', () => {
  // ((1.95996 + 0.84162)/0.5)² + 1.95996²/2 = 31.40 + 1.92 = 33.3 → 34; G*Power (paired t, d_z = 0.5, 80%) says 34.
  assert.equal(seedsForPower(0.5, 0.05), 34);
  // d_z = 1: 7.85 + 1.92 = 9.77 → 10; G*Power says 10. Sign does not matter.
  assert.equal(seedsForPower(-1, 0.05), 10);
  assert.equal(seedsForPower(0, 0.05), null);
});

test('advice: too few seeds to ever decide', () => {
  // n = 3, all differences equal (d_z undefined): only attainability matters → 6.
  const constant = adviseSeeds({ n: 3, dz: null, meanDiff: 0.1, significant: false, alpha: 0.05, familySize: 1 });
  assert.equal(constant.canReachAlpha, false);
  assert.equal(constant.seedsNeeded, 6);
  // n = 5, a noisy effect d_z = 0.8: power wants ((1.96 + 0.84)/0.8)² + 1.92 = 12.26 + 1.92 → 15.
  const noisy = adviseSeeds({ n: 5, dz: 0.8, meanDiff: 0.1, significant: false, alpha: 0.05, familySize: 1 });
  assert.equal(noisy.seedsNeeded, 15);
  assert.equal(noisy.minSeedsForAlpha, 6);
});

test('advice: none when significant, when no effect was seen, or when n already suffices', () => {
  assert.equal(
    adviseSeeds({ n: 8, dz: 2, meanDiff: 0.1, significant: true, alpha: 0.05, familySize: 1 }).seedsNeeded,
    null,
  );
  assert.equal(
    adviseSeeds({ n: 0, dz: null, meanDiff: 0, significant: false, alpha: 0.05, familySize: 1 }).seedsNeeded,
    null,
  );
  assert.equal(
    adviseSeeds({ n: 40, dz: 0.5, meanDiff: 0.1, significant: false, alpha: 0.05, familySize: 1 }).seedsNeeded,
    null,
  );
});
