import assert from 'node:assert/strict';
import { test } from 'node:test';
import { paretoFrontier } from './pareto.js';

test('hand-made points with ties and duplicates', () => {
  const points = [
    { id: 'a', paramCount: 100, loss: 0.5 },
    { id: 'b', paramCount: 100, loss: 0.5 }, // exact duplicate of a: neither dominates, both stay
    { id: 'c', paramCount: 100, loss: 0.6 }, // same params, worse loss: dominated by a
    { id: 'd', paramCount: 200, loss: 0.5 }, // same loss, more params: dominated by a
    { id: 'e', paramCount: 200, loss: 0.4 },
    { id: 'f', paramCount: 300, loss: 0.45 }, // dominated by e
    { id: 'g', paramCount: 400, loss: 0.1 },
    { id: 'h', paramCount: 50, loss: 0.9 },
    { id: 'i', paramCount: 500, loss: NaN }, // diverged: ignored
  ];
  assert.deepEqual(
    paretoFrontier(points).map((p) => p.id),
    ['h', 'a', 'b', 'e', 'g'],
  );
});

test('empty and single-point inputs', () => {
  assert.deepEqual(paretoFrontier([]), []);
  assert.deepEqual(
    paretoFrontier([{ id: 'x', paramCount: 1, loss: 1 }]).map((p) => p.id),
    ['x'],
  );
});

test('matches the O(n²) definition on random points', () => {
  let state = 1;
  const next = (): number => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  for (let round = 0; round < 20; round++) {
    const points = Array.from({ length: 30 }, (_, i) => ({
      id: String(i).padStart(2, '0'),
      paramCount: 1 + Math.floor(next() * 8),
      loss: Math.floor(next() * 8) / 8,
    }));
    const dominated = (p: (typeof points)[number]): boolean =>
      points.some(
        (q) => q.paramCount <= p.paramCount && q.loss <= p.loss && (q.paramCount < p.paramCount || q.loss < p.loss),
      );
    const expected = points
      .filter((p) => !dominated(p))
      .sort((p, q) => p.paramCount - q.paramCount || p.loss - q.loss || (p.id < q.id ? -1 : 1))
      .map((p) => p.id);
    assert.deepEqual(
      paretoFrontier(points).map((p) => p.id),
      expected,
    );
  }
});
