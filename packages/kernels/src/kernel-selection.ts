/**
 * Which build of the kernels runs: the native one (@cellsweep/kernels-native: AVX-512 where the CPU has F+DQ, else
 * AVX2/FMA) where it was built and the CPU has one of them, else the wasm one (relaxed SIMD where the engine has it, else SIMD). CELLSWEEP_KERNELS
 * forces a choice: `native` (its best build), `wasm`, or a build by name (`native-avx512`, `native-avx2`,
 * `native-scalar`, `relaxed`, `simd`); a
 * forced build that cannot run is an error, not a silent fallback.
 */
import type { FusedCellConfig } from './cell-config.js';
import { KernelModuleUnavailableError } from './errors.js';
import { variantFlags } from './lstm-variant.js';
import { nativeExports, nativeIsas, nativeKernels, type NativeIsa } from './native-module.js';
import { KernelMemory, resolveWasmVariant, wasmKernelModule, type WasmVariant } from './wasm-module.js';

/** A build of the kernels, recorded with each trial: `native-avx512|avx2|scalar`, `relaxed` or `simd` (wasm). */
export type KernelVariant = WasmVariant | 'native-avx512' | 'native-avx2' | 'native-scalar';
/** A build, or a family (`native`: its best instruction set; `wasm`), or `auto` (CELLSWEEP_KERNELS, else the best). */
export type KernelVariantPreference = KernelVariant | 'native' | 'wasm' | 'auto';

const PREFERENCES: readonly KernelVariantPreference[] = [
  'simd',
  'relaxed',
  'native-avx512',
  'native-avx2',
  'native-scalar',
  'native',
  'wasm',
  'auto',
];

function isPreference(value: string): value is KernelVariantPreference {
  return (PREFERENCES as readonly string[]).includes(value);
}

/** The build a preference means on this machine (see the module comment for `auto`). */
export function resolveKernelVariant(preference: KernelVariantPreference = 'auto'): KernelVariant {
  if (preference === 'auto') {
    const forced = process.env.CELLSWEEP_KERNELS?.trim();
    if (forced) {
      if (!isPreference(forced) || forced === 'auto') {
        throw new Error(
          `CELLSWEEP_KERNELS=${forced}: expected one of ${PREFERENCES.filter((p) => p !== 'auto').join(', ')}`,
        );
      }
      return resolveKernelVariant(forced);
    }
    // The best vector build the CPU runs (AVX-512's GEMM ran 1.4x AVX2's here, docs/kernels.md). The portable
    // native build is not offered by default: the wasm SIMD kernels beat plain C.
    const best = nativeIsas().find((isa) => isa !== 'scalar');
    return best ? `native-${best}` : resolveWasmVariant('auto');
  }
  if (preference === 'wasm') return resolveWasmVariant('auto');
  if (preference === 'native') {
    const best = nativeIsas()[0];
    if (!best) throw new KernelModuleUnavailableError('@cellsweep/kernels-native', nativeKernels().reason);
    return `native-${best}`;
  }
  return preference;
}

/**
 * The build that runs one layer: the preference's, except that the LSTM variants of Greff et al. (no native build
 * yet) run on the wasm kernels. Only the cell kind and its LSTM variant decide it (not the layer's widths).
 */
export function kernelVariantFor(
  config: Pick<FusedCellConfig, 'cell' | 'lstmVariant'>,
  preference: KernelVariantPreference = 'auto',
): KernelVariant {
  const variant = resolveKernelVariant(preference);
  return variant.startsWith('native-') && variantFlags(config) !== 0 ? resolveWasmVariant('auto') : variant;
}

/** Every build that runs on this machine (the tests run each against the reference). */
export function availableKernelVariants(): KernelVariant[] {
  const wasm: KernelVariant[] = resolveWasmVariant('auto') === 'relaxed' ? ['simd', 'relaxed'] : ['simd'];
  return [...wasm, ...nativeIsas().map((isa) => `native-${isa}` as const)];
}

const memories = new Map<KernelVariant, KernelMemory>();

/** This thread's kernel memory for a build (its module loaded on first use). */
export function kernelMemory(preference: KernelVariantPreference = 'auto'): KernelMemory {
  const variant = resolveKernelVariant(preference);
  let memory = memories.get(variant);
  if (!memory) {
    const kernels = variant.startsWith('native-')
      ? nativeExports(variant.slice('native-'.length) as NativeIsa)
      : wasmKernelModule(variant as WasmVariant);
    memory = new KernelMemory(kernels);
    memories.set(variant, memory);
  }
  return memory;
}
