/**
 * Known answers for the gradient slope through the trainer's own probe (`measureGradientReach`): a linear
 * recurrence h_t = W h_{t−1} + U x_t with W = ρQ and U orthogonal, loss on the last step. Then
 * ‖∂L/∂x_{T−k}‖ = ρ^k ‖∂L/∂h_T‖ exactly for every sample, so the slope per step back is ln ρ.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng, gradientRegime } from '@cellsweep/core';
import { gradientReach, measureGradientReach } from './gradient-reach.js';
import { useWasm } from './test-helpers.js';

before(useWasm);

const STEPS = 12;
const UNITS = 6;

/** A seeded random orthogonal matrix (Gram–Schmidt on Gaussian columns, in float64). */
function orthogonal(size: number, seed: number): number[][] {
  const rng = createRng(seed);
  const columns: number[][] = [];
  while (columns.length < size) {
    const v = Array.from({ length: size }, () => rng.normal());
    for (const q of columns) {
      const dot = v.reduce((sum, x, i) => sum + x * (q[i] as number), 0);
      for (let i = 0; i < size; i++) v[i] = (v[i] as number) - dot * (q[i] as number);
    }
    const norm = Math.hypot(...v);
    columns.push(v.map((x) => x / norm));
  }
  return Array.from({ length: size }, (_, i) => columns.map((column) => column[i] as number));
}

/** SimpleRNN with a linear activation and no bias, then Dense(1): the regression head reads the last step. */
function linearRecurrence(spectralRadius: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.simpleRNN({ units: UNITS, activation: 'linear', useBias: false, inputShape: [STEPS, UNITS] }),
      tf.layers.dense({ units: 1, useBias: false }),
    ],
  });
  const recurrent = orthogonal(UNITS, 2).map((row) => row.map((x) => spectralRadius * x));
  const [, , dense] = model.getWeights();
  model.setWeights([tf.tensor2d(orthogonal(UNITS, 1)), tf.tensor2d(recurrent), dense as tf.Tensor]);
  return model;
}

const head = { kind: 'regression', outputSize: 1 } as const;

for (const [spectralRadius, regime] of [
  [0.5, 'vanishing'],
  [1, 'stable'],
  [2, 'exploding'],
] as const) {
  test(`spectral radius ${spectralRadius}: the probe's slope is ln ${spectralRadius} per step (${regime})`, () => {
    const model = linearRecurrence(spectralRadius);
    const batch = {
      x: tf.randomNormal([8, STEPS, UNITS], 0, 1, 'float32', 5) as tf.Tensor3D,
      y: tf.ones([8, 1]),
      mask: null,
    };
    const { norms, slope, reach } = measureGradientReach(model, head, batch);
    assert.equal(norms.length, STEPS);
    // Every step's ratio to the next is ρ (float32 rounding only), not just the fit.
    for (let t = 0; t < STEPS - 1; t++)
      assert.ok(Math.abs((norms[t] as number) / (norms[t + 1] as number) - spectralRadius) < 1e-5);
    assert.ok(slope !== null && Math.abs(slope - Math.log(spectralRadius)) < 1e-5, `slope ${slope}`);
    assert.equal(gradientRegime(slope), regime);
    assert.equal(reach, gradientReach(norms));
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
}

test('growth ×10 per step: the reach reads 0, as for no gradient; the slope reads +ln 10', () => {
  const model = linearRecurrence(10);
  const batch = {
    x: tf.randomNormal([4, STEPS, UNITS], 0, 1, 'float32', 7) as tf.Tensor3D,
    y: tf.ones([4, 1]),
    mask: null,
  };
  const { norms, slope, reach } = measureGradientReach(model, head, batch);
  assert.equal(reach, 0, `norms ${norms.join(', ')}`);
  assert.ok(slope !== null && Math.abs(slope - Math.log(10)) < 1e-5, `slope ${slope}`);
  assert.equal(gradientRegime(slope), 'exploding');
  tf.dispose([batch.x, batch.y]);
  model.dispose();
});
