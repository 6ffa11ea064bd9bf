import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { holmAdjustedAmong } from './seeds-needed.js';
import { wilcoxonPower, wilcoxonRejectionRegion } from './wilcoxon-power.js';

/** The simulation as it was before issue 17: draw each sample, split by sign, sort both halves, rank by merging. */
function powerByRanking(n: number, dz: number, declares: (p: number) => boolean, simulations = 4_000): number {
  const region = wilcoxonRejectionRegion(n, declares);
  if (!region.includes(1)) return 0;
  const rng = createRng(19);
  const noise = Array.from({ length: n * simulations }, () => rng.normal());
  let rejected = 0;
  for (let s = 0, at = 0; s < simulations; s++) {
    const positive: number[] = [];
    const negative: number[] = [];
    for (let i = 0; i < n; i++) {
      const d = dz + (noise[at++] as number);
      if (d > 0) positive.push(d);
      else negative.push(-d);
    }
    positive.sort((x, y) => x - y);
    negative.sort((x, y) => x - y);
    let wPlus = 0;
    for (let i = 0, j = 0, rank = 1; i < positive.length; rank++) {
      if (j < negative.length && (negative[j] as number) < (positive[i] as number)) j++;
      else {
        wPlus += rank;
        i++;
      }
    }
    rejected += region[wPlus] as number;
  }
  return rejected / simulations;
}

test('power by counting Walsh pairs equals power by ranking each sample, to the last bit', () => {
  const alone = (p: number): boolean => p < 0.05;
  const holm = (p: number): boolean => holmAdjustedAmong(p, [0.001, 0.02, 0.3]) < 0.05;
  // dz = 0 puts half the samples' differences on each side; 0.05 and 2.5 near-all-tied and near-all-positive.
  for (const n of [1, 2, 6, 7, 12, 21, 34, 50]) {
    for (const dz of [0, 0.05, 0.3, 0.8, 1.5, 2.5]) {
      for (const declares of [alone, holm]) {
        assert.equal(wilcoxonPower(n, dz, declares), powerByRanking(n, dz, declares), `n ${n}, dz ${dz}`);
      }
    }
  }
});
