/**
 * Training throughput of one cell on the active backend, through the exact step the trainer uses: the figure
 * `cellsweep bench` prints. A benchmark, not a test: it reports, it asserts nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, DEFAULT_RECURRENT_IMPLEMENTATION, type CellKind } from '@cellsweep/core';
import { buildModel, paramCount, type ModelShape, type RecurrentImplementation } from '@cellsweep/models';
import { createOptimizer } from './optimizer.js';
import { createTrainStep } from './train-step.js';

export interface ThroughputOptions {
  cell: CellKind;
  hidden: number;
  sequenceLength: number;
  inputSize?: number;
  batchSize?: number;
  /** Timed batches, after two warm-up batches (the first compiles/initialises kernels). */
  batches?: number;
  /** Recurrent layer implementation (see ModelBuildSpec.implementation); default DEFAULT_RECURRENT_IMPLEMENTATION. */
  implementation?: RecurrentImplementation;
}

export interface ThroughputResult {
  backend: string;
  paramCount: number;
  samplesPerSec: number;
  msPerBatch: number;
}

export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const {
    cell,
    hidden,
    sequenceLength,
    inputSize = 8,
    batchSize = 64,
    batches = 8,
    implementation = DEFAULT_RECURRENT_IMPLEMENTATION,
  } = options;
  const shape: ModelShape = {
    cell,
    inputSize,
    hidden,
    layers: 1,
    head: { kind: 'regression', outputSize: 1 },
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
  };
  const rng = createRng(1);
  const model = buildModel({ ...shape, sequenceLength, seed: 1, implementation });
  const optimizer = createOptimizer('adam', 1e-3);
  const x = tf.tensor3d(
    Float32Array.from({ length: batchSize * sequenceLength * inputSize }, () => rng.next()),
    [batchSize, sequenceLength, inputSize],
  );
  const y = tf.tensor2d(
    Float32Array.from({ length: batchSize }, () => rng.next()),
    [batchSize, 1],
  );
  try {
    const step = createTrainStep(model, shape.head, optimizer, 1);
    const batch = { x, y, mask: null };
    for (let i = 0; i < 2; i++) await step(batch);
    const start = performance.now();
    for (let i = 0; i < batches; i++) await step(batch);
    const elapsedMs = performance.now() - start;
    return {
      backend: tf.getBackend(),
      paramCount: paramCount(shape),
      samplesPerSec: (batches * batchSize) / (elapsedMs / 1000),
      msPerBatch: elapsedMs / batches,
    };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}
