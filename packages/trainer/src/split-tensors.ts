/** Holds one dataset split as tensors and cuts it into batches (optionally in a seeded shuffled order). */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from '@cellsweep/models';
import { lengthOrder } from './length-buckets.js';
import { variance, type Batch, type SplitFacts } from './objective.js';

/** The plain-array split the datasets package produces. */
export interface PlainSplit {
  count: number;
  /** Steps per sequence; splits of one dataset may differ (length generalization). */
  sequenceLength: number;
  x: Float32Array;
  y: Float32Array | Int32Array;
  mask?: Float32Array | null;
  /** Variable-length data only: each sequence's real steps (the rest of its `sequenceLength` is padding). */
  lengths?: Int32Array | null;
}

export class SplitTensors {
  readonly count: number;
  readonly sequenceLength: number;
  /** What metrics need besides the batch sums (the targets' variance, for NMSE). */
  readonly facts: SplitFacts;
  private readonly x: tf.Tensor3D;
  private readonly y: tf.Tensor;
  private readonly mask: tf.Tensor2D | null;
  private readonly last: tf.Tensor2D | null;
  private readonly lengths: Int32Array | null;
  /** `lengthOrder(lengths)`, sorted on first use and kept: evaluation runs every epoch over the same split. */
  private byLengthOrder: Int32Array | null = null;
  private readonly perStepTargets: boolean;

  constructor(split: PlainSplit, inputSize: number, head: HeadSpec) {
    const { sequenceLength } = split;
    // First, so bad lengths throw before any tensor exists.
    this.last = split.lengths ? lastStepOneHot(split.lengths, sequenceLength) : null;
    this.lengths = split.lengths ?? null;
    this.perStepTargets = head.kind === 'sequence-classification';
    this.count = split.count;
    this.sequenceLength = sequenceLength;
    this.facts = { targetVariance: head.kind === 'regression' ? variance(split.y) : NaN };
    this.x = tf.tensor3d(split.x, [split.count, sequenceLength, inputSize]);
    this.y = targetTensor(split, sequenceLength, head);
    this.mask = split.mask ? tf.tensor2d(split.mask, [split.count, sequenceLength]) : null;
  }

  /**
   * Batch of the given sample indices; the caller disposes it (see disposeBatch). With `trim`, padded data is cut
   * to the batch's longest sequence: the steps after it are padding in every sample, and no real step sees them.
   */
  gather(indices: Int32Array, trim = false): Batch {
    const steps = trim && this.lengths ? longest(this.lengths, indices, this.sequenceLength) : this.sequenceLength;
    const index = tf.tensor1d(indices, 'int32');
    const take = <T extends tf.Tensor>(tensor: T, hasSteps = true): T => {
      const gathered = tf.gather(tensor, index) as T;
      if (!hasSteps || steps === this.sequenceLength) return gathered;
      const cut = gathered.slice([0, 0], [-1, steps]) as T;
      gathered.dispose();
      return cut;
    };
    const batch: Batch = {
      x: take(this.x),
      y: take(this.y, this.perStepTargets),
      mask: this.mask ? take(this.mask) : null,
      ...(this.last ? { last: take(this.last) } : {}),
    };
    index.dispose();
    return batch;
  }

  /**
   * Padded data: batches of similar length, each cut to its longest sequence (the split sorted by length, stable,
   * then cut into `batchSize`). Data of one length: `inOrder`.
   */
  *byLength(batchSize: number): Generator<Batch> {
    const lengths = this.lengths;
    if (lengths === null) {
      yield* this.inOrder(batchSize);
      return;
    }
    this.byLengthOrder ??= lengthOrder(lengths);
    const order = this.byLengthOrder;
    for (let start = 0; start < order.length; start += batchSize) {
      yield this.gather(order.slice(start, start + batchSize), true);
    }
  }

  /** Contiguous batches in order (for evaluation). */
  *inOrder(batchSize: number): Generator<Batch> {
    for (let start = 0; start < this.count; start += batchSize) {
      const size = Math.min(batchSize, this.count - start);
      yield {
        x: this.x.slice([start, 0, 0], [size, -1, -1]),
        y: this.y.slice(start, size),
        mask: this.mask ? this.mask.slice([start, 0], [size, -1]) : null,
        ...(this.last ? { last: this.last.slice([start, 0], [size, -1]) } : {}),
      };
    }
  }

  dispose(): void {
    this.x.dispose();
    this.y.dispose();
    this.mask?.dispose();
    this.last?.dispose();
  }
}

export function disposeBatch(batch: Batch): void {
  batch.x.dispose();
  batch.y.dispose();
  batch.mask?.dispose();
  batch.last?.dispose();
}

/**
 * The longest of the samples' lengths, at least 2 steps: tfjs-layers cannot differentiate its recurrent layers or
 * timeDistributed on a one-step input (tfjs 4.22), and one padded step changes no real one.
 */
function longest(lengths: Int32Array, indices: Int32Array, sequenceLength: number): number {
  let steps = Math.min(2, sequenceLength);
  for (const index of indices) steps = Math.max(steps, lengths[index] as number);
  return steps;
}

/** `[count, sequenceLength]`: 1 at step `lengths[n] - 1` of sequence n (see Batch.last). */
function lastStepOneHot(lengths: Int32Array, sequenceLength: number): tf.Tensor2D {
  const values = new Float32Array(lengths.length * sequenceLength);
  lengths.forEach((length, n) => {
    if (!(length >= 1 && length <= sequenceLength)) {
      throw new RangeError(`sequence ${n} has length ${length}; lengths must be 1..${sequenceLength}`);
    }
    values[n * sequenceLength + length - 1] = 1;
  });
  return tf.tensor2d(values, [lengths.length, sequenceLength]);
}

function targetTensor(split: PlainSplit, sequenceLength: number, head: HeadSpec): tf.Tensor {
  switch (head.kind) {
    case 'regression':
      return tf.tensor2d(split.y, [split.count, head.outputSize], 'float32');
    case 'classification':
      return tf.tensor1d(Int32Array.from(split.y), 'int32');
    case 'sequence-classification':
      return tf.tensor2d(Int32Array.from(split.y), [split.count, sequenceLength], 'int32');
  }
}
