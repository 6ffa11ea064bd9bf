import assert from 'node:assert/strict';
import { test } from 'node:test';
import { midranks } from './ranks.js';
import { spearman } from './spearman.js';

test('midranks share the mean of the ranks they span, and treat rounding noise as a tie', () => {
  assert.deepEqual(midranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4]);
  assert.deepEqual(midranks([0.3 - 0.2, 0.1, 0.5]), [1.5, 1.5, 3]);
});

test('Spearman with ties on a known example', () => {
  // x = 1..5, y = [1, 2, 2, 4, 3]: y midranks [1, 2.5, 2.5, 5, 4]. Centred: x −2..2, y [−2, −.5, −.5, 2, 1].
  // Σxy = 4 + .5 + 0 + 2 + 2 = 8.5; Σx² = 10; Σy² = 9.5; rho = 8.5/√95 = 0.8720815992723809
  // (SciPy 1.17 stats.spearmanr gives 0.8720815992723809).
  const rho = spearman([1, 2, 3, 4, 5], [1, 2, 2, 4, 3]);
  assert.ok(Math.abs((rho as number) - 8.5 / Math.sqrt(95)) < 1e-15);
});

test('perfect monotone relations give ±1, a constant side gives null', () => {
  assert.equal(spearman([1, 10, 100], [3, 2, 1]), -1);
  assert.equal(spearman([1, 2, 3], [1, 4, 9]), 1);
  assert.equal(spearman([1, 2, 3], [5, 5, 5]), null);
  assert.equal(spearman([1], [1]), null);
});
