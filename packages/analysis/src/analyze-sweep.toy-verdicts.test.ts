import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

/** lstm losses from a seeded stream; gru = lstm + offset on the same seed (the same data, so paired). */
function twoCells(seeds: number, gruOffset: number): TrialRow[] {
  const rng = createRng(42);
  return Array.from({ length: seeds }, (_, seed) => {
    const lstm = 0.4 + 0.05 * rng.normal();
    return [
      trialRow({ cell: 'lstm', seed, testLoss: lstm, trainLoss: lstm - 0.05 }),
      trialRow({ cell: 'gru', seed, testLoss: lstm + gruOffset, trainLoss: lstm + gruOffset - 0.05 }),
    ];
  }).flat();
}
const fast = { resamples: 1_000 };

test('gru 0.1 better than lstm on all 8 seeds: "gru beats lstm", p = 2/256', () => {
  const analysis = analyzeSweep(twoCells(8, -0.1), fast);
  assert.equal(analysis.comparisons.length, 1);
  const [c] = analysis.comparisons;
  assert.equal(c?.a, 'gru');
  assert.equal(c?.b, 'lstm');
  assert.equal(c?.pValue, 2 / 256);
  assert.equal(c?.pHolm, 2 / 256);
  assert.equal(c?.winner, 'a');
  assert.ok(Math.abs((c?.meanDiff as number) + 0.1) < 1e-12);
  assert.equal(c?.seedsNeeded, null);
  assert.ok(
    analysis.verdicts.some((line) => /gru beats lstm on test loss \(mean −0\.1, .*p = 0\.0078, n = 8\)/.test(line)),
  );
});

test('identical cells: "no significant difference", p = 1, no seeds advice', () => {
  const analysis = analyzeSweep(twoCells(8, 0), fast);
  const [c] = analysis.comparisons;
  assert.equal(c?.pValue, 1);
  assert.equal(c?.winner, null);
  assert.equal(c?.seedsNeeded, null);
  assert.match(c?.verdict ?? '', /^no significant difference between gru and lstm on test loss/);
});

test('3 seeds: even a consistent gap cannot reach 0.05, and the verdict says 6 seeds are needed', () => {
  const analysis = analyzeSweep(twoCells(3, -0.1), fast);
  const [c] = analysis.comparisons;
  assert.equal(c?.pValue, 0.25); // 2/2^3
  assert.equal(c?.winner, null);
  assert.equal(c?.canReachAlpha, false);
  assert.equal(c?.seedsNeeded, 6);
  assert.match(
    c?.verdict ?? '',
    /3 untied pairs can never reach p < 0\.05 \(best possible p = 0\.25\); at least 6 seeds are needed/,
  );
});

test('three cells at two budgets: 6 comparisons Holm-corrected together, trends per cell, frontier', () => {
  const rows: TrialRow[] = [];
  for (const budget of [5_000, 50_000]) {
    for (let seed = 0; seed < 8; seed++) {
      const base = 0.3 - 0.05 * Math.log10(budget / 5_000) + 0.002 * ((seed * 7) % 5);
      rows.push(trialRow({ cell: 'rnn', seed, paramBudget: budget, paramCount: budget - 3, testLoss: base + 0.2 }));
      rows.push(
        trialRow({
          cell: 'lstm',
          seed,
          paramBudget: budget,
          paramCount: budget - 1,
          testLoss: base + 0.01 * ((seed % 3) - 1),
        }),
      );
      rows.push(trialRow({ cell: 'gru', seed, paramBudget: budget, paramCount: budget - 2, testLoss: base - 0.05 }));
    }
  }
  const analysis = analyzeSweep(rows, fast);
  assert.equal(analysis.groups.length, 6);
  assert.equal(analysis.comparisons.length, 6);
  assert.ok(analysis.comparisons.every((c) => c.familySize === 6));
  // Each exact p is 2/256; Holm multiplies the smallest by 6 and the rest stay at most 0.047 < 0.05.
  const gruRnn = analysis.comparisons.filter((c) => c.a === 'gru' && c.b === 'rnn');
  assert.ok(gruRnn.every((c) => c.winner === 'a' && Math.abs((c.pHolm as number) - 6 * (2 / 256)) < 1e-12));
  assert.equal(analysis.trends.length, 3);
  assert.ok(analysis.trends.every((t) => t.trend.direction === 'falls'));
  const frontier = analysis.frontiers.find((f) => f.metric === 'testLoss');
  // Trials sized from one budget are one size: at each budget only the best mean (gru) is on the frontier, however
  // many parameters rounding gave each cell (rnn's 4,997 against gru's 4,998 is no smaller model).
  assert.deepEqual(
    frontier?.groupMeans.map((p) => [p.arm, p.budget, p.paramCount]),
    [
      ['gru', 5_000, 4_998],
      ['gru', 50_000, 49_998],
    ],
  );
  assert.match(analysis.verdicts[0] ?? '', /^analysed 48 of 48 trials$/);
});
