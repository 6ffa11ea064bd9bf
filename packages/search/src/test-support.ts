/** Fixtures shared by the search tests. */
import type { SearchSpace } from './types.js';

/**
 * One of each kind, plus conditional parameters: forgetBias only for LSTMs, recurrentDropout only with 2-3 layers,
 * and dropoutMask conditional on a conditional (only when recurrentDropout is active and not null).
 */
export const mixedSpace: SearchSpace = [
  { name: 'cell', domain: { kind: 'categorical', choices: ['rnn', 'lstm', 'gru'] } },
  { name: 'learningRate', domain: { kind: 'float', low: 1e-4, high: 1e-1, log: true } },
  { name: 'hiddenSize', domain: { kind: 'int', low: 8, high: 256, log: true } },
  { name: 'layers', domain: { kind: 'int', low: 1, high: 3 } },
  { name: 'dropout', domain: { kind: 'float', low: 0, high: 0.5 } },
  { name: 'forgetBias', domain: { kind: 'float', low: 0, high: 2 }, when: { param: 'cell', equals: ['lstm'] } },
  // Declared before its parent on purpose: samplers must order by dependency, not by declaration.
  {
    name: 'dropoutMask',
    domain: { kind: 'categorical', choices: ['shared', 'per-step'] },
    when: { param: 'recurrentDropout', equals: [0.1, 0.25] },
  },
  {
    name: 'recurrentDropout',
    domain: { kind: 'categorical', choices: [null, 0.1, 0.25] },
    when: { param: 'layers', equals: [2, 3] },
  },
];
