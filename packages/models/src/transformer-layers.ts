/**
 * The custom tfjs layers the transformer needs and tfjs 4.22 lacks: causal multi-head self-attention, a positional
 * encoding (sinusoidal or learned), a "last step" reader for the per-sequence heads, and a LayerNorm whose
 * gradient is not dominated by tiling (see LayerNorm).
 *
 * Each is registered with `tf.serialization.registerClass`, so a model holding them can be saved and loaded by tfjs;
 * cellsweep's own checkpoints save weights in `model.getWeights()` order, which is the order of `addWeight` calls
 * below, layer by layer.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidModelShapeError } from './errors.js';
import { weightSeed } from './weight-seed.js';
import type { PositionalEncodingKind as PositionalKind } from './model-shape.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type LayerVariable = ReturnType<tf.layers.Layer['addWeight']>;

/**
 * Masked scores get this added before the softmax. Finite (not -Infinity) so a masked score stays a number; any
 * |q·k| the model can reach is far below it, so exp underflows to exactly 0 and a later step's input cannot move
 * an earlier step's output by even one bit (attention.causal test).
 */
const MASKED_SCORE = -1e9;

function singleInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const input = Array.isArray(inputs) ? inputs[0] : inputs;
  if (input === undefined) throw new Error('expected one input tensor');
  return input;
}

function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const first = inputShape[0];
  return (Array.isArray(first) ? first : inputShape) as tf.Shape;
}

function lastDimension(shape: tf.Shape, layer: string): number {
  const size = shape[shape.length - 1];
  if (typeof size !== 'number')
    throw new Error(`${layer}: the feature dimension must be known, got ${JSON.stringify(shape)}`);
  return size;
}

export interface CausalSelfAttentionArgs extends LayerArgs {
  name: string;
  heads: number;
  /** Model seed: each weight's initializer seed is derived from it and the weight's name. */
  seed: number;
}

/**
 * Multi-head causal self-attention over `[batch, time, d]`: per head, softmax(q kᵀ / √(d/h) + mask) v, where the
 * mask hides every later step; heads are concatenated and projected by Wo. Weights (in this order): query, key,
 * value and output kernels [d, d] (glorotUniform, seeded), each followed by its bias [d] (zeros).
 */
export class CausalSelfAttention extends tf.layers.Layer {
  static readonly className = 'CellsweepCausalSelfAttention';
  readonly heads: number;
  readonly seed: number;
  private projections: { kernel: LayerVariable; bias: LayerVariable }[] = [];

  constructor(args: CausalSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = lastDimension(singleShape(inputShape), this.name);
    if (width % this.heads !== 0) {
      throw new InvalidModelShapeError(
        'transformer.heads',
        this.heads,
        `${this.name}: width ${width} is not a multiple of it`,
      );
    }
    this.projections = ['query', 'key', 'value', 'output'].map((role) => ({
      kernel: this.addWeight(
        `${role}_kernel`,
        [width, width],
        'float32',
        tf.initializers.glorotUniform({ seed: weightSeed(this.seed, `${this.name}/${role}_kernel`) }),
      ),
      bias: this.addWeight(`${role}_bias`, [width], 'float32', tf.initializers.zeros()),
    }));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleInput(inputs);
      const [batch, time, width] = x.shape as [number, number, number];
      const headWidth = width / this.heads;
      const flat = x.reshape([batch * time, width]);
      const project = (index: number, input: tf.Tensor): tf.Tensor => {
        const projection = this.projections[index];
        if (!projection) throw new Error(`${this.name}: not built`);
        return tf.add(tf.matMul(input, projection.kernel.read()), projection.bias.read());
      };
      // [batch * time, d] -> [batch, heads, time, d / heads]
      const split = (t: tf.Tensor): tf.Tensor =>
        t.reshape([batch, time, this.heads, headWidth]).transpose([0, 2, 1, 3]);
      const query = split(project(0, flat));
      const key = split(project(1, flat));
      const value = split(project(2, flat));
      const scores = tf.add(tf.mul(tf.matMul(query, key, false, true), 1 / Math.sqrt(headWidth)), causalMask(time));
      const context = tf.matMul(tf.softmax(scores, -1), value); // [batch, heads, time, d / heads]
      const merged = context.transpose([0, 2, 1, 3]).reshape([batch * time, width]);
      return project(3, merged).reshape([batch, time, width]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}

/** [time, time]: 0 where step t may look (s <= t), MASKED_SCORE where it may not (s > t). */
function causalMask(time: number): tf.Tensor2D {
  const values = new Float32Array(time * time);
  for (let t = 0; t < time; t++) values.fill(MASKED_SCORE, t * time + t + 1, (t + 1) * time);
  return tf.tensor2d(values, [time, time]);
}

export interface PositionalEncodingArgs extends LayerArgs {
  name: string;
  positional: PositionalKind;
  seed: number;
}

/**
 * Adds position information to `[batch, time, d]`. `sinusoidal` (Vaswani et al. 2017): PE[t, 2i] = sin(t / 10000^(2i/d)),
 * PE[t, 2i+1] = cos(t / 10000^(2i/d)); no weights, any length. `learned` (GPT): a trained table `embeddings`
 * [T, d] (normal, stddev 0.02 as in GPT-2, seeded), so T must be fixed when the layer is built.
 */
export class PositionalEncodingLayer extends tf.layers.Layer {
  static readonly className = 'CellsweepPositionalEncoding';
  readonly positional: PositionalKind;
  readonly seed: number;
  private table: LayerVariable | null = null;
  /** Sinusoidal values per (time, width), kept as plain numbers: a cached tensor would count as a live tensor. */
  private sinusoidCache = new Map<string, Float32Array>();

  constructor(args: PositionalEncodingArgs) {
    super(args);
    this.positional = args.positional;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const width = lastDimension(shape, this.name);
    if (this.positional === 'learned') {
      const time = shape[1];
      if (typeof time !== 'number') {
        throw new InvalidModelShapeError(
          'transformer.positional',
          'learned',
          `${this.name}: needs a fixed sequence length`,
        );
      }
      const seed = weightSeed(this.seed, `${this.name}/embeddings`);
      this.table = this.addWeight(
        'embeddings',
        [time, width],
        'float32',
        tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed }),
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleInput(inputs);
      const [, time, width] = x.shape as [number, number, number];
      if (this.table) return tf.add(x, this.table.read());
      return tf.add(x, tf.tensor2d(this.sinusoids(time, width), [time, width]));
    });
  }

  private sinusoids(time: number, width: number): Float32Array {
    const key = `${time}x${width}`;
    let values = this.sinusoidCache.get(key);
    if (!values) {
      values = sinusoidalTable(time, width);
      this.sinusoidCache.set(key, values);
    }
    return values;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), positional: this.positional, seed: this.seed };
  }
}

/** Row-major [time, width] sinusoidal table; exported for tests. */
export function sinusoidalTable(time: number, width: number): Float32Array {
  const values = new Float32Array(time * width);
  for (let t = 0; t < time; t++) {
    for (let i = 0; i < width; i++) {
      const angle = t / 10_000 ** ((2 * Math.floor(i / 2)) / width);
      values[t * width + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return values;
}

export interface LayerNormArgs extends LayerArgs {
  name: string;
  epsilon: number;
}

/**
 * LayerNorm over the last axis: (x − mean) / √(var + ε) · gamma + beta, weights `gamma` (ones) and `beta` (zeros)
 * [d], named as tfjs's own. Written out because tfjs-layers' `layerNormalization` tiles gamma, beta and the moments
 * to the full input shape, and the Tile gradient is a Slice + Add per repeat: measured 4,891 kernels and ~100 ms
 * per training step for one d=16 block at batch 32, T=10 (two thirds of it in ~2,000 Slices) on wasm. Broadcasting
 * instead costs a few reductions in the backward pass.
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'CellsweepLayerNorm';
  readonly epsilon: number;
  private gamma: LayerVariable | null = null;
  private beta: LayerVariable | null = null;

  constructor(args: LayerNormArgs) {
    super(args);
    this.epsilon = args.epsilon;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const width = lastDimension(singleShape(inputShape), this.name);
    this.gamma = this.addWeight('gamma', [width], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!this.gamma || !this.beta) throw new Error(`${this.name}: not built`);
      const x = singleInput(inputs);
      const { mean, variance } = tf.moments(x, -1, true);
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

/** `[batch, time, d]` -> `[batch, d]`: the last step, which (causal attention) has seen the whole sequence. */
export class LastStep extends tf.layers.Layer {
  static readonly className = 'CellsweepLastStep';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0] ?? null, shape[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleInput(inputs);
      const [batch, time, width] = x.shape as [number, number, number];
      return x.slice([0, time - 1, 0], [batch, 1, width]).reshape([batch, width]);
    });
  }
}

tf.serialization.registerClass(CausalSelfAttention);
tf.serialization.registerClass(PositionalEncodingLayer);
tf.serialization.registerClass(LastStep);
tf.serialization.registerClass(LayerNorm);
