/**
 * How each recurrent cell runs on the fused wasm kernels (@cellsweep/kernels): irnn is the rnn kernel with relu, ugrnn
 * the gru kernel without its reset gate, and the LSTM variants the lstm kernel told which gates and activations they
 * lack (docs/cells.md).
 */
import { type FusedRecurrentArgs, type KernelVariant, kernelVariantFor } from '@cellsweep/kernels';
import { isPluginCell } from './cell-plugin.js';
import type { ModelBuildSpec, RecurrentCellKind } from './model-shape.js';
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

/**
 * The kernel build (`native-avx2`, `relaxed`, ...: @cellsweep/kernels' KernelVariant) the recurrent layers of this
 * model run on, as of now (CELLSWEEP_KERNELS and what is installed decide), or null when it runs no fused layer
 * (`layers`, the transformer, plugin cells). The trainer records it with the trial and in its checkpoints.
 */
export function fusedKernelBuild(spec: Pick<ModelBuildSpec, 'cell' | 'implementation'>): KernelVariant | null {
  if (spec.implementation !== 'fused' || spec.cell === 'transformer' || isPluginCell(spec.cell)) return null;
  return kernelVariantFor(fusedCellArgs(spec.cell));
}
