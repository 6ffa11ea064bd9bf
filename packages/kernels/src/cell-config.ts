/** What a fused recurrent kernel computes; mirrors @cellsweep/models' cell options without depending on them. */
export type FusedCellKind = 'rnn' | 'lstm' | 'gru';

export interface FusedCellConfig {
  cell: FusedCellKind;
  inputSize: number;
  hidden: number;
  /** Gate activation of lstm/gru: Keras' hard sigmoid instead of the logistic sigmoid. Ignored for rnn. */
  hardSigmoid: boolean;
  /** rnn only: its activation; absent means tanh. `relu` is the irnn's (Le, Jaitly & Hinton 2015). */
  activation?: 'tanh' | 'relu';
  /**
   * gru only: no reset gate (r = 1), which is the UGRNN of Collins et al. 2017: g = gate(z_g), c = tanh(z_c),
   * h = g∘h' + (1 − g)∘c. Its weights hold two blocks (g, c), the GRU's z and h.
   */
  noResetGate?: boolean;
  /** lstm only: what differs from the vanilla LSTM (Greff et al. 2017); absent or all false is the vanilla cell. */
  lstmVariant?: LstmVariant;
}

/**
 * An LSTM variant of Greff et al. 2017 (see assembly/lstm-variant.ts). Removed and coupled gates have no weights:
 * the kernel, recurrent kernel and bias hold only the remaining blocks, in i, f, c, o order. `peepholes` adds a
 * weight [3H] (i, f, o).
 */
export interface LstmVariant {
  noInputGate?: boolean;
  noForgetGate?: boolean;
  noOutputGate?: boolean;
  noInputActivation?: boolean;
  noOutputActivation?: boolean;
  coupledInputForget?: boolean;
  peepholes?: boolean;
}

/** Gate blocks per cell, in tfjs's column order: lstm i, f, c, o; gru z, r, h; rnn one. */
export const GATE_COUNT: Record<FusedCellKind, number> = { rnn: 1, gru: 3, lstm: 4 };

/** Widths are padded to a multiple of 4 floats so the SIMD loops run whole 128-bit vectors. */
export function padTo4(n: number): number {
  return (n + 3) & ~3;
}
