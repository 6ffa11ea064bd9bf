/**
 * Checkpoints of a trial in training: weights, optimizer state and early-stopping state after an epoch, so a
 * retried or resumed trial continues where it was (bit-identical on the same backend) instead of from scratch.
 *
 * Binary layout (little-endian): "CSCK" | uint32 header length | UTF-8 JSON header | zero padding to 4 bytes |
 * float32 values of every tensor in header order. Compact (a 5k-parameter Adam run is ~60 KB) and needs no
 * dependency; the header names the version so the format can evolve.
 */
import * as tf from '@tensorflow/tfjs';

export interface SerializedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface TrainerCheckpoint {
  /** Epochs completed. */
  epoch: number;
  /** Model weights in `model.getWeights()` order. */
  weights: SerializedTensor[];
  /** Optimizer state in `optimizer.getWeights()` order (tfjs matches accumulators to variables by position). */
  optimizer: SerializedTensor[];
  best: { epoch: number; valLoss: number; weights: SerializedTensor[] | null };
}

const MAGIC = 0x4b435343; // "CSCK"
const VERSION = 1;

interface Header {
  version: number;
  epoch: number;
  best: { epoch: number; valLoss: number | null; hasWeights: boolean };
  tensors: { group: 'weights' | 'optimizer' | 'best'; name: string; shape: number[] }[];
}

export function encodeCheckpoint(checkpoint: TrainerCheckpoint): Uint8Array {
  const groups = [
    ['weights', checkpoint.weights],
    ['optimizer', checkpoint.optimizer],
    ['best', checkpoint.best.weights ?? []],
  ] as const;
  const header: Header = {
    version: VERSION,
    epoch: checkpoint.epoch,
    // JSON has no Infinity: a checkpoint before any validation improvement stores null.
    best: { epoch: checkpoint.best.epoch, valLoss: Number.isFinite(checkpoint.best.valLoss) ? checkpoint.best.valLoss : null, hasWeights: checkpoint.best.weights !== null },
    tensors: groups.flatMap(([group, tensors]) => tensors.map(({ name, shape }) => ({ group, name, shape }))),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataOffset = align4(8 + headerBytes.length);
  const valueCount = groups.reduce((sum, [, tensors]) => sum + tensors.reduce((n, t) => n + t.values.length, 0), 0);
  const buffer = new ArrayBuffer(dataOffset + valueCount * 4);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  new Uint8Array(buffer, 8, headerBytes.length).set(headerBytes);
  const values = new Float32Array(buffer, dataOffset);
  let offset = 0;
  for (const [, tensors] of groups) {
    for (const tensor of tensors) {
      values.set(tensor.values, offset);
      offset += tensor.values.length;
    }
  }
  return new Uint8Array(buffer);
}

export function decodeCheckpoint(bytes: Uint8Array): TrainerCheckpoint {
  // Copy into an aligned buffer: bytes from a database driver may start at any offset.
  const buffer = bytes.slice().buffer;
  const view = new DataView(buffer);
  if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not a cellsweep checkpoint');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
  if (header.version !== VERSION) throw new Error(`unsupported checkpoint version ${header.version}`);
  const values = new Float32Array(buffer, align4(8 + headerLength));
  const groups: Record<Header['tensors'][number]['group'], SerializedTensor[]> = { weights: [], optimizer: [], best: [] };
  let offset = 0;
  for (const { group, name, shape } of header.tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    groups[group].push({ name, shape, values: values.slice(offset, offset + size) });
    offset += size;
  }
  return {
    epoch: header.epoch,
    weights: groups.weights,
    optimizer: groups.optimizer,
    best: { epoch: header.best.epoch, valLoss: header.best.valLoss ?? Infinity, weights: header.best.hasWeights ? groups.best : null },
  };
}

export async function serializeTensors(tensors: readonly { name: string; tensor: tf.Tensor }[]): Promise<SerializedTensor[]> {
  return Promise.all(
    tensors.map(async ({ name, tensor }) => ({ name, shape: [...tensor.shape], values: Float32Array.from(await tensor.data()) })),
  );
}

/** Tensors for `model.setWeights` / `optimizer.setWeights`; the caller disposes them. */
export function toTensors(serialized: readonly SerializedTensor[]): { name: string; tensor: tf.Tensor }[] {
  return serialized.map(({ name, shape, values }) => ({ name, tensor: tf.tensor(values, shape, 'float32') }));
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
