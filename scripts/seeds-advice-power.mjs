#!/usr/bin/env node
/**
 * Issue 19 item 4's figures: the "seeds for 80% power" advice before (normal approximation for a paired t-test)
 * and now (the exact Wilcoxon test that decides, simulated), and the power each advice delivers, measured
 * independently: 20,000 seeded samples of n differences ~ N(d_z, 1) through wilcoxonSignedRank itself.
 * Then the Holm step-down case of the issue: what a family's other p-values do to the seeds one comparison needs.
 *
 *   npm run build && node scripts/seeds-advice-power.mjs
 */
import {
  holmAdjustedAmong,
  minSeedsForAlpha,
  seedsForPower,
  seedsForTestPower,
  wilcoxonSignedRank,
} from '../packages/analysis/dist/index.js';
import { createRng } from '../packages/core/dist/index.js';

const DRAWS = 20_000;

/** Share of DRAWS samples the exact Wilcoxon test declares (Holm p < alpha among `others`). */
function deliveredPower(n, dz, others = [], alpha = 0.05) {
  const rng = createRng(1_000 * n + Math.round(100 * dz));
  let declared = 0;
  for (let s = 0; s < DRAWS; s++) {
    const differences = Array.from({ length: n }, () => dz + rng.normal());
    if (holmAdjustedAmong(wilcoxonSignedRank(differences).pValue, others) < alpha) declared++;
  }
  return declared / DRAWS;
}

const fixed = (x) => x.toFixed(3);
console.log('Alone (alpha 0.05), seeds for 80% power and the power they deliver with the exact Wilcoxon test:\n');
console.log('| d_z | before: seeds | delivered | now: seeds | delivered |');
console.log('|---|---|---|---|---|');
const delivered = [];
for (const dz of [0.6, 0.8, 1, 1.2, 1.5, 2, 2.5, 3]) {
  const before = Math.max(seedsForPower(dz, 0.05), minSeedsForAlpha(0.05));
  const now = seedsForTestPower({ dz, alpha: 0.05, otherPValues: [] });
  const [powerBefore, powerNow] = [deliveredPower(before, dz), deliveredPower(now.seeds, dz)];
  delivered.push([powerBefore, powerNow]);
  console.log(`| ${dz} | ${before} | ${fixed(powerBefore)} | ${now.seeds} | ${fixed(powerNow)} |`);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `\nDelivered power, before: median ${fixed(median(delivered.map((d) => d[0])))}, ` +
    `min ${fixed(Math.min(...delivered.map((d) => d[0])))}; ` +
    `now: median ${fixed(median(delivered.map((d) => d[1])))}, ` +
    `min ${fixed(Math.min(...delivered.map((d) => d[1])))}`,
);

console.log('\nHolm step-down, a family of 3 (alpha 0.05): the fewest seeds that can ever reach a verdict');
for (const others of [
  [1e-4, 2e-4],
  [1e-4, 0.9],
  [0.5, 0.6],
]) {
  const [now, before] = [minSeedsForAlpha(0.05, 3, others), minSeedsForAlpha(0.05, 3)];
  console.log(`  others' p ${others.join(', ')}: ${now} seeds (before, from alpha/3: ${before})`);
}
