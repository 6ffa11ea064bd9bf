/**
 * The optional native build of the kernels (@cellsweep/kernels-native: C against node_api.h, an AVX2/FMA build and a
 * portable one, compiled by node-gyp at install where a compiler is present). It exports the wasm module's kernel
 * functions with the same arguments, each taking the memory's ArrayBuffer first; this module allocates that memory
 * as a WebAssembly.Memory, so the driver (fused-recurrent.ts), its layouts and its region allocator are the same
 * for both. Absent (not built), it is simply not offered: `nativeKernels()` says why.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { KernelModuleUnavailableError } from './errors.js';
import { kernelThreadLimitFromEnv } from './kernel-thread-limit.js';
import type { KernelExports } from './wasm-module.js';

/** The addon's instruction sets; `avx512` and `avx2` are offered only where CPUID reports them (F+DQ; AVX2+FMA). */
export type NativeIsa = 'avx512' | 'avx2' | 'scalar';

type NativeFunction = (buffer: ArrayBuffer, ...args: number[]) => void;
export interface NativeAddon {
  isa: NativeIsa;
  isas: NativeIsa[];
  avx512?: Record<string, NativeFunction>;
  avx2?: Record<string, NativeFunction>;
  scalar: Record<string, NativeFunction>;
  /** Intra-trial threads (kernel-threads.ts): 0 = auto, n = n threads for the calling JavaScript thread. */
  setThreadLimit(limit: number): void;
  /** The cores auto divides between the trials running in this process. */
  setCores(cores: number): void;
  setTrialRunning(running: boolean): void;
  /** How many kernel calls of the calling JavaScript thread ran on more than one thread. */
  threadedCalls(): number;
}

let loaded: { addon: NativeAddon | null; reason: string } | null = null;

/** The addon, or null with the reason it is absent (loaded once per thread). */
export function nativeKernels(): { addon: NativeAddon | null; reason: string } {
  if (loaded) return loaded;
  // Parsed first: a bad value is the user's error to see, not a reason to run without the native kernels.
  const threadLimit = kernelThreadLimitFromEnv();
  try {
    const addon = createRequire(import.meta.url)('@cellsweep/kernels-native') as NativeAddon;
    // Older builds (before intra-trial threads) lack these; npm run build rebuilds a stale addon.
    if (typeof addon.setCores === 'function') {
      addon.setCores(availableParallelism());
      addon.setThreadLimit(threadLimit);
    }
    loaded = { addon, reason: '' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    loaded = { addon: null, reason: `the native kernels are not built (${message})` };
  }
  return loaded;
}

/** The instruction sets the native kernels run here, best first; empty when the addon is absent. */
export function nativeIsas(): NativeIsa[] {
  return nativeKernels().addon?.isas ?? [];
}

const PAGE_BYTES = 65_536;
/** The first 64 bytes stay unused, so offset 0 is never a live region (the wasm module's static data sits there). */
const HEAP_BASE = 64;

/** The native kernels of one instruction set, shaped as the wasm module's exports over a memory of their own. */
export function nativeExports(isa: NativeIsa): KernelExports {
  const { addon, reason } = nativeKernels();
  const functions = addon?.[isa];
  if (!functions) {
    throw new KernelModuleUnavailableError('@cellsweep/kernels-native', addon ? `no ${isa} build on this CPU` : reason);
  }
  const memory = new WebAssembly.Memory({ initial: (16 * 1024 * 1024) / PAGE_BYTES });
  const bound: Record<string, unknown> = { memory, heapBase: () => HEAP_BASE };
  for (const [name, fn] of Object.entries(functions)) {
    bound[name] = (...args: number[]) => fn(memory.buffer, ...args);
  }
  // The LSTM variants of Greff et al. have no native build yet: fused-recurrent.ts sends them to the wasm kernels.
  for (const name of ['lstmVariantForward', 'lstmVariantBackward']) {
    bound[name] = () => {
      throw new KernelModuleUnavailableError('@cellsweep/kernels-native', `${name} has no native build`);
    };
  }
  return bound as unknown as KernelExports;
}
