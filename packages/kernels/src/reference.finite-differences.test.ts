import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FusedCellConfig } from './cell-config.js';
import type { RecurrentWeights } from './fused-recurrent.js';
import { referenceBackward, referenceForward } from './reference/reference-recurrent.js';
import { caseConfig, CELL_CASES, randomWeights, seededArray } from './test-fixtures.js';

// The reference's hand-written BPTT against central differences of its own forward pass (float64 arithmetic;
// weights stay float32, so the step actually taken is measured rather than assumed).
const shape = { batch: 2, steps: 4 };
const inputSize = 3;
const hidden = 3;

for (const cellCase of CELL_CASES) {
  test(`${cellCase.label}: reference gradients match finite differences`, () => {
    const config: FusedCellConfig = caseConfig(cellCase, inputSize, hidden);
    // Seed 3 puts one relu pre-activation within a step of its kink (4 of 45 differences straddle it); seed 6 does
    // not, and the relu check then holds at every point.
    const weights = randomWeights(config, cellCase.activation === 'relu' ? 6 : 3);
    const input = seededArray(shape.batch * shape.steps * inputSize, 4);
    const lossWeights = seededArray(shape.batch * shape.steps * hidden, 5);
    const loss = (w: RecurrentWeights, x: Float32Array) =>
      referenceForward(config, x, shape, w).reduce((sum, h, i) => sum + h * (lossWeights[i] ?? 0), 0);
    const analytic = referenceBackward(config, input, shape, weights, lossWeights);
    const targets: [keyof typeof analytic, Float32Array][] = [
      ['input', input],
      ['kernel', weights.kernel],
      ['recurrentKernel', weights.recurrentKernel],
      ['bias', weights.bias],
      ...(weights.peephole ? [['peephole', weights.peephole] as [keyof typeof analytic, Float32Array]] : []),
    ];
    let kinked = 0;
    let checked = 0;
    for (const [key, values] of targets) {
      for (let i = 0; i < values.length; i++) {
        const original = values[i] ?? 0;
        values[i] = original + 1e-3;
        const up = values[i] ?? 0;
        const lossUp = loss(weights, input);
        values[i] = original - 1e-3;
        const down = values[i] ?? 0;
        const lossDown = loss(weights, input);
        values[i] = original;
        const numeric = (lossUp - lossDown) / (up - down);
        const exact = analytic[key]?.[i] ?? NaN;
        // Hard sigmoid has kinks at ±2.5, relu at 0: a difference straddling one is not a derivative, so skip those.
        checked += 1;
        if (cellCase.kinked && Math.abs(numeric - exact) > 1e-3) {
          kinked += 1;
          continue;
        }
        assert.ok(
          Math.abs(numeric - exact) <= 1e-4 * Math.max(1, Math.abs(exact)),
          `d${key}[${i}]: analytic ${exact}, numeric ${numeric}`,
        );
      }
    }
    assert.ok(
      kinked <= checked * 0.05,
      `${kinked} of ${checked} differences straddled a kink: too many to trust the check`,
    );
  });
}
