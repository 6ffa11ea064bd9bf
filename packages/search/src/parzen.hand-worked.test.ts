import assert from 'node:assert/strict';
import { test } from 'node:test';
import { categoricalProbabilities, mixtureLogDensity, mixtureLogMass, numericMixture } from './parzen.js';
import { ageWeights } from './tpe.js';

const close = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

test('bandwidths: larger neighbour gap, inner gap at the ends, magic clip, prior N(mid, range)', () => {
  // Points 0.1 and 0.7 on [0, 1] with the prior at 0.5: sorted 0.1, 0.5, 0.7. The end-most take the inner gap:
  // 0.1 -> 0.5 − 0.1 = 0.4, 0.7 -> 0.7 − 0.5 = 0.2, which the clip raises to range / min(100, 1 + 3) = 0.25.
  const m = numericMixture([0.1, 0.7], [1, 1], 0, 1, 1);
  assert.deepEqual(m.mus, [0.1, 0.7, 0.5]);
  m.sigmas.forEach((s, i) => close(s, [0.4, 0.25, 1][i] as number, 1e-15, `sigma ${i}`));
  m.weights.forEach((w) => close(w, 1 / 3, 1e-15, 'weight'));
});

test('the truncated mixture integrates to 1 over its bounds, and int cells sum to 1', () => {
  const m = numericMixture([-1.9, 0.3, 0.35, 1.7, 2], [0.4, 1, 1, 1, 1], -2, 2, 1);
  // Midpoint rule on 10,000 steps (h = 4e-4; error ≈ h²/24·∫|f″| < 1e-7 for bandwidths >= 4/7).
  const steps = 10_000;
  const h = 4 / steps;
  let integral = 0;
  for (let i = 0; i < steps; i++) integral += Math.exp(mixtureLogDensity(m, -2 + (i + 0.5) * h)) * h;
  close(integral, 1, 1e-6, 'integral of the density');
  // As an int domain [1, 9] on the widened scale [0.5, 9.5]: the nine cells partition it.
  const ints = numericMixture([1, 2, 2, 7], [1, 1, 1, 1], 0.5, 9.5, 1);
  let total = 0;
  for (let v = 1; v <= 9; v++) total += Math.exp(mixtureLogMass(ints, v - 0.5, v + 0.5));
  close(total, 1, 1e-6, 'sum of cell masses');
  // And a narrow cell's mass is its width times the density (the midpoint branch agrees with the CDF branch).
  close(Math.exp(mixtureLogMass(m, 0.5, 0.5001)), 1e-4 * Math.exp(mixtureLogDensity(m, 0.50005)), 1e-10, 'narrow cell');
});

test('categorical: one smoothed kernel per observation plus a uniform prior (Optuna)', () => {
  // Observations 0, 0, 1 of k = 3, weights 1 and prior weight 1: the mixture weights are 1/4 each. Smoothing
  // a = 1/(n + 1) = 1/4, so each observation's kernel is 5/7 on its own category and 1/7 on the others; the prior
  // is 1/3 each. p(0) = (5/7 + 5/7 + 1/7)/4 + 1/12 = 10/21, p(1) = (1/7 + 1/7 + 5/7)/4 + 1/12 = 7/21, p(2) = 4/21.
  const p = categoricalProbabilities([0, 0, 1], [1, 1, 1], 3, 1);
  p.forEach((v, i) => close(v, [10 / 21, 7 / 21, 4 / 21][i] as number, 1e-15, `p[${i}]`));
  // No observations: the prior alone, uniform.
  categoricalProbabilities([], [], 4, 1).forEach((v) => close(v, 1 / 4, 1e-15, 'empty'));
});

test("age weights follow Optuna's default_weights", () => {
  assert.deepEqual(ageWeights(0), []);
  assert.deepEqual(ageWeights(24), new Array(24).fill(1));
  // n = 27: a ramp of n − 25 = 2 from 1/27 to 1, then 25 ones.
  const w = ageWeights(27);
  assert.equal(w.length, 27);
  close(w[0] as number, 1 / 27, 1e-15, 'oldest');
  assert.deepEqual(w.slice(1), new Array(26).fill(1));
  // n = 35: linspace(1/35, 1, 10): step (1 − 1/35)/9.
  const w35 = ageWeights(35);
  close(w35[1] as number, 1 / 35 + (1 - 1 / 35) / 9, 1e-15, 'second oldest');
});
