import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggestTpe } from './tpe.js';
import type { Observation, SearchSpace } from './types.js';

const space: SearchSpace = [{ name: 'x', domain: { kind: 'float', low: -5, high: 5 } }];

// Twenty trials near x = −4 were stopped after 1 epoch with low early losses (0.10-0.29); ten near x = +4 trained
// the full 9 epochs to 0.50-0.59. Raw values say −4; but a loss after 1 epoch does not compare with one after 9.
const observations: Observation[] = [
  ...Array.from({ length: 20 }, (_, i) => ({ index: i, params: { x: -4 + i / 100 }, value: 0.1 + i / 100, budget: 1 })),
  ...Array.from({ length: 10 }, (_, i) => ({
    index: 20 + i,
    params: { x: 4 - i / 100 },
    value: 0.5 + i / 100,
    budget: 9,
  })),
];

test('with budgets, the larger budget ranks first (Optuna ranks pruned trials this way)', () => {
  const suggest = (obs: readonly Observation[]): number[] =>
    Array.from({ length: 20 }, (_, k) => suggestTpe(space, 1, 30 + k, obs).x as number);
  const withBudget = suggest(observations);
  const withoutBudget = suggest(observations.map(({ budget: _, ...rest }) => rest));
  // The good group is ceil(0.1·30) = 3 observations: the best three at budget 9 (x ≈ 4), or else the three lowest
  // raw values (x ≈ −4). l(x) is then centred there, so most suggestions land on that side.
  assert.ok(withBudget.filter((x) => x > 0).length >= 15, `with budgets: ${withBudget.map((x) => x.toFixed(1))}`);
  assert.ok(withoutBudget.filter((x) => x < 0).length >= 15, `without: ${withoutBudget.map((x) => x.toFixed(1))}`);
});
