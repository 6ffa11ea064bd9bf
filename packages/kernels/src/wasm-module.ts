/**
 * Loads the AssemblyScript kernel module (build/recurrent-*.wasm, compiled from ../assembly by `build:assets`), one
 * instance per thread, and hands out byte ranges of its memory.
 *
 * Two builds exist: plain SIMD128, and relaxed SIMD (fused multiply-add). Node 22+ has relaxed SIMD on; Node 20's
 * V8 11.3 has it behind `--experimental-wasm-relaxed-simd`, which this loader does NOT set by default: see
 * `WasmVariant` for the measured choice. The native build and the choice between the two: kernel-selection.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { KernelModuleUnavailableError } from './errors.js';
import { RegionAllocator } from './region-allocator.js';

/** Exports of assembly/index.ts; pointers are byte offsets, sizes are counts of floats. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  /** C = bias + A·B (bias: one row of n floats). */
  gemmBias(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    bias: number,
    c: number,
    ldc: number,
  ): void;
  gemmTransposedA(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  gemmPacked(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    packed: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  gemmPackedTransposedA(
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    packed: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void;
  packPanels(b: number, k: number, n: number, ldb: number, dst: number): void;
  // `packed` is [g·hp] scratch for the recurrent weights in panel order.
  lstmForward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    wh: number,
    hs: number,
    cs: number,
    tcs: number,
    packed: number,
    hard: number,
  ): void;
  lstmBackward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    cs: number,
    tcs: number,
    whT: number,
    dhs: number,
    dz: number,
    dhNext: number,
    dcNext: number,
    packed: number,
    hard: number,
  ): void;
  // The LSTM variants (assembly/lstm-variant.ts): `flags` says which; `peep`/`dpeep` are [3·hp] (read with PEEPHOLES).
  lstmVariantForward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    wh: number,
    hs: number,
    cs: number,
    tcs: number,
    packed: number,
    hard: number,
    flags: number,
    peep: number,
  ): void;
  lstmVariantBackward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    cs: number,
    tcs: number,
    whT: number,
    dhs: number,
    dz: number,
    dhNext: number,
    dcNext: number,
    packed: number,
    hard: number,
    flags: number,
    peep: number,
    dpeep: number,
  ): void;
  // `noReset`: 1 for the UGRNN (r = 1), 0 for the GRU.
  gruForward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    wh: number,
    hs: number,
    rh: number,
    packed: number,
    hard: number,
    noReset: number,
  ): void;
  gruBackward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    hs: number,
    whT: number,
    dhs: number,
    dz: number,
    dhNext: number,
    drh: number,
    packed: number,
    hard: number,
    noReset: number,
  ): void;
  // `relu`: 1 for the irnn's relu, 0 for tanh.
  rnnForward(
    steps: number,
    batch: number,
    hp: number,
    z: number,
    wh: number,
    hs: number,
    packed: number,
    relu: number,
  ): void;
  rnnBackward(
    steps: number,
    batch: number,
    hp: number,
    hs: number,
    whT: number,
    dhs: number,
    dz: number,
    dhNext: number,
    packed: number,
    relu: number,
  ): void;
  toTimeMajor(src: number, outer: number, inner: number, width: number, dst: number, widthPadded: number): void;
  toBatchMajor(src: number, outer: number, inner: number, widthPadded: number, dst: number, width: number): void;
  padGateColumns(
    src: number,
    rows: number,
    h: number,
    gates: number,
    dst: number,
    rowsPadded: number,
    hp: number,
  ): void;
  unpadGateColumns(src: number, rows: number, h: number, gates: number, dst: number, hp: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  columnSums(src: number, rows: number, width: number, dst: number): void;
}

/**
 * `simd`: 128-bit SIMD, multiply then add; runs on every Node >= 16. `relaxed`: the same code with relaxed-SIMD
 * fused multiply-add. Measured here (LSTM H=64, T=30, B=64, min of 40): matrix products 38 -> 50 GFLOP/s, forward
 * pass 2.8 -> 2.1 ms, backward 1.8 -> 1.45 ms. Node >= 22 runs it as is; Node 20's V8 11.3 has it behind
 * `--experimental-wasm-relaxed-simd`, which `resolveWasmVariant('auto')` sets (see there).
 */
export type WasmVariant = 'simd' | 'relaxed';

const instances = new Map<WasmVariant, KernelExports>();
let resolvedAuto: WasmVariant | null = null;

/**
 * The variant `auto` means on this engine: `relaxed` where it validates (enabling V8's relaxed-SIMD flag first on
 * Node 20, where the feature is complete but not yet on by default; the flag only adds wasm opcodes), else `simd`.
 */
export function resolveWasmVariant(preference: WasmVariant | 'auto' = 'auto'): WasmVariant {
  if (preference !== 'auto') return preference;
  if (resolvedAuto) return resolvedAuto;
  let bytes: Buffer | null = null;
  try {
    bytes = readFileSync(wasmPath('relaxed'));
  } catch {
    bytes = null;
  }
  if (bytes && !WebAssembly.validate(bytes)) {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  }
  resolvedAuto = bytes && WebAssembly.validate(bytes) ? 'relaxed' : 'simd';
  return resolvedAuto;
}

function wasmPath(variant: WasmVariant): string {
  return fileURLToPath(new URL(`../build/recurrent-${variant}.wasm`, import.meta.url));
}

/** The kernel module of this thread (compiled synchronously on first use: ~1 ms for its ~11 KB). */
export function wasmKernelModule(variant: WasmVariant): KernelExports {
  const cached = instances.get(variant);
  if (cached) return cached;
  // Node 20 validates the relaxed build only once `auto` has set V8's flag.
  if (variant === 'relaxed') resolveWasmVariant('auto');
  const path = wasmPath(variant);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new KernelModuleUnavailableError(path, error instanceof Error ? error.message : String(error));
  }
  if (!WebAssembly.validate(bytes)) {
    throw new KernelModuleUnavailableError(path, `this engine cannot run the ${variant} build`);
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      abort: (_message: number, _file: number, line: number, column: number) => {
        throw new KernelModuleUnavailableError(path, `aborted at ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as KernelExports;
  instances.set(variant, exports);
  return exports;
}

/** The module's memory as float ranges: long-lived regions (tapes) and per-call scratch share one allocator. */
export class KernelMemory {
  readonly allocator: RegionAllocator;

  constructor(readonly kernels: KernelExports) {
    this.allocator = new RegionAllocator(kernels.memory, kernels.heapBase());
  }

  /** A view of memory (invalidated when memory grows: use at once, never keep). */
  view(at: number, floats: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, at, floats);
  }

  /** A copy of `floats` floats at `at`. */
  take(at: number, floats: number): Float32Array {
    return this.view(at, floats).slice();
  }
}

/** Allocations for one call, released together. */
export class Scratch {
  private readonly regions: number[] = [];

  constructor(readonly memory: KernelMemory) {}

  /** Byte offset of `floats` fresh floats (contents undefined). */
  alloc(floats: number): number {
    const at = this.memory.allocator.alloc(floats * 4);
    this.regions.push(at);
    return at;
  }

  /** Copies `values` in; returns its byte offset. */
  put(values: Float32Array): number {
    const at = this.alloc(values.length);
    this.memory.view(at, values.length).set(values);
    return at;
  }

  releaseAll(): void {
    for (const at of this.regions.splice(0)) this.memory.allocator.release(at);
  }
}
