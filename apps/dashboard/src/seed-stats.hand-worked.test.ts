import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paretoFrontier, summarise } from './seed-stats.js';

test('mean, sd, t interval and quartiles match a hand-worked example', () => {
  // 1, 2, 3, 4: mean 2.5, sd sqrt(5/3) = 1.29099, t(3) = 3.182, half-width 3.182 * 1.29099 / 2 = 2.05397.
  const summary = summarise([4, 1, 3, 2, Number.NaN, null]);
  assert.ok(summary);
  assert.equal(summary.n, 4);
  assert.equal(summary.mean, 2.5);
  assert.ok(Math.abs((summary.sd ?? 0) - 1.290994) < 1e-6);
  assert.ok(summary.ci);
  assert.ok(Math.abs(summary.ci[0] - (2.5 - 2.053972)) < 1e-5);
  assert.ok(Math.abs(summary.ci[1] - (2.5 + 2.053972)) < 1e-5);
  assert.equal(summary.q1, 1.75);
  assert.equal(summary.median, 2.5);
  assert.equal(summary.q3, 3.25);
  assert.equal(summary.nonFinite, 1);
});

test('one value has no interval; no finite values has no summary', () => {
  assert.equal(summarise([0.3])?.ci, null);
  assert.equal(summarise([Number.NaN, null]), null);
});

test('the Pareto frontier keeps only points no smaller model beats', () => {
  const points = [
    { id: 'a', paramCount: 100, loss: 0.9 },
    { id: 'b', paramCount: 200, loss: 0.95 },
    { id: 'c', paramCount: 300, loss: 0.5 },
    { id: 'd', paramCount: 300, loss: 0.7 },
    { id: 'e', paramCount: 400, loss: Number.NaN },
    { id: 'f', paramCount: 500, loss: 0.4 },
  ];
  assert.deepEqual(paretoFrontier(points).map((p) => p.id), ['a', 'c', 'f']);
});
