import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRandom } from './random.js';
import type { SearchSpace } from './types.js';

test('categorical frequencies are near uniform over 5,000 draws (chi-square, 4 df)', () => {
  const choices = ['a', 'b', 'c', null, 7] as const;
  const space: SearchSpace = [{ name: 'choice', domain: { kind: 'categorical', choices } }];
  const draws = 5_000;
  const counts = new Map<unknown, number>(choices.map((c) => [c, 0]));
  for (let k = 0; k < draws; k++) {
    const value = sampleRandom(space, 2026, k).choice;
    counts.set(value, (counts.get(value) ?? NaN) + 1);
  }
  const expected = draws / choices.length;
  const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
  // chi-square(4) exceeds 18.47 with p = 0.001; a broken sampler (one choice never drawn) scores >= 1,250.
  assert.ok(chiSquare < 18.47, `chi-square ${chiSquare} for counts ${[...counts.values()].join(', ')}`);
});

test('a log-uniform float has its median at the geometric mean of its bounds', () => {
  // Uniform in log space: the median of log x is (log 1e-4 + log 1)/2 = log 1e-2.
  const space: SearchSpace = [{ name: 'lr', domain: { kind: 'float', low: 1e-4, high: 1, log: true } }];
  const logs = Array.from({ length: 5_000 }, (_, k) => Math.log10(sampleRandom(space, 9, k).lr as number)).sort(
    (a, b) => a - b,
  );
  const median = ((logs[2_499] as number) + (logs[2_500] as number)) / 2;
  // log10 x is uniform on [-4, 0] (sd 1.15); the median's sd is about 1.25·1.15/√5000 = 0.02.
  assert.ok(Math.abs(median - -2) < 0.1, `median log10 ${median}`);
  // And a linear float's median is the arithmetic mean, so log did change the scale.
  const linear: SearchSpace = [{ name: 'x', domain: { kind: 'float', low: 1e-4, high: 1 } }];
  const xs = Array.from({ length: 5_000 }, (_, k) => sampleRandom(linear, 9, k).x as number).sort((a, b) => a - b);
  assert.ok(Math.abs((xs[2_500] as number) - 0.5) < 0.03, `median ${xs[2_500]}`);
});
