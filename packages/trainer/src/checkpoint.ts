/**
 * Checkpoints of a trial in training: everything the next epoch depends on, so a retried or resumed trial continues
 * where it was and ends bit for bit where the uninterrupted trial would have (on the same backend).
 *
 * Binary layout (little-endian): "CSCK" | uint32 header length | UTF-8 JSON header | zero padding to 4 bytes |
 * float32 values of every tensor in header order. Compact (a 5k-parameter Adam run is ~60 KB) and needs no
 * dependency; the header names the version so the format can evolve.
 *
 * Format 2 (issue 19) adds what format 1 left out and a resume therefore got wrong: the optimizer's full state
 * (Adam's bias-correction powers accBeta1/accBeta2, which tfjs's `getWeights` omits and its `setWeights` recomputes
 * with `pow`, off by a float32 rounding from the running product), the untrained model's gradient norms (measured
 * once, before epoch 1), the backend that trained, and the wall time spent so far. Format 1 still decodes, but
 * cannot resume exactly: `resumeRefusal` says so and the trial restarts from epoch 1.
 */
import * as tf from '@tensorflow/tfjs';
import { CheckpointFormatError } from './errors.js';

export interface SerializedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface TrainerCheckpoint {
  /** 2 for checkpoints written now; 1 for those written before issue 19 (no Adam powers, no initial gradient). */
  version: number;
  /** Epochs completed. */
  epoch: number;
  /** The tfjs backend that trained those epochs ('' in format 1, which did not record it). */
  backend: string;
  /**
   * The fused kernel build that trained them (`native-avx2`, `relaxed`, ...), null for a model without fused layers;
   * undefined in checkpoints written before the native kernels existed (which ran wasm kernels).
   */
  kernels?: string | null;
  /** Milliseconds of training so far, over every attempt: a resumed trial's wall time adds to it. */
  wallTimeMs: number;
  /** Model weights in `model.getWeights()` order. */
  weights: SerializedTensor[];
  /** Optimizer state: `optimizer.getWeights()` order, then any state it omits (optimizer-state.ts). */
  optimizer: SerializedTensor[];
  best: { epoch: number; valLoss: number; weights: SerializedTensor[] | null };
  /** ‖∂loss_T/∂x_t‖ of the untrained model (gradient-reach.ts); null in format 1. */
  initialGradientNorms: number[] | null;
}

const MAGIC = 0x4b435343; // "CSCK"
const VERSION = 2;

type Group = 'weights' | 'optimizer' | 'best' | 'initialGradient';

interface Header {
  version: number;
  epoch: number;
  /** Format 2 only. */
  backend?: string;
  kernels?: string | null;
  wallTimeMs?: number;
  best: { epoch: number; valLoss: number | null; hasWeights: boolean };
  tensors: { group: Group; name: string; shape: number[] }[];
}

export function encodeCheckpoint(checkpoint: TrainerCheckpoint): Uint8Array {
  const norms = checkpoint.initialGradientNorms;
  const groups: [Group, SerializedTensor[]][] = [
    ['weights', checkpoint.weights],
    ['optimizer', checkpoint.optimizer],
    ['best', checkpoint.best.weights ?? []],
    // Norms are float32 measurements, so a float32 tensor keeps them exactly (and JSON would lose an Infinity).
    ['initialGradient', norms ? [{ name: 'norms', shape: [norms.length], values: Float32Array.from(norms) }] : []],
  ];
  const { valLoss } = checkpoint.best;
  const header: Header = {
    version: VERSION,
    epoch: checkpoint.epoch,
    backend: checkpoint.backend,
    ...(checkpoint.kernels === undefined ? {} : { kernels: checkpoint.kernels }),
    wallTimeMs: checkpoint.wallTimeMs,
    // JSON has no Infinity: a checkpoint before any validation improvement stores null.
    best: {
      epoch: checkpoint.best.epoch,
      valLoss: Number.isFinite(valLoss) ? valLoss : null,
      hasWeights: checkpoint.best.weights !== null,
    },
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

/** Decodes format 2 and format 1; throws `CheckpointFormatError` for anything else. */
export function decodeCheckpoint(bytes: Uint8Array): TrainerCheckpoint {
  // Copy into an aligned buffer: bytes from a database driver may start at any offset.
  const buffer = bytes.slice().buffer;
  const view = new DataView(buffer);
  if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) {
    throw new CheckpointFormatError('not a cellsweep checkpoint');
  }
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, headerLength))) as Header;
  if (header.version !== 1 && header.version !== VERSION) {
    const reads = `this build reads 1 and ${VERSION}`;
    throw new CheckpointFormatError(`unsupported checkpoint version ${header.version} (${reads})`);
  }
  const values = new Float32Array(buffer, align4(8 + headerLength));
  const groups: Record<Group, SerializedTensor[]> = { weights: [], optimizer: [], best: [], initialGradient: [] };
  let offset = 0;
  for (const { group, name, shape } of header.tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    groups[group].push({ name, shape, values: values.slice(offset, offset + size) });
    offset += size;
  }
  const norms = groups.initialGradient[0];
  return {
    version: header.version,
    epoch: header.epoch,
    backend: header.backend ?? '',
    ...(header.kernels === undefined ? {} : { kernels: header.kernels }),
    wallTimeMs: header.wallTimeMs ?? 0,
    weights: groups.weights,
    optimizer: groups.optimizer,
    best: {
      epoch: header.best.epoch,
      valLoss: header.best.valLoss ?? Infinity,
      weights: header.best.hasWeights ? groups.best : null,
    },
    initialGradientNorms: norms ? Array.from(norms.values) : null,
  };
}

/**
 * Why this checkpoint cannot continue the trial bit for bit on `backend` with the fused kernel build `kernels` (null:
 * no fused layers), or null when it can. A trial whose checkpoint is refused restarts from epoch 1 (its stored
 * numbers then all come from one run on one backend and one kernel build). A checkpoint from before the native
 * kernels ran wasm kernels: it continues on wasm (or without fused layers), not on native ones.
 */
export function resumeRefusal(
  checkpoint: TrainerCheckpoint,
  backend: string,
  kernels: string | null = null,
): string | null {
  if (checkpoint.version < 2) {
    return `its checkpoint (format ${checkpoint.version}) lacks the optimizer state an exact resume needs`;
  }
  if (checkpoint.backend !== backend) {
    return `its checkpoint was trained on the ${checkpoint.backend} backend, this thread runs ${backend}`;
  }
  const trained =
    checkpoint.kernels === undefined ? (kernels?.startsWith('native-') ? 'wasm' : kernels) : checkpoint.kernels;
  if (trained !== kernels) {
    return `its checkpoint was trained on the ${trained ?? 'tfjs-layers'} kernels, this thread runs ${kernels ?? 'tfjs-layers'}`;
  }
  return null;
}

export async function serializeTensors(
  tensors: readonly { name: string; tensor: tf.Tensor }[],
): Promise<SerializedTensor[]> {
  return Promise.all(
    tensors.map(async ({ name, tensor }) => ({
      name,
      shape: [...tensor.shape],
      values: Float32Array.from(await tensor.data()),
    })),
  );
}

/** Tensors for `model.setWeights` / `optimizer.setWeights`; the caller disposes them. */
export function toTensors(serialized: readonly SerializedTensor[]): { name: string; tensor: tf.Tensor }[] {
  return serialized.map(({ name, shape, values }) => ({ name, tensor: tf.tensor(values, shape, 'float32') }));
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
