import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import type { FusedCellKind } from './cell-config.js';
import { fusedRecurrent } from './fused-layer.js';
import { resolveKernelVariant, type KernelVariantPreference } from './kernel-selection.js';
import { nativeKernels } from './native-module.js';
import { CELLS, relativeError, reportMissingNative, seededArray } from './test-fixtures.js';

// The fused layer against tfjs-layers' own cells (autodiff through ~12 ops per step), same weights, on tfjs's cpu
// backend: outputs and the gradients of every weight and of the input must agree to 1e-4 relative.
interface Case {
  batch: number;
  steps: number;
  inputSize: number;
  hidden: number;
  returnSequences: boolean;
}
const CASES: Case[] = [
  { batch: 3, steps: 6, inputSize: 4, hidden: 5, returnSequences: true },
  { batch: 8, steps: 12, inputSize: 8, hidden: 16, returnSequences: false },
  { batch: 2, steps: 3, inputSize: 1, hidden: 33, returnSequences: true },
];

function tfjsLayer(
  cell: FusedCellKind,
  hidden: number,
  hard: boolean,
  unitForgetBias: boolean,
  returnSequences: boolean,
  name: string,
) {
  const common = {
    units: hidden,
    returnSequences,
    name,
    kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: 12 }),
    biasInitializer: 'zeros' as const,
    activation: 'tanh' as const,
  };
  const recurrentActivation = hard ? ('hardSigmoid' as const) : ('sigmoid' as const);
  if (cell === 'rnn') return tf.layers.simpleRNN(common);
  if (cell === 'gru') return tf.layers.gru({ ...common, recurrentActivation });
  return tf.layers.lstm({ ...common, recurrentActivation, unitForgetBias });
}

// The wasm kernels, and the native ones (their best instruction set) when the addon was built.
const KERNELS: KernelVariantPreference[] = nativeKernels().addon ? ['wasm', 'native'] : ['wasm'];
reportMissingNative(test);

function fusedLayer(
  kernels: KernelVariantPreference,
  cell: FusedCellKind,
  hidden: number,
  hard: boolean,
  unitForgetBias: boolean,
  returnSequences: boolean,
  name: string,
) {
  return fusedRecurrent({
    variant: kernels,
    cell,
    units: hidden,
    returnSequences,
    name,
    kernelInitializer: tf.initializers.glorotUniform({ seed: 11 }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: 12 }),
    recurrentActivation: hard ? 'hardSigmoid' : 'sigmoid',
    unitForgetBias,
  });
}

/** Output and gradients of sum(output ∘ lossWeights) w.r.t. the input and every weight. */
function run(layer: tf.layers.Layer, input: tf.Tensor3D, lossWeights: Float32Array) {
  const x = tf.variable(input);
  const result = tf.tidy(() => {
    const output = layer.apply(x) as tf.Tensor;
    const variables = [x, ...layer.trainableWeights.map((weight) => weight.read() as tf.Variable)];
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, tf.tensor(lossWeights, output.shape))),
      variables,
    );
    return {
      output: output.dataSync().slice(),
      grads: variables.map((v) => grads[v.name]?.dataSync().slice() ?? new Float32Array(0)),
    };
  });
  x.dispose();
  return result;
}

for (const kernels of KERNELS)
  for (const cell of CELLS) {
    for (const hard of cell === 'rnn' ? [false] : [false, true]) {
      for (const unitForgetBias of cell === 'lstm' ? [false, true] : [false]) {
        const label = `${resolveKernelVariant(kernels)} ${cell}${hard ? ' hardSigmoid' : ' sigmoid'}${unitForgetBias ? ' unitForgetBias' : ''}`;
        test(`${label}: fused layer matches tfjs-layers (init, output, all gradients) across shapes`, async () => {
          await tf.setBackend('cpu');
          CASES.forEach(({ batch, steps, inputSize, hidden, returnSequences }, index) => {
            const where = `${label} B=${batch} T=${steps} I=${inputSize} H=${hidden} seq=${returnSequences}`;
            const reference = tfjsLayer(cell, hidden, hard, unitForgetBias, returnSequences, `ref_${index}`);
            const fused = fusedLayer(kernels, cell, hidden, hard, unitForgetBias, returnSequences, `fused_${index}`);
            const input = tf.tensor3d(seededArray(batch * steps * inputSize, index + 1), [batch, steps, inputSize]);
            // Applying builds (calling build() directly would make tfjs's RNN build its cell twice).
            tf.tidy(() => void [reference.apply(input), fused.apply(input)]);
            // Same seeds, same initializers: the two layers start from bit-identical weights.
            const referenceWeights = reference.getWeights();
            const fusedWeights = fused.getWeights();
            assert.deepEqual(
              fusedWeights.map((w) => w.shape),
              referenceWeights.map((w) => w.shape),
              where,
            );
            fusedWeights.forEach((w, i) =>
              assert.deepEqual(w.dataSync(), referenceWeights[i]?.dataSync(), `${where}: initial weight ${i}`),
            );
            // Random (not orthogonal/zero) weights exercise every gate; copy them into both layers.
            const weights = referenceWeights.map((w, i) => tf.tensor(seededArray(w.size, 100 + i, 0.5), w.shape));
            reference.setWeights(weights);
            fused.setWeights(weights);
            const outputSize = batch * hidden * (returnSequences ? steps : 1);
            const lossWeights = seededArray(outputSize, 50 + index);
            const expected = run(reference, input, lossWeights);
            const actual = run(fused, input, lossWeights);
            assert.ok(
              relativeError(actual.output, expected.output) < 1e-4,
              `${where}: output off by ${relativeError(actual.output, expected.output)}`,
            );
            ['input', 'kernel', 'recurrent_kernel', 'bias'].forEach((name, i) => {
              const error = relativeError(actual.grads[i] ?? [], expected.grads[i] ?? []);
              assert.ok(error < 1e-4, `${where}: d${name} off by ${error}`);
            });
            // getWeights() hands back the variables themselves: disposing the layers frees them.
            tf.dispose([input, ...weights]);
            reference.dispose();
            fused.dispose();
          });
        });
      }
    }
  }
