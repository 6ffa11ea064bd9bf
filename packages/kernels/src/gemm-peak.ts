/**
 * The roofline's ceiling and the kernels' achieved rate, measured on this machine (issue 7): how fast this module's
 * own matrix product runs on one core when nothing else limits it, and how fast the fused forward + backward passes
 * of one layer run against it. `npm run bench` prints both per config.
 */
import { GATE_COUNT, type FusedCellKind } from './cell-config.js';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import {
  kernelMemory,
  resolveKernelVariant,
  type KernelVariant,
  type KernelVariantPreference,
} from './kernel-selection.js';
import { Scratch } from './wasm-module.js';

/**
 * Shapes for the ceiling: packed B panels that stay in L1/L2 and long K loops, i.e. the 2×16 register tile's best
 * case (the recurrent steps are M = batch rows, N = g·H, K = H, with the same tile and packing).
 */
const PEAK_SHAPES: readonly [m: number, n: number, k: number][] = [
  [192, 256, 256],
  [64, 1024, 256],
  [256, 512, 128],
];

export interface GemmPeak {
  variant: KernelVariant;
  gflops: number;
  /** The shape that reached it, m×n×k. */
  shape: string;
}

/** Best single-thread GFLOP/s of this module's packed matrix product over a few cache-friendly shapes. */
export function measureGemmPeak(options: { variant?: KernelVariantPreference; rounds?: number } = {}): GemmPeak {
  let best: GemmPeak | null = null;
  for (const [m, n, depth] of PEAK_SHAPES) {
    const measured = measureGemm({ ...options, m, n, k: depth });
    if (!best || measured.gflops > best.gflops) best = measured;
  }
  return best as GemmPeak;
}

/**
 * Best GFLOP/s of this module's packed matrix product C[m×n] = A[m×k]·B[k×n] at one shape, on the calling thread's
 * native kernel threads (kernel-threads.ts; the bench fixes 1): the bench compares the
 * fused kernels with the product of their own shape, batch × (I + H) × gates·H.
 */
export function measureGemm(options: {
  m: number;
  n: number;
  k: number;
  variant?: KernelVariantPreference;
  rounds?: number;
}): GemmPeak {
  const { m, n, k: depth } = options;
  const variant = resolveKernelVariant(options.variant ?? 'auto');
  const memory = kernelMemory(variant);
  const k = memory.kernels;
  const rounds = options.rounds ?? 7;
  const scratch = new Scratch(memory);
  let gflops = 0;
  try {
    const a = scratch.put(Float32Array.from({ length: m * depth }, (_, i) => ((i % 7) - 3) * 0.1));
    const b = scratch.put(Float32Array.from({ length: depth * n }, (_, i) => ((i % 5) - 2) * 0.1));
    const packed = scratch.alloc(depth * n);
    const c = scratch.alloc(m * n);
    k.packPanels(b, depth, n, n, packed);
    const flop = 2 * m * n * depth;
    const reps = Math.max(1, Math.round(1e8 / flop));
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      for (let i = 0; i < reps; i++) k.gemmPacked(m, n, depth, a, depth, packed, c, n, 0);
      gflops = Math.max(gflops, (flop * reps) / ((performance.now() - start) * 1e6));
    }
  } finally {
    scratch.releaseAll();
  }
  return { variant, gflops, shape: `${m}x${n}x${depth}` };
}

/**
 * Matrix-product FLOPs of one recurrent layer per sample and training step: forward x·Wx and h·Wh over T steps
 * (2·g·H·(I+H)·T), backward twice that (input/state gradients and weight gradients). Activations and layout work
 * are not counted, so rates computed from it are "useful" GFLOP/s.
 */
export function recurrentFlopPerSample(cell: FusedCellKind, hidden: number, steps: number, inputSize: number): number {
  return 3 * 2 * GATE_COUNT[cell] * hidden * (inputSize + hidden) * steps;
}

/**
 * Best GFLOP/s (by recurrentFlopPerSample) of the fused forward + backward passes alone on random data: the
 * kernels' own rate, without the tfjs step around them.
 */
export function measureKernelRate(options: {
  cell: FusedCellKind;
  hidden: number;
  steps: number;
  inputSize?: number;
  batch?: number;
  rounds?: number;
  variant?: KernelVariantPreference;
}): { gflops: number; msPerBatch: number } {
  const { cell, hidden, steps, inputSize = 8, batch = 64, rounds = 5, variant = 'auto' } = options;
  const width = GATE_COUNT[cell] * hidden;
  let seed = 1;
  const random = (length: number) =>
    Float32Array.from({ length }, () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647 - 0.5) * 0.2);
  const config = { cell, inputSize, hidden, hardSigmoid: false };
  const weights = { kernel: random(inputSize * width), recurrentKernel: random(hidden * width), bias: random(width) };
  const input = random(batch * steps * inputSize);
  const outputGradient = random(batch * hidden);
  const shape = { batch, steps };
  let bestMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const { tape } = recurrentForward(config, input, shape, weights, false, { variant });
    if (tape) recurrentBackward(tape, outputGradient, false);
    bestMs = Math.min(bestMs, performance.now() - start);
  }
  const flop = recurrentFlopPerSample(cell, hidden, steps, inputSize) * batch;
  return { gflops: flop / (bestMs * 1e6), msPerBatch: bestMs };
}
