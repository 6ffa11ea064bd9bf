import type { KernelVariant } from '@cellsweep/kernels';
import type { PluginCellName } from './cell-plugin.js';

/**
 * The shape of a sequence model, independent of any framework.
 *
 * Glossary:
 * - cell: the recurrent unit (`rnn` = Elman/SimpleRNN with tanh, `irnn` = the same with relu and an identity
 *   recurrent init, `lstm` and its `lstm-*` variants, `gru`, `ugrnn` = the GRU without a reset gate; see
 *   docs/cells.md), or `transformer`, the causal
 *   (decoder-only, GPT-like) attention baseline that stands in the same place (see docs/transformer.md), or
 *   `plugin:<name>`, a recurrent layer from a loaded plugin (cell-plugin.ts), stacked and headed like the others.
 * - hidden: units per recurrent layer; every layer in the stack has the same width. For the transformer: d_model,
 *   the width of the residual stream, and `layers` counts its blocks.
 * - head: the dense layer on top of the recurrent stack. It always emits logits or raw values, never
 *   probabilities: the trainer applies softmax cross-entropy itself, which is numerically stabler.
 * - param budget: a target count of trainable parameters; comparisons between cells are made at equal budget,
 *   so `hidden` is solved from the budget rather than fixed.
 *
 * `@cellsweep/core`'s zod spec produces values structurally identical to these types; they are declared here, in
 * framework terms, and only the transformer's defaults come from core (one definition for the spec and the builder).
 */

export type BuiltInCellKind = 'rnn' | 'irnn' | 'lstm' | LstmVariantKind | 'gru' | 'ugrnn' | 'transformer';
/** A built-in cell, or `plugin:<name>`: a cell from a plugin module the operator loaded (cell-plugin.ts). */
export type CellKind = BuiltInCellKind | PluginCellName;
/**
 * The LSTM variants of Greff et al. 2017 ("LSTM: A Search Space Odyssey"), each the vanilla `lstm` with one change:
 * no input gate (nig), no forget gate (nfg), no output gate (nog), no input activation (niaf), no output activation
 * (noaf), coupled input and forget gate (cifg: f = 1 − i) or peepholes (ph). docs/cells.md has their equations.
 */
export type LstmVariantKind =
  | 'lstm-nig'
  | 'lstm-nfg'
  | 'lstm-nog'
  | 'lstm-niaf'
  | 'lstm-noaf'
  | 'lstm-cifg'
  | 'lstm-ph';
/** The built-in cells that are recurrent layers (everything but the transformer). */
export type RecurrentCellKind = Exclude<BuiltInCellKind, 'transformer'>;

/** How the transformer learns where a step is: a fixed sin/cos table (any length) or a trained [T, d] table. */
export type PositionalEncodingKind = 'sinusoidal' | 'learned';

/** Transformer-only options. `hidden` (d_model) must be a multiple of `heads`. */
export interface TransformerOptions {
  /** Attention heads per block; each head has `hidden / heads` dimensions. */
  heads: number;
  /** Feed-forward width as a multiple of d_model (an integer: the inner width is `ffMultiplier * hidden`). */
  ffMultiplier: number;
  /** `learned` needs a fixed sequence length (its table has one row per step). */
  positional: PositionalEncodingKind;
}

/** Gate activation for lstm/gru. tfjs defaults to `hardSigmoid` (Keras 1 legacy); Keras 2 and PyTorch use `sigmoid`. */
export type RecurrentActivation = 'sigmoid' | 'hardSigmoid';

export type HeadSpec =
  /** Last time step -> Dense(outputSize), linear. */
  | { kind: 'regression'; outputSize: number }
  /** Last time step -> Dense(classes) logits. */
  | { kind: 'classification'; classes: number }
  /** Every time step -> Dense(classes) logits (next-token prediction, copy task). */
  | { kind: 'sequence-classification'; classes: number };

export interface ModelShape {
  cell: CellKind;
  /** Features per time step (the one-hot size for text tasks). */
  inputSize: number;
  /** Units per recurrent layer. */
  hidden: number;
  /**
   * Stacked recurrent layers, >= 1. All but the last return sequences; the last returns sequences only for a
   * `sequence-classification` head.
   */
  layers: number;
  head: HeadSpec;
  /** Gate activation for lstm (and its variants)/gru; ignored for rnn (tanh) and irnn (relu). */
  recurrentActivation: RecurrentActivation;
  /**
   * lstm and its variants that have a forget gate: initialise the forget-gate bias to 1 (Jozefowicz et al. 2015),
   * so gradients flow early on.
   */
  unitForgetBias: boolean;
  /**
   * irnn only: its recurrent kernel starts as this multiple of the identity (Le, Jaitly & Hinton 2015 use 1, and a
   * smaller one for long sequences); absent means 1.
   */
  identityScale?: number;
  /** transformer only (ignored by the recurrent cells); absent means core's DEFAULT_TRANSFORMER_OPTIONS. */
  transformer?: TransformerOptions;
  /**
   * Time steps per sample. Only the transformer's `learned` positional table depends on it (T·d parameters), so
   * only that shape needs it for a parameter count; `buildModel` always takes it (ModelBuildSpec).
   */
  sequenceLength?: number | null;
}

/** Everything `buildModel` needs: the shape plus the input length and the initialisation seed. */
export type ModelBuildSpec = ModelShape & {
  /** Time steps per sample, or `null` for variable-length input. */
  sequenceLength: number | null;
  /** Seeds every initializer; the same seed gives bit-identical initial weights. */
  seed: number;
  /**
   * How the recurrent layers run (the transformer has none and ignores it): `fused` (one wasm call per sequence forward and one backward, @cellsweep/kernels)
   * or `layers` (tfjs-layers' own cells, one small op at a time). Same weights, names and results either way;
   * absent means `layers`.
   */
  implementation?: RecurrentImplementation;
  /**
   * With `fused`: the kernel build every recurrent layer runs (fusedKernelBuild), resolved once by the caller that
   * records it; absent means each layer resolves CELLSWEEP_KERNELS itself on every call.
   */
  kernels?: KernelVariant;
  /**
   * Where a per-sequence head (regression, classification) reads: `last-step` (absent: the default) gives
   * `[batch, out]` from the final step; `every-step` gives `[batch, time, out]`, a prediction after every step, so
   * the trainer can take each right-padded sequence's own last step (variable-length data). Same weights either way;
   * a `sequence-classification` head always predicts at every step.
   */
  readOut?: ReadOut;
};

export type ReadOut = 'last-step' | 'every-step';

export type RecurrentImplementation = 'fused' | 'layers';
