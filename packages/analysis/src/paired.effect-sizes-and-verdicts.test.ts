import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cohensDz, rankBiserial } from './effect-size.js';
import { comparePaired, decideComparisons, pairedTest, type Pair } from './paired.js';

const pairs = (a: number[], b: number[]): Pair[] => a.map((value, i) => ({ seed: i, a: value, b: b[i] as number }));

test("Cohen's d_z and the matched-pairs rank-biserial on a hand-worked example", () => {
  // d = [1, 2, 3, −1]: mean 1.25; deviations −0.25, 0.75, 1.75, −2.25; squares sum 0.0625+0.5625+3.0625+5.0625 = 8.75;
  // sd = √(8.75/3) = 1.7078; d_z = 1.25/1.7078 = 0.73193.
  assert.ok(Math.abs((cohensDz([1, 2, 3, -1]) as number) - 1.25 / Math.sqrt(8.75 / 3)) < 1e-15);
  // |d| ranks: 1→1.5, 2→3, 3→4, 1→1.5. W+ = 1.5 + 3 + 4 = 8.5, W− = 1.5; r = (8.5 − 1.5)/10 = 0.7 (Kerby 2014).
  assert.equal(rankBiserial(8.5, 1.5), 0.7);
  const result = pairedTest({ a: 'x', b: 'y', metric: 'testLoss', pairs: pairs([2, 3, 4, 0], [1, 1, 1, 1]) });
  assert.equal(result.effectSize.rankBiserial, 0.7);
  // Equal differences up to rounding (0.3 − 0.2 vs 0.1): no spread, so d_z is undefined rather than 10^15.
  assert.equal(cohensDz([0.3 - 0.2, 0.1, 0.4 - 0.3]), null);
});

test('a winner only below alpha after Holm, with the difference stated winner − loser', () => {
  // gru 0.1 lower than lstm on every one of 8 seeds: exact p = 2/256.
  const lstm = [0.5, 0.42, 0.61, 0.48, 0.55, 0.47, 0.52, 0.58];
  const gru = lstm.map((v) => v - 0.1);
  const c = comparePaired({
    a: 'gru',
    b: 'lstm',
    metric: 'testLoss',
    metricLabel: 'test loss',
    pairs: pairs(gru, lstm),
  });
  assert.equal(c.pValue, 2 / 256);
  assert.equal(c.winner, 'a');
  assert.ok(Math.abs((c.meanDiff as number) + 0.1) < 1e-12);
  assert.match(c.verdict, /^gru beats lstm on test loss \(mean −0\.1, 95% CI \[−0\.1, −0\.1\], p = 0\.0078, n = 8\)$/);
  assert.equal(c.seedsNeeded, null);
});

test('higher-is-better metrics flip who wins', () => {
  const acc = comparePaired(
    {
      a: 'gru',
      b: 'lstm',
      metric: 'testMetric',
      pairs: pairs([0.9, 0.91, 0.92, 0.93, 0.94, 0.95], [0.8, 0.8, 0.8, 0.8, 0.8, 0.8]),
    },
    { higherIsBetter: true },
  );
  assert.equal(acc.winner, 'a');
  const loss = comparePaired({
    a: 'gru',
    b: 'lstm',
    metric: 'x',
    pairs: pairs([0.9, 0.91, 0.92, 0.93, 0.94, 0.95], [0.8, 0.8, 0.8, 0.8, 0.8, 0.8]),
  });
  assert.equal(loss.winner, 'b');
});

test('Holm across a family can take a winner away', () => {
  const strong = pairedTest({ a: 'a', b: 'b', metric: 'm', pairs: pairs([1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7]) });
  const weak = pairedTest({ a: 'a', b: 'c', metric: 'm', pairs: pairs([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]) });
  // Alone: p = 2/64 = 0.031 < 0.05. With a second comparison: Holm p = 2·0.031 = 0.0625 (printed 0.063).
  assert.equal(decideComparisons([strong])[0]?.winner, 'a');
  const [decided] = decideComparisons([strong, weak]);
  assert.equal(decided?.pHolm, 0.0625);
  assert.equal(decided?.winner, null);
  assert.match(decided?.verdict ?? '', /Holm p = 0\.063/);
  assert.match(decided?.verdict ?? '', /after Holm among the 2 comparisons/);
});

test('diverged pairs are left out and said so; no shared seeds means no comparison', () => {
  const c = comparePaired({
    a: 'a',
    b: 'b',
    metric: 'm',
    pairs: [...pairs([1, 2, 3], [2, 3, 4]), { seed: 9, a: NaN, b: 1 }],
  });
  assert.equal(c.n, 3);
  assert.equal(c.droppedPairs, 1);
  assert.match(c.verdict, /1 pair left out/);
  const none = comparePaired({ a: 'a', b: 'b', metric: 'm', pairs: [] });
  assert.equal(none.pValue, null);
  assert.equal(none.winner, null);
  assert.match(none.verdict, /no comparison/);
});
