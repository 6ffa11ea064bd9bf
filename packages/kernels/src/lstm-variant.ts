/**
 * The LSTM variants (Greff et al. 2017) on the LSTM kernels' four-block layout: the wasm kernel always computes the
 * blocks i, f, c, o, and a variant's weights (which leave out the blocks it does not have) are widened into that
 * layout with zero columns on the way in, and its gradients narrowed back on the way out. The zero blocks cost one
 * block of matrix product per step that a dedicated three-block kernel would save; the vanilla LSTM is untouched.
 */
import type { FusedCellConfig, LstmVariant } from './cell-config.js';

/** Bits of the wasm kernel's `flags` argument, as assembly/lstm-variant.ts defines them. */
const FLAG_BITS: Record<keyof LstmVariant, number> = {
  noInputGate: 1,
  noForgetGate: 2,
  noOutputGate: 4,
  noInputActivation: 8,
  noOutputActivation: 16,
  coupledInputForget: 32,
  peepholes: 64,
};

/** The kernel's flags for a config; 0 (the vanilla kernel) for every cell but a variant LSTM. */
export function variantFlags(config: Pick<FusedCellConfig, 'cell' | 'lstmVariant'>): number {
  if (config.cell !== 'lstm' || !config.lstmVariant) return 0;
  const variant = config.lstmVariant;
  const keys = Object.keys(FLAG_BITS) as (keyof LstmVariant)[];
  return keys.reduce((bits, key) => (variant[key] ? bits | FLAG_BITS[key] : bits), 0);
}

/**
 * Which of the kernel's gate blocks have weights: all of them, except an LSTM variant's removed or coupled gates and
 * the UGRNN's reset gate (the GRU kernel's block 1).
 */
export function weightBlocks(config: FusedCellConfig, kernelGates: number): number[] {
  const all = Array.from({ length: kernelGates }, (_, block) => block);
  if (config.cell === 'gru' && config.noResetGate) return all.filter((block) => block !== 1);
  const variant = config.cell === 'lstm' ? config.lstmVariant : undefined;
  if (!variant) return all;
  return all.filter(
    (block) =>
      !(block === 0 && variant.noInputGate) &&
      !(block === 1 && (variant.noForgetGate || variant.coupledInputForget)) &&
      !(block === 3 && variant.noOutputGate),
  );
}

export function hasPeepholes(config: FusedCellConfig): boolean {
  return config.cell === 'lstm' && config.lstmVariant?.peepholes === true;
}

/** [rows][blocks.length·h] -> [rows][gates·h], each weight block at its kernel block, the others zero. */
export function widenBlocks(
  src: Float32Array,
  rows: number,
  h: number,
  blocks: readonly number[],
  gates: number,
): Float32Array {
  if (blocks.length === gates) return src;
  const out = new Float32Array(rows * gates * h);
  for (let r = 0; r < rows; r++) {
    blocks.forEach((block, index) => {
      const from = (r * blocks.length + index) * h;
      out.set(src.subarray(from, from + h), (r * gates + block) * h);
    });
  }
  return out;
}

/** Inverse of widenBlocks: keeps only the blocks that have weights. */
export function narrowBlocks(
  src: Float32Array,
  rows: number,
  h: number,
  blocks: readonly number[],
  gates: number,
): Float32Array {
  if (blocks.length === gates) return src;
  const out = new Float32Array(rows * blocks.length * h);
  for (let r = 0; r < rows; r++) {
    blocks.forEach((block, index) => {
      const from = (r * gates + block) * h;
      out.set(src.subarray(from, from + h), (r * blocks.length + index) * h);
    });
  }
  return out;
}
