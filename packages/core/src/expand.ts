/**
 * Grid expansion: the cartesian product of every list in the spec × seeds becomes trial plans. Each plan carries a
 * content key (hash of everything that affects training), so the same trial is never queued twice in a sweep.
 */
import { contentHash } from './canonical.js';
import { SpecLimitError } from './errors.js';
import {
  TRANSFORMER_DEFAULTS,
  type CellKind,
  type OptimizerName,
  type PositionalEncoding,
  type RecurrentActivation,
  type RecurrentImplementation,
  type SweepSpec,
} from './spec.js';
import { taskSequenceLengths, type TaskSpec } from './task.js';

/** How wide each recurrent layer is: fixed units, or solved per cell to match a parameter budget. */
export type TrialSize = { kind: 'hidden'; hidden: number } | { kind: 'budget'; paramBudget: number };

/** One transformer configuration (see TransformerOptionsSpec); only transformer trials carry one. */
export interface TrialTransformer {
  heads: number;
  ffMultiplier: number;
  positional: PositionalEncoding;
}

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
  /**
   * Transformer trials only (absent for rnn/lstm/gru, so their content keys are what they were before the
   * transformer existed): heads, feed-forward multiplier and positional encoding.
   */
  transformer?: TrialTransformer;
  /** How the recurrent layers run; absent means DEFAULT_RECURRENT_IMPLEMENTATION. Not part of the content key. */
  implementation?: RecurrentImplementation;
  training: TrialTraining;
  seed: number;
  /** Adaptive search only (docs/search.md): which suggestion this trial trains, and why. Part of the content key. */
  search?: TrialSearchTag;
}

/**
 * A search trial trains suggestion `index` of its stream (with ASHA, at the rung `training.epochs`); a final trial
 * re-runs the stream's best suggestion on a fresh seed. `params` are the drawn values (spec paths), `tuned` the
 * searched paths: analysis leaves them out of a final trial's pairing key, since each cell brings its own.
 */
export type TrialSearchTag =
  | { role: 'search'; index: number; params: Record<string, string | number | boolean | null> }
  | { role: 'final'; index: number; tuned: string[] };

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
  const variants = cellVariants(spec);
  const upperBound =
    seedList(spec).length * spec.task.length * sizes.length * spec.layers.length * variants.length *
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
                      for (const { cell, transformer } of variants) {
                        const config = normalise({
                          task,
                          cell,
                          ...(transformer ? { transformer } : {}),
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
 * vanilla RNN twice: the RNN is tanh-only, and only the LSTM has a forget gate. The transformer has neither (it gets
 * the RNN's pinned values) and always carries its own options; recurrent cells never carry transformer options.
 */
export function normalise(config: TrialConfig): TrialConfig {
  const { transformer, ...recurrent } = config;
  // Gates and forget biases do not exist in a transformer; its own options are always spelt out (defaults filled).
  if (config.cell === 'transformer') {
    const options = transformer ?? defaultTransformer();
    return { ...config, transformer: options, recurrentActivation: 'sigmoid', unitForgetBias: false };
  }
  if (config.cell === 'rnn') return { ...recurrent, recurrentActivation: 'sigmoid', unitForgetBias: false };
  if (config.cell === 'gru') return { ...recurrent, unitForgetBias: false };
  return transformer === undefined ? config : recurrent;
}

function defaultTransformer(): TrialTransformer {
  const [heads = 2] = TRANSFORMER_DEFAULTS.heads;
  const [ffMultiplier = 2] = TRANSFORMER_DEFAULTS.ffMultiplier;
  const [positional = 'sinusoidal'] = TRANSFORMER_DEFAULTS.positional;
  return { heads, ffMultiplier, positional };
}

interface CellVariant {
  cell: CellKind;
  transformer?: TrialTransformer;
}

/**
 * The innermost axis of the grid: each cell once, except the transformer, once per combination of its options
 * (heads × ffMultiplier × positional). Recurrent cells never multiply by transformer options.
 */
function cellVariants(spec: SweepSpec): CellVariant[] {
  const options = spec.transformer ?? TRANSFORMER_DEFAULTS;
  return spec.cells.flatMap((cell): CellVariant[] =>
    cell !== 'transformer'
      ? [{ cell }]
      : options.heads.flatMap((heads) =>
          options.ffMultiplier.flatMap((ffMultiplier) =>
            options.positional.map((positional) => ({ cell, transformer: { heads, ffMultiplier, positional } })),
          ),
        ),
  );
}

function checkSequenceLength(spec: SweepSpec): void {
  spec.task.forEach((task, index) => {
    const at = spec.task.length === 1 ? 'task' : `task[${index}]`;
    for (const { field, length } of taskSequenceLengths(task)) {
      if (length > spec.limits.maxSequenceLength) {
        const path = field.replace(/[A-Za-z]+/g, (name) => `${at}.${name}`);
        throw new SpecLimitError(path, length, spec.limits.maxSequenceLength, 'limits.maxSequenceLength');
      }
    }
  });
}
