/**
 * The shape of a recurrent model, independent of any framework.
 *
 * Glossary:
 * - cell: the recurrent unit (`rnn` = Elman/SimpleRNN with tanh, `lstm`, `gru`).
 * - hidden: units per recurrent layer; every layer in the stack has the same width.
 * - head: the dense layer on top of the recurrent stack. It always emits logits or raw values, never
 *   probabilities: the trainer applies softmax cross-entropy itself, which is numerically stabler.
 * - param budget: a target count of trainable parameters; comparisons between cells are made at equal budget,
 *   so `hidden` is solved from the budget rather than fixed.
 *
 * `@cellsweep/core`'s zod spec produces values structurally identical to these types; they are declared here so
 * that this package does not depend on the spec package.
 */

export type CellKind = 'rnn' | 'lstm' | 'gru';

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
  /** Gate activation for lstm/gru; ignored for rnn, which is tanh throughout. */
  recurrentActivation: RecurrentActivation;
  /** lstm only: initialise the forget-gate bias to 1 (Jozefowicz et al. 2015), so gradients flow early on. */
  unitForgetBias: boolean;
}

/** Everything `buildModel` needs: the shape plus the input length and the initialisation seed. */
export type ModelBuildSpec = ModelShape & {
  /** Time steps per sample, or `null` for variable-length input. */
  sequenceLength: number | null;
  /** Seeds every initializer; the same seed gives bit-identical initial weights. */
  seed: number;
  /**
   * How the recurrent layers run: `fused` (one wasm call per sequence forward and one backward, @cellsweep/kernels)
   * or `layers` (tfjs-layers' own cells, one small op at a time). Same weights, names and results either way;
   * absent means `layers`.
   */
  implementation?: RecurrentImplementation;
};

export type RecurrentImplementation = 'fused' | 'layers';
