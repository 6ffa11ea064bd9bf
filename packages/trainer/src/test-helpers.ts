/** Shared setup for trainer tests: a small, fast trial on the wasm backend. */
import { TaskSpec, type TrialConfig } from '@cellsweep/core';
import { selectBackend } from './backend.js';

export async function useWasm(): Promise<void> {
  await selectBackend('wasm');
}

export function tinyTrial(
  overrides: Partial<TrialConfig> = {},
  task: object = { dataset: 'adding', sequenceLength: 10, trainSize: 256, validationSize: 64, testSize: 64 },
): TrialConfig {
  return {
    task: TaskSpec.parse(task),
    cell: 'lstm',
    size: { kind: 'hidden', hidden: 8 },
    layers: 1,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    training: {
      epochs: 4,
      batchSize: 32,
      optimizer: 'adam',
      learningRate: 0.02,
      clipNorm: 1,
      earlyStoppingPatience: null,
    },
    seed: 3,
    ...overrides,
  };
}
