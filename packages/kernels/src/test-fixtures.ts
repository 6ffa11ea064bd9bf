// Shared fixtures for this package's tests (not exported from index.ts).
import { GATE_COUNT, type FusedCellConfig, type FusedCellKind, type LstmVariant } from './cell-config.js';
import type { RecurrentWeights, SequenceShape } from './fused-recurrent.js';
import { nativeKernels } from './native-module.js';

/**
 * Registers a skipped test that says why the native kernels' cases did not run (the addon was not built: no C
 * compiler or headers at install), so a run without them says so instead of passing quietly.
 */
export function reportMissingNative(register: (name: string, options: { skip: string }, fn: () => void) => void): void {
  const { addon, reason } = nativeKernels();
  if (!addon) register('native kernels: same cases as wasm', { skip: reason }, () => {});
}

export const CELLS: readonly FusedCellKind[] = ['rnn', 'lstm', 'gru'];

/** One configuration the kernels run, less its widths: a cell, its gate activation, and the rnn's relu (irnn). */
export interface CellCase {
  label: string;
  cell: FusedCellKind;
  hardSigmoid: boolean;
  activation?: 'relu';
  lstmVariant?: LstmVariant;
  noResetGate?: boolean;
  /** Its activations have kinks (hard sigmoid at ±2.5, relu at 0), where a finite difference is not a derivative. */
  kinked: boolean;
}

/** Every cell × gate activation, and the relu rnn. */
export const CELL_CASES: readonly CellCase[] = [
  ...CELLS.flatMap((cell) =>
    (cell === 'rnn' ? [false] : [false, true]).map((hardSigmoid) => ({
      label: `${cell}${hardSigmoid ? ' (hard sigmoid)' : ''}`,
      cell,
      hardSigmoid,
      kinked: hardSigmoid,
    })),
  ),
  { label: 'rnn (relu, irnn)', cell: 'rnn', hardSigmoid: false, activation: 'relu', kinked: true },
  // The UGRNN of Collins et al. 2017: the GRU without its reset gate.
  ...[false, true].map((hardSigmoid) => ({
    label: `gru without reset gate (ugrnn)${hardSigmoid ? ' (hard sigmoid)' : ''}`,
    cell: 'gru' as const,
    hardSigmoid,
    noResetGate: true,
    kinked: hardSigmoid,
  })),
  // The LSTM variants of Greff et al. 2017, one change each; CIFG and peepholes also with the hard sigmoid.
  ...(
    [
      ['nig', { noInputGate: true }],
      ['nfg', { noForgetGate: true }],
      ['nog', { noOutputGate: true }],
      ['niaf', { noInputActivation: true }],
      ['noaf', { noOutputActivation: true }],
      ['cifg', { coupledInputForget: true }],
      ['ph', { peepholes: true }],
    ] as const
  ).flatMap(([name, lstmVariant]) =>
    (name === 'cifg' || name === 'ph' ? [false, true] : [false]).map((hardSigmoid) => ({
      label: `lstm-${name}${hardSigmoid ? ' (hard sigmoid)' : ''}`,
      cell: 'lstm' as const,
      hardSigmoid,
      lstmVariant,
      kinked: hardSigmoid,
    })),
  ),
];

/** The kernel configuration of a case at the given widths. */
export function caseConfig(cellCase: CellCase, inputSize: number, hidden: number): FusedCellConfig {
  const { cell, hardSigmoid, activation, lstmVariant, noResetGate } = cellCase;
  return {
    cell,
    inputSize,
    hidden,
    hardSigmoid,
    ...(activation ? { activation } : {}),
    ...(lstmVariant ? { lstmVariant } : {}),
    ...(noResetGate ? { noResetGate } : {}),
  };
}

/** Park-Miller: seeded, so a failing case fails the same way twice. Values uniform in [-scale, scale). */
export function seededArray(length: number, seed: number, scale = 1): Float32Array {
  let state = (seed % 2_147_483_646) + 1;
  return Float32Array.from({ length }, () => {
    state = (state * 16_807) % 2_147_483_647;
    return ((state / 2_147_483_647) * 2 - 1) * scale;
  });
}

/**
 * Random weights of the right widths. An LSTM variant has a block fewer per removed (or coupled) gate, written out
 * here from the flags; the peephole LSTM gets random peepholes [3H] too.
 */
export function randomWeights(config: FusedCellConfig, seed: number): RecurrentWeights {
  const v = config.cell === 'lstm' ? (config.lstmVariant ?? {}) : {};
  const removed =
    [v.noInputGate, v.noForgetGate || v.coupledInputForget, v.noOutputGate].filter(Boolean).length +
    (config.cell === 'gru' && config.noResetGate ? 1 : 0);
  const width = (GATE_COUNT[config.cell] - removed) * config.hidden;
  return {
    kernel: seededArray(config.inputSize * width, seed, 0.6),
    recurrentKernel: seededArray(config.hidden * width, seed + 1, 0.6),
    bias: seededArray(width, seed + 2, 0.3),
    ...(v.peepholes ? { peephole: seededArray(3 * config.hidden, seed + 3, 0.5) } : {}),
  };
}

/** max |a - b| / max |b|: error relative to the tensor's scale, so entries near zero do not dominate. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < actual.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(expected[i] ?? 0));
  }
  return Number.isNaN(diff) ? Infinity : diff / (scale || 1);
}

/** The last time step of a [B][T][H] sequence, [B][H]. */
export function lastStep(sequence: ArrayLike<number>, shape: SequenceShape, hidden: number): Float64Array {
  const out = new Float64Array(shape.batch * hidden);
  for (let b = 0; b < shape.batch; b++) {
    for (let j = 0; j < hidden; j++)
      out[b * hidden + j] = sequence[(b * shape.steps + shape.steps - 1) * hidden + j] ?? NaN;
  }
  return out;
}

/** A [B][H] last-step gradient spread into a [B][T][H] sequence gradient (zeros elsewhere). */
export function spreadLastStep(gradient: ArrayLike<number>, shape: SequenceShape, hidden: number): Float64Array {
  const out = new Float64Array(shape.batch * shape.steps * hidden);
  for (let b = 0; b < shape.batch; b++) {
    for (let j = 0; j < hidden; j++)
      out[(b * shape.steps + shape.steps - 1) * hidden + j] = gradient[b * hidden + j] ?? NaN;
  }
  return out;
}
