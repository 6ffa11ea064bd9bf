/**
 * How each recurrent cell runs on the fused wasm kernels (@cellsweep/kernels): irnn is the rnn kernel with relu, ugrnn
 * the gru kernel without its reset gate, and the LSTM variants the lstm kernel told which gates and activations they
 * lack (docs/cells.md).
 */
import type { FusedRecurrentArgs } from '@cellsweep/kernels';
import type { RecurrentCellKind } from './model-shape.js';
import { isLstmFamily, lstmVariantFlags } from './recurrent-cells.js';

/** The kernel, and the options of it, that compute `cell`. */
export function fusedCellArgs(
  cell: RecurrentCellKind,
): Pick<FusedRecurrentArgs, 'cell' | 'activation' | 'lstmVariant' | 'noResetGate'> {
  if (cell === 'irnn') return { cell: 'rnn', activation: 'relu' };
  if (cell === 'ugrnn') return { cell: 'gru', noResetGate: true };
  if (cell === 'lstm' || !isLstmFamily(cell)) return { cell };
  return { cell: 'lstm', lstmVariant: lstmVariantFlags(cell) };
}
