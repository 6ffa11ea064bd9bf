/**
 * Grid expansion: the cartesian product of every list in the spec × seeds becomes trial plans. Each plan carries a
 * content key (hash of everything that affects training), so the same trial is never queued twice in a sweep.
 */
import { contentHash } from './canonical.js';
import { SpecLimitError } from './errors.js';
import type { CellKind, OptimizerName, RecurrentActivation, RecurrentImplementation, SweepSpec } from './spec.js';
import type { TaskSpec } from './task.js';

/** How wide each recurrent layer is: fixed units, or solved per cell to match a parameter budget. */
export type TrialSize = { kind: 'hidden'; hidden: number } | { kind: 'budget'; paramBudget: number };

export interface TrialTraining {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  clipNorm: number | null;
  earlyStoppingPatience: number | null;
}

/** One concrete configuration × seed: everything a trainer needs, nothing about where it runs. */
export interface TrialConfig {
  task: TaskSpec;
  cell: CellKind;
  size: TrialSize;
  layers: number;
  recurrentActivation: RecurrentActivation;
  unitForgetBias: boolean;
  /** How the recurrent layers run; absent means DEFAULT_RECURRENT_IMPLEMENTATION. Not part of the content key. */
  implementation?: RecurrentImplementation;
  training: TrialTraining;
  seed: number;
}

export interface TrialPlan {
  /** Position in the sweep (seeds outermost, cells innermost, so early results already compare cells). */
  ordinal: number;
  /** Content hash of `config`. */
  configKey: string;
  config: TrialConfig;
}

export function seedList(spec: SweepSpec): number[] {
  return Array.isArray(spec.seeds) ? spec.seeds : Array.from({ length: spec.seeds }, (_, i) => i);
}

/** Expands a validated spec into trial plans, refusing sweeps past `limits`. */
export function expandSweep(spec: SweepSpec): TrialPlan[] {
  checkSequenceLength(spec);
  const sizes: TrialSize[] = spec.hidden
    ? spec.hidden.map((hidden) => ({ kind: 'hidden', hidden }))
    : (spec.paramBudget ?? []).map((paramBudget) => ({ kind: 'budget', paramBudget }));
  const { training, cellOptions } = spec;
  const upperBound =
    seedList(spec).length * spec.task.length * sizes.length * spec.layers.length * spec.cells.length *
    cellOptions.recurrentActivation.length * cellOptions.unitForgetBias.length *
    training.epochs.length * training.batchSize.length * training.optimizer.length *
    training.learningRate.length * training.clipNorm.length;
  if (upperBound > spec.limits.maxTrials) {
    throw new SpecLimitError('trials (product of all lists × seeds)', upperBound, spec.limits.maxTrials, 'limits.maxTrials');
  }

  const plans: TrialPlan[] = [];
  const seen = new Set<string>();
  for (const seed of seedList(spec))
    for (const task of spec.task)
    for (const size of sizes)
      for (const layers of spec.layers)
        for (const epochs of training.epochs)
          for (const batchSize of training.batchSize)
            for (const optimizer of training.optimizer)
              for (const learningRate of training.learningRate)
                for (const clipNorm of training.clipNorm)
                  for (const recurrentActivation of cellOptions.recurrentActivation)
                    for (const unitForgetBias of cellOptions.unitForgetBias)
                      for (const cell of spec.cells) {
                        const config = normalise({
                          task,
                          cell,
                          size,
                          layers,
                          recurrentActivation,
                          unitForgetBias,
                          training: { epochs, batchSize, optimizer, learningRate, clipNorm, earlyStoppingPatience: training.earlyStoppingPatience },
                          seed,
                          ...(cellOptions.implementation ? { implementation: cellOptions.implementation } : {}),
                        });
                        // The implementation changes how a trial runs, not what it measures: keep it out of the key.
                        const configKey = contentHash({ ...config, implementation: undefined });
                        if (seen.has(configKey)) continue;
                        seen.add(configKey);
                        plans.push({ ordinal: plans.length, configKey, config });
                      }
  return plans;
}

/**
 * Options that cannot affect a cell are pinned, so e.g. `unitForgetBias: [true, false]` does not train the same
 * vanilla RNN twice: the RNN is tanh-only, and only the LSTM has a forget gate.
 */
function normalise(config: TrialConfig): TrialConfig {
  if (config.cell === 'rnn') return { ...config, recurrentActivation: 'sigmoid', unitForgetBias: false };
  if (config.cell === 'gru') return { ...config, unitForgetBias: false };
  return config;
}

function checkSequenceLength(spec: SweepSpec): void {
  spec.task.forEach((task, index) => {
    const at = spec.task.length === 1 ? 'task' : `task[${index}]`;
    const length = task.dataset === 'copy' ? task.delay + 2 * task.copyLength : task.sequenceLength;
    const field = task.dataset === 'copy' ? `${at}.delay + 2 × ${at}.copyLength` : `${at}.sequenceLength`;
    if (length > spec.limits.maxSequenceLength) {
      throw new SpecLimitError(field, length, spec.limits.maxSequenceLength, 'limits.maxSequenceLength');
    }
  });
}
