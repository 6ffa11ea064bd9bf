/**
 * Grid expansion: the cartesian product of every list in the spec × seeds becomes trial plans. Each plan carries a
 * content key (hash of everything that affects training), so the same trial is never queued twice in a sweep.
 */
import { SpecLimitError } from './errors.js';
import { DEFAULT_TRANSFORMER_OPTIONS, TRANSFORMER_DEFAULTS, type SpecCell, type SweepSpec } from './spec.js';
import { taskSequenceLengths } from './task.js';
import { trialConfigKey } from './trial-config-key.js';
import type { TrialConfig, TrialSize, TrialTransformer } from './trial-config.js';

export type { TrialConfig, TrialSearchTag, TrialSize, TrialTraining, TrialTransformer } from './trial-config.js';

export interface TrialPlan {
  /** Position in the sweep (seeds outermost, cells innermost, so early results already compare cells). */
  ordinal: number;
  /** Content hash of `config`. */
  configKey: string;
  config: TrialConfig;
  /** ASHA: the content key of the lower rung's trial this one continues from (its checkpoint), instead of retraining. */
  continuesFromKey?: string;
  /** ASHA: a rung below the top, whose checkpoint must outlive its completion until the promotion decision. */
  keepsCheckpoint?: boolean;
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
    seedList(spec).length *
    spec.task.length *
    sizes.length *
    spec.layers.length *
    variants.length *
    cellOptions.recurrentActivation.length *
    cellOptions.unitForgetBias.length *
    training.epochs.length *
    training.batchSize.length *
    training.optimizer.length *
    training.learningRate.length *
    training.clipNorm.length;
  if (upperBound > spec.limits.maxTrials) {
    throw new SpecLimitError(
      'trials (product of all lists × seeds)',
      upperBound,
      spec.limits.maxTrials,
      'limits.maxTrials',
    );
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
                        for (const { cell, transformer, identityScale } of variants) {
                          const config = normalise({
                            task,
                            cell,
                            ...(transformer ? { transformer } : {}),
                            ...(identityScale === undefined ? {} : { identityScale }),
                            size,
                            layers,
                            recurrentActivation,
                            unitForgetBias,
                            training: {
                              epochs,
                              batchSize,
                              optimizer,
                              learningRate,
                              clipNorm,
                              earlyStoppingPatience: training.earlyStoppingPatience,
                            },
                            seed,
                            ...(cellOptions.implementation ? { implementation: cellOptions.implementation } : {}),
                          });
                          const configKey = trialConfigKey(config);
                          if (seen.has(configKey)) continue;
                          seen.add(configKey);
                          plans.push({ ordinal: plans.length, configKey, config });
                        }
  return plans;
}

/**
 * Options that cannot affect a cell are pinned, so e.g. `unitForgetBias: [true, false]` does not train the same
 * vanilla RNN twice: the RNN is tanh-only (irnn relu-only), and only the LSTM and its variants that keep a forget gate
 * have one (lstm-nfg has none, lstm-cifg's is 1 − i). The transformer has neither (it gets the RNN's pinned values)
 * and always carries its own options; recurrent cells never carry transformer options. irnn always carries its
 * identity scale (1 unless given), no other cell does.
 */
export function normalise(config: TrialConfig): TrialConfig {
  const { transformer, identityScale, ...recurrent } = config;
  // Gates and forget biases do not exist in a transformer; its own options are always spelt out (defaults filled).
  if (config.cell === 'transformer') {
    const options = transformer ?? defaultTransformer();
    return { ...recurrent, transformer: options, recurrentActivation: 'sigmoid', unitForgetBias: false };
  }
  if (config.cell === 'irnn') {
    return { ...recurrent, identityScale: identityScale ?? 1, recurrentActivation: 'sigmoid', unitForgetBias: false };
  }
  if (config.cell === 'rnn') return { ...recurrent, recurrentActivation: 'sigmoid', unitForgetBias: false };
  if (config.cell === 'gru' || config.cell === 'ugrnn' || config.cell === 'lstm-nfg' || config.cell === 'lstm-cifg') {
    return { ...recurrent, unitForgetBias: false };
  }
  return transformer === undefined && identityScale === undefined ? config : recurrent;
}

function defaultTransformer(): TrialTransformer {
  return { ...DEFAULT_TRANSFORMER_OPTIONS };
}

interface CellVariant {
  cell: SpecCell;
  transformer?: TrialTransformer;
  identityScale?: number;
}

/**
 * The innermost axis of the grid: each cell once, except the transformer, once per combination of its options
 * (heads × ffMultiplier × positional), and irnn, once per identity scale. Other cells never multiply by them.
 */
function cellVariants(spec: SweepSpec): CellVariant[] {
  const options = spec.transformer ?? TRANSFORMER_DEFAULTS;
  const identityScales = spec.cellOptions.identityScale ?? [1];
  return spec.cells.flatMap((cell): CellVariant[] =>
    cell === 'irnn'
      ? identityScales.map((identityScale) => ({ cell, identityScale }))
      : cell !== 'transformer'
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
    if (task.dataset === 'file') {
      const length = task.summary?.sequenceLength ?? 0;
      if (length > spec.limits.maxSequenceLength) {
        const field = `${at}.path: sequences of ${task.path}`;
        throw new SpecLimitError(field, length, spec.limits.maxSequenceLength, 'limits.maxSequenceLength');
      }
      return;
    }
    for (const { field, length } of taskSequenceLengths(task)) {
      if (length > spec.limits.maxSequenceLength) {
        const path = field.replace(/[A-Za-z]+/g, (name) => `${at}.${name}`);
        throw new SpecLimitError(path, length, spec.limits.maxSequenceLength, 'limits.maxSequenceLength');
      }
    }
  });
}
