/**
 * One trial's configuration as a schema: what expansion writes into a trial row, and what a worker reads back out
 * of the store (JSON that crossed a database, maybe written by another version) before training it. Bounds are the
 * spec's lower ones only: upper limits are the spec's business (`limits`), and a search may draw any value its
 * space allows.
 */
import { z } from 'zod';
import { TrialConfigError } from './errors.js';
import { formatPath } from './parse.js';
import { OptimizerName, PositionalEncoding, RecurrentActivation, RecurrentImplementation, SpecCell } from './spec.js';
import { TaskSpec } from './task.js';

/** How wide each recurrent layer is: fixed units, or solved per cell to match a parameter budget. */
export const TrialSize = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('hidden'), hidden: z.number().int().min(1) }),
  z.strictObject({ kind: z.literal('budget'), paramBudget: z.number().int().min(1) }),
]);
export type TrialSize = z.infer<typeof TrialSize>;

/** One transformer configuration (see TransformerOptionsSpec); only transformer trials carry one. */
export const TrialTransformer = z.strictObject({
  heads: z.number().int().min(1),
  ffMultiplier: z.number().int().min(1),
  positional: PositionalEncoding,
});
export type TrialTransformer = z.infer<typeof TrialTransformer>;

export const TrialTraining = z.strictObject({
  epochs: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  optimizer: OptimizerName,
  learningRate: z.number().positive(),
  clipNorm: z.number().positive().nullable(),
  earlyStoppingPatience: z.number().int().min(1).nullable(),
});
export type TrialTraining = z.infer<typeof TrialTraining>;

/**
 * A search trial trains suggestion `index` of its stream (with ASHA, at the rung `training.epochs`); a final trial
 * re-runs the stream's best suggestion on a fresh seed. `params` are the drawn values (spec paths), `tuned` the
 * searched paths: analysis leaves them out of a final trial's pairing key, since each cell brings its own.
 */
export const TrialSearchTag = z.discriminatedUnion('role', [
  z.strictObject({
    role: z.literal('search'),
    index: z.number().int().min(0),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  z.strictObject({ role: z.literal('final'), index: z.number().int().min(0), tuned: z.array(z.string()) }),
]);
export type TrialSearchTag = z.infer<typeof TrialSearchTag>;

/** One concrete configuration × seed: everything a trainer needs, nothing about where it runs. */
export const TrialConfig = z.strictObject({
  task: TaskSpec,
  cell: SpecCell,
  size: TrialSize,
  layers: z.number().int().min(1),
  recurrentActivation: RecurrentActivation,
  unitForgetBias: z.boolean(),
  /**
   * Transformer trials only (absent for rnn/lstm/gru, so their content keys are what they were before the
   * transformer existed): heads, feed-forward multiplier and positional encoding.
   */
  transformer: TrialTransformer.optional(),
  /** irnn trials only (absent for every other cell, so their content keys are unchanged): see CellOptionsSpec. */
  identityScale: z.number().positive().optional(),
  /** How the recurrent layers run; absent means DEFAULT_RECURRENT_IMPLEMENTATION. Not part of the content key. */
  implementation: RecurrentImplementation.optional(),
  training: TrialTraining,
  seed: z.number().int(),
  /** Adaptive search only (docs/search.md): which suggestion this trial trains, and why. Part of the content key. */
  search: TrialSearchTag.optional(),
});
export type TrialConfig = z.infer<typeof TrialConfig>;

/**
 * Checks a stored trial configuration (e.g. a trial row's JSON) and returns it typed; throws `TrialConfigError`
 * listing every problem with its field path (`training.learningRate: ...`).
 */
export function parseTrialConfig(value: unknown, source = 'trial config'): TrialConfig {
  const result = TrialConfig.safeParse(value);
  if (result.success) return result.data;
  throw new TrialConfigError(
    source,
    result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}
