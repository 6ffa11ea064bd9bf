/**
 * The transformer baseline's body: a small causal (decoder-only, GPT-like) pre-LN transformer, from the input
 * sequence to the final LayerNorm's `[batch, time, d]`. `buildModel` puts the same heads on it as on the recurrent
 * stacks. Design notes and the parameter formula: docs/transformer.md.
 */
import * as tf from '@tensorflow/tfjs';
import { weightSeed } from './weight-seed.js';
import type { ModelBuildSpec } from './model-shape.js';
import { CausalSelfAttention, LastStep, LayerNorm, PositionalEncodingLayer } from './transformer-layers.js';
import { transformerOptions } from './validate-shape.js';

/** Layer names are part of the checkpoint format (weights are saved by layer name): do not rename casually. */
export const TRANSFORMER_LAYER_NAMES = {
  inputProjection: 'input_projection',
  position: 'position',
  finalNorm: 'final_norm',
  lastStep: 'last_step',
} as const;

/** Names of the layers of block `index` (0 = closest to the input), in the order they run. */
export function transformerBlockLayerNames(index: number) {
  const block = `block_${index}`;
  return {
    norm1: `${block}_norm_1`,
    attention: `${block}_attention`,
    residual1: `${block}_add_1`,
    norm2: `${block}_norm_2`,
    feedForward1: `${block}_ff_1`,
    feedForward2: `${block}_ff_2`,
    residual2: `${block}_add_2`,
  };
}

/**
 * LayerNorm epsilon: PyTorch's and GPT-2's 1e-5 rather than tfjs's 1e-3, which at these small widths would
 * noticeably damp the normalisation of low-variance activations.
 */
const LAYER_NORM_EPSILON = 1e-5;

/**
 * Input projection Dense(I→d) → positional encoding → `layers` pre-LN blocks → final LayerNorm. Each block is
 * `x + Attention(LN(x))` then `x + FF(LN(x))` with FF = Dense(d→f·d, ReLU) → Dense(f·d→d). Every step attends
 * only to itself and earlier steps, whatever the task: next-character prediction cannot peek at its target, and the
 * per-sequence heads lose nothing, since the last step sees the whole sequence. ReLU rather than GPT-2's GELU: one
 * cheap op on wasm instead of an erf and several more, the same parameter count (docs/transformer.md). With `perStep` false the result is the last step only, `[batch, d]`.
 */
export function transformerBody(spec: ModelBuildSpec, input: tf.SymbolicTensor, perStep: boolean): tf.SymbolicTensor {
  const { heads, ffMultiplier, positional } = transformerOptions(spec);
  const width = spec.hidden;
  const dense = (name: string, units: number, activation: 'linear' | 'relu') =>
    tf.layers.dense({
      units,
      activation,
      name,
      kernelInitializer: tf.initializers.glorotUniform({ seed: weightSeed(spec.seed, `${name}/kernel`) }),
      biasInitializer: 'zeros',
    });
  const layerNorm = (name: string) => new LayerNorm({ name, epsilon: LAYER_NORM_EPSILON });

  const names = TRANSFORMER_LAYER_NAMES;
  let x = dense(names.inputProjection, width, 'linear').apply(input) as tf.SymbolicTensor;
  x = new PositionalEncodingLayer({ name: names.position, positional, seed: spec.seed }).apply(x) as tf.SymbolicTensor;
  for (let index = 0; index < spec.layers; index += 1) {
    const block = transformerBlockLayerNames(index);
    const attended = new CausalSelfAttention({ name: block.attention, heads, seed: spec.seed }).apply(
      layerNorm(block.norm1).apply(x),
    ) as tf.SymbolicTensor;
    x = tf.layers.add({ name: block.residual1 }).apply([x, attended]) as tf.SymbolicTensor;
    const expanded = dense(block.feedForward1, ffMultiplier * width, 'relu').apply(layerNorm(block.norm2).apply(x));
    const fed = dense(block.feedForward2, width, 'linear').apply(expanded) as tf.SymbolicTensor;
    x = tf.layers.add({ name: block.residual2 }).apply([x, fed]) as tf.SymbolicTensor;
  }
  x = layerNorm(names.finalNorm).apply(x) as tf.SymbolicTensor;
  return perStep ? x : (new LastStep({ name: names.lastStep }).apply(x) as tf.SymbolicTensor);
}
