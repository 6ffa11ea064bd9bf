/**
 * Which recurrent cells the fused wasm kernels (@cellsweep/kernels) run, and why a cell that they do not run takes
 * the layers path instead. `buildModel` falls back per cell, so a sweep mixing cells still runs the others fused;
 * docs/cells.md lists the same.
 */
import type { FusedCellKind } from '@cellsweep/kernels';
import type { RecurrentCellKind } from './model-shape.js';
import { isLstmFamily, lstmVariantFlags } from './recurrent-cells.js';

/** Null when `implementation: 'fused'` runs the cell fused; else why it runs on tfjs-layers' ops instead. */
export function fusedUnsupportedReason(cell: RecurrentCellKind): string | null {
  if (!isLstmFamily(cell) || cell === 'lstm') return null;
  const flags = lstmVariantFlags(cell);
  if (flags.peepholes) return 'no fused kernel: peepholes need a fourth weight tensor the fused op does not take';
  return 'no fused kernel yet for the LSTM variants';
}

/** The fused kernel that runs `cell` (irnn is the rnn kernel with relu), or null where it takes the layers path. */
export function fusedCellKind(cell: RecurrentCellKind): FusedCellKind | null {
  if (fusedUnsupportedReason(cell) !== null) return null;
  if (cell === 'irnn') return 'rnn';
  return cell === 'rnn' || cell === 'gru' ? cell : 'lstm';
}
