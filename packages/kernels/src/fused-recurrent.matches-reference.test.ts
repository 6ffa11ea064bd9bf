import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FusedCellConfig } from './cell-config.js';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import { referenceBackward, referenceForward } from './reference/reference-recurrent.js';
import { availableKernelVariants } from './kernel-selection.js';
import {
  caseConfig,
  CELL_CASES,
  lastStep,
  randomWeights,
  relativeError,
  reportMissingNative,
  seededArray,
  spreadLastStep,
} from './test-fixtures.js';

// Shapes chosen to hit every edge of the wasm code: widths that are not multiples of 4 (padding), odd batches (the
// GEMM's row remainder), H >= 16 (its full 16-column tiles), T = 1 (no recurrent product at all), and H = 33
// (padded 36: gate blocks that straddle the 16-column panels).
const SHAPES = [
  { batch: 3, steps: 5, inputSize: 2, hidden: 5 },
  { batch: 4, steps: 7, inputSize: 8, hidden: 16 },
  { batch: 5, steps: 1, inputSize: 3, hidden: 7 },
  { batch: 2, steps: 4, inputSize: 9, hidden: 21 },
  { batch: 3, steps: 3, inputSize: 5, hidden: 33 },
];

// Every build that runs here: wasm `simd` and `relaxed` (fused multiply-add, where the engine has it), and the native
// addon's `native-avx512` (AVX-512F+DQ), `native-avx2` (AVX2 and FMA) and portable `native-scalar` when it was built.
const VARIANTS = availableKernelVariants();
reportMissingNative(test);

for (const variant of VARIANTS)
  for (const cellCase of CELL_CASES) {
    // The LSTM variants have no native build: kernelVariantFor runs them on wasm (kernel-selection.test.ts).
    if (variant.startsWith('native-') && cellCase.lstmVariant) continue;
    {
      const cell = cellCase.cell;
      test(`${variant} ${cellCase.label}: forward and every gradient match the float64 reference to 1e-5`, () => {
        SHAPES.forEach(({ batch, steps, inputSize, hidden }, index) => {
          const config: FusedCellConfig = caseConfig(cellCase, inputSize, hidden);
          const shape = { batch, steps };
          const weights = randomWeights(config, 10 * index + 1);
          const input = seededArray(batch * steps * inputSize, 10 * index + 5);
          const reference = referenceForward(config, input, shape, weights);
          for (const returnSequences of [true, false]) {
            const label = `${cell} B=${batch} T=${steps} I=${inputSize} H=${hidden} returnSequences=${returnSequences}`;
            const { output, tape } = recurrentForward(config, input, shape, weights, returnSequences, { variant });
            const expectedOutput = returnSequences ? reference : lastStep(reference, shape, hidden);
            assert.ok(
              relativeError(output, expectedOutput) < 1e-5,
              `${label}: output off by ${relativeError(output, expectedOutput)}`,
            );
            const outputGradient = seededArray(output.length, 10 * index + 7);
            const sequenceGradient = returnSequences ? outputGradient : spreadLastStep(outputGradient, shape, hidden);
            assert.ok(tape, 'a training forward pass keeps its tape');
            const actual = recurrentBackward(tape, outputGradient, returnSequences);
            const expected = referenceBackward(config, input, shape, weights, sequenceGradient);
            const keys = [
              'input',
              'kernel',
              'recurrentKernel',
              'bias',
              ...(weights.peephole ? ['peephole' as const] : []),
            ] as const;
            for (const key of keys) {
              const error = relativeError(actual[key] ?? [], expected[key] ?? []);
              assert.ok(error < 1e-5, `${label}: d${key} off by ${error}`);
            }
          }
        });
      });
    }
  }
