/**
 * What each recurrent cell is made of: its gate blocks (the column blocks of kernel, recurrent kernel and bias), any
 * peephole weights, and, for the LSTM variants of Greff et al. 2017, which part of the vanilla LSTM changes. One
 * table, read by the parameter count, the builder and the fused-kernel configuration alike (docs/cells.md).
 */
import type { LstmVariantKind, RecurrentCellKind } from './model-shape.js';

/** An LSTM block in tfjs/Keras column order: input gate, forget gate, cell candidate, output gate. */
export type LstmBlock = 'i' | 'f' | 'c' | 'o';

/** How an LSTM variant differs from the vanilla LSTM; every flag false is the vanilla cell. */
export interface LstmVariantFlags {
  /** NIG: i = 1. */
  noInputGate: boolean;
  /** NFG: f = 1. */
  noForgetGate: boolean;
  /** NOG: o = 1. */
  noOutputGate: boolean;
  /** NIAF: the candidate is z_c itself, not tanh(z_c). */
  noInputActivation: boolean;
  /** NOAF: h = o∘c, not o∘tanh(c). */
  noOutputActivation: boolean;
  /** CIFG: f = 1 − i, with no forget-gate weights of its own. */
  coupledInputForget: boolean;
  /** PH: diagonal peephole weights from c_{t−1} into i and f, and from c_t into o (3H parameters). */
  peepholes: boolean;
}

const VANILLA: LstmVariantFlags = {
  noInputGate: false,
  noForgetGate: false,
  noOutputGate: false,
  noInputActivation: false,
  noOutputActivation: false,
  coupledInputForget: false,
  peepholes: false,
};

const LSTM_VARIANT_FLAGS: Record<LstmVariantKind, LstmVariantFlags> = {
  'lstm-nig': { ...VANILLA, noInputGate: true },
  'lstm-nfg': { ...VANILLA, noForgetGate: true },
  'lstm-nog': { ...VANILLA, noOutputGate: true },
  'lstm-niaf': { ...VANILLA, noInputActivation: true },
  'lstm-noaf': { ...VANILLA, noOutputActivation: true },
  'lstm-cifg': { ...VANILLA, coupledInputForget: true },
  'lstm-ph': { ...VANILLA, peepholes: true },
};

/** The LSTM variants in the order docs/cells.md lists them. */
export const LSTM_VARIANTS: readonly LstmVariantKind[] = Object.keys(LSTM_VARIANT_FLAGS) as LstmVariantKind[];

/** Every recurrent cell (the transformer is not one). */
export const RECURRENT_CELLS: readonly RecurrentCellKind[] = ['rnn', 'irnn', 'lstm', ...LSTM_VARIANTS, 'gru', 'ugrnn'];

export function isLstmFamily(cell: string): cell is 'lstm' | LstmVariantKind {
  return cell === 'lstm' || cell in LSTM_VARIANT_FLAGS;
}

/** The variant flags of an LSTM-family cell (all false for `lstm`). */
export function lstmVariantFlags(cell: 'lstm' | LstmVariantKind): LstmVariantFlags {
  return cell === 'lstm' ? VANILLA : LSTM_VARIANT_FLAGS[cell];
}

/** The LSTM blocks a variant has weights for: a gate that is constant (or coupled to another) has none. */
export function lstmBlocks(flags: LstmVariantFlags): LstmBlock[] {
  const blocks: LstmBlock[] = [];
  if (!flags.noInputGate) blocks.push('i');
  if (!flags.noForgetGate && !flags.coupledInputForget) blocks.push('f');
  blocks.push('c');
  if (!flags.noOutputGate) blocks.push('o');
  return blocks;
}

/** Gate blocks of a cell: each is a kernel [I, H], a recurrent kernel [H, H] and a bias [H]. */
export function gateBlockCount(cell: RecurrentCellKind): number {
  if (cell === 'rnn' || cell === 'irnn') return 1;
  if (cell === 'gru') return 3;
  if (cell === 'ugrnn') return 2;
  return lstmBlocks(lstmVariantFlags(cell)).length;
}

/** Parameters beyond the gate blocks: the peephole LSTM's three diagonal vectors, 3H. */
export function peepholeParamCount(cell: RecurrentCellKind, hidden: number): number {
  return isLstmFamily(cell) && lstmVariantFlags(cell).peepholes ? 3 * hidden : 0;
}

/** Whether a cell has a forget gate whose bias `unitForgetBias` can set to 1. */
export function hasForgetGate(cell: RecurrentCellKind): boolean {
  return isLstmFamily(cell) && lstmBlocks(lstmVariantFlags(cell)).includes('f');
}
