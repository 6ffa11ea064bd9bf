/**
 * The sweep spec: what the user writes. Lists mean "try each"; the cartesian product of all lists × seeds becomes
 * the trials (see expand.ts).
 *
 * Defaults are chosen deliberately and differ from tfjs's own: tfjs uses hardSigmoid gates and no unit forget bias,
 * which (measured here) left an LSTM stuck at the 0.167 baseline of the adding problem (T=50, ~4.5k params, Adam
 * 1e-2) while sigmoid gates with forget bias 1 solved it. Keras 2 and PyTorch practice is sigmoid + forget bias 1.
 */
import { z } from 'zod';
import { checkSearch, SearchSpec, searchSizes } from './search-spec.js';
import { TaskSpec, taskSequenceLengths } from './task.js';

/** A value or a non-empty list of values, always read as a list. */
function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([item, z.array(item).min(1, 'give at least one value')])
    .transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
}

/**
 * The recurrent cells (rnn, irnn, lstm and its Greff et al. 2017 variants `lstm-*`, gru, ugrnn: docs/cells.md), and
 * `transformer`: a small causal (GPT-like) baseline sized the same way (docs/transformer.md). A variant is a cell of
 * its own, so analysis compares it as an arm like any other cell.
 */
export const CellKind = z.enum([
  'rnn',
  'irnn',
  'lstm',
  'lstm-nig',
  'lstm-nfg',
  'lstm-nog',
  'lstm-niaf',
  'lstm-noaf',
  'lstm-cifg',
  'lstm-ph',
  'gru',
  'ugrnn',
  'transformer',
]);
export type CellKind = z.infer<typeof CellKind>;

/** `plugin:<name>`: a cell from a plugin module the operator installed (docs/own-data.md#plugin-cells). */
export type PluginCellName = `plugin:${string}`;
/** A plugin's name after `plugin:`: a name, never a path or a package (the operator maps names to modules). */
const PLUGIN_CELL = /^plugin:[a-z][a-z0-9-]{0,39}$/;

/**
 * What `cells` may list: a built-in cell or `plugin:<name>`. A spec can only NAME a plugin: which modules a machine
 * may load is the operator's allow-list (CELLSWEEP_PLUGINS), so a submitted spec never makes a worker import a file.
 */
export const SpecCell = z.string().transform((value, context): CellKind | PluginCellName => {
  if ((CellKind.options as readonly string[]).includes(value)) return value as CellKind;
  if (PLUGIN_CELL.test(value)) return value as PluginCellName;
  const named = value.startsWith('plugin:') ? value.slice('plugin:'.length) : value;
  const looksLikePath = /[/\\.]|^@/.test(named);
  context.addIssue({
    code: 'custom',
    message: looksLikePath
      ? `"${value}" looks like a path or a package; a spec names a plugin cell as plugin:<name> (lowercase letters, ` +
        'digits, "-") and the operator decides which modules provide it (CELLSWEEP_PLUGINS)'
      : `"${value}" is not a cell; use one of ${CellKind.options.join(', ')} or plugin:<name> (a plugin the operator ` +
        'installed)',
  });
  return z.NEVER;
});
export type SpecCell = z.output<typeof SpecCell>;
export const RecurrentActivation = z.enum(['sigmoid', 'hardSigmoid']);
export type RecurrentActivation = z.infer<typeof RecurrentActivation>;
export const OptimizerName = z.enum(['adam', 'rmsprop', 'sgd', 'momentum']);
export type OptimizerName = z.infer<typeof OptimizerName>;

/**
 * How recurrent layers execute: `fused` runs each layer's whole sequence forward and backward as single wasm SIMD
 * calls (@cellsweep/kernels), `layers` runs tfjs-layers' cells op by op. Same weights and results (fused matches
 * layers to ~1e-6 relative in @cellsweep/kernels' tests), so it is how a trial runs, not what it measures: one value
 * per sweep, not a list, and not part of a trial's content key.
 */
export const RecurrentImplementation = z.enum(['fused', 'layers']);
export type RecurrentImplementation = z.infer<typeof RecurrentImplementation>;
/**
 * What runs when a spec does not say: `fused`, since its outputs, gradients and training curves match tfjs-layers
 * (@cellsweep/kernels and trainer tests) at 5-14x the samples/s on the same backend (`npm run bench`).
 */
export const DEFAULT_RECURRENT_IMPLEMENTATION: RecurrentImplementation = 'fused';

export const CellOptionsSpec = z.strictObject({
  recurrentActivation: oneOrMany(RecurrentActivation).default(['sigmoid']),
  unitForgetBias: oneOrMany(z.boolean()).default([true]),
  implementation: RecurrentImplementation.optional(),
  /**
   * irnn only: its recurrent kernel starts as the identity times this (Le, Jaitly & Hinton 2015: 1, or smaller for
   * long sequences). Optional with no default, so specs without it parse and hash as before; absent means 1.
   */
  identityScale: oneOrMany(z.number().positive().max(10)).optional(),
});

export const PositionalEncoding = z.enum(['sinusoidal', 'learned']);
export type PositionalEncoding = z.infer<typeof PositionalEncoding>;

type TransformerDefaults = { heads: number; ffMultiplier: number; positional: PositionalEncoding };

/**
 * A transformer's options where the spec names none, defined once: the spec's list defaults, grid expansion and the
 * model builder (@cellsweep/models, for a shape without options) all read these.
 */
export const DEFAULT_TRANSFORMER_OPTIONS: Readonly<TransformerDefaults> = {
  heads: 2,
  ffMultiplier: 2,
  positional: 'sinusoidal',
};

/**
 * Options of the `transformer` cell, lists like the others (each value is tried); ignored by rnn/lstm/gru. `hidden`
 * is d_model and `layers` the number of blocks. Optional with no default in the spec, so specs without a transformer
 * parse and hash exactly as before; expansion applies TRANSFORMER_DEFAULTS.
 */
export const TransformerOptionsSpec = z.strictObject({
  /** Attention heads per block; hidden (d_model) must be a multiple of each. */
  heads: oneOrMany(z.number().int().min(1).max(64)).default([DEFAULT_TRANSFORMER_OPTIONS.heads]),
  /** Feed-forward width as an integer multiple of d_model. */
  ffMultiplier: oneOrMany(z.number().int().min(1).max(16)).default([DEFAULT_TRANSFORMER_OPTIONS.ffMultiplier]),
  /** `learned` needs one fixed sequence length (a trained row per step); `sinusoidal` works at any length. */
  positional: oneOrMany(PositionalEncoding).default([DEFAULT_TRANSFORMER_OPTIONS.positional]),
});
export type TransformerOptionsSpec = z.infer<typeof TransformerOptionsSpec>;
export const TRANSFORMER_DEFAULTS: TransformerOptionsSpec = {
  heads: [DEFAULT_TRANSFORMER_OPTIONS.heads],
  ffMultiplier: [DEFAULT_TRANSFORMER_OPTIONS.ffMultiplier],
  positional: [DEFAULT_TRANSFORMER_OPTIONS.positional],
};

export const TrainingSpec = z.strictObject({
  epochs: oneOrMany(z.number().int().min(1).max(100_000)).default([20]),
  batchSize: oneOrMany(z.number().int().min(1).max(65_536)).default([64]),
  optimizer: oneOrMany(OptimizerName).default(['adam']),
  learningRate: oneOrMany(z.number().positive().max(10)).default([0.01]),
  /** Global gradient-norm clip; null turns clipping off. */
  clipNorm: oneOrMany(z.number().positive().nullable()).default([1]),
  /** Stop after this many epochs without a validation improvement; null trains all epochs. */
  earlyStoppingPatience: z.number().int().min(1).nullable().default(null),
});

export const LimitsSpec = z.strictObject({
  maxParamsPerTrial: z.number().int().positive().default(2_000_000),
  maxSequenceLength: z.number().int().positive().default(2_000),
  maxTrials: z.number().int().positive().default(10_000),
  /**
   * Largest data file (`dataset: file`) read, in bytes; DEFAULT_MAX_DATA_FILE_BYTES when absent. Optional with no
   * default so that specs without it parse and hash exactly as before it existed.
   */
  maxDataFileBytes: z.number().int().positive().optional(),
});

/** 1 GB: a data file read whole into typed arrays beyond this is more than a 2-core sweep machine should take. */
export const DEFAULT_MAX_DATA_FILE_BYTES = 1_000_000_000;

const SPEC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
/** The shape of the ids the store gives sweeps (UUIDs). */
const SWEEP_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SweepSpec = z
  .strictObject({
    name: z
      .string()
      .regex(SPEC_NAME, 'use 1-80 letters, digits, ".", "_" or "-", starting with a letter or digit')
      // Commands take a sweep's name or id: a name shaped like an id could not be told from another sweep's id
      // (issue 14, defect 24).
      .refine((name) => !SWEEP_ID_SHAPE.test(name), 'looks like a sweep id (a UUID); choose a name that does not'),
    description: z.string().max(2_000).optional(),
    /** What to learn: one task, or a list (each becomes its own set of trials; tasks are never compared pairwise). */
    task: oneOrMany(TaskSpec),
    cells: oneOrMany(SpecCell),
    /** Units per layer; give this or paramBudget. */
    hidden: oneOrMany(z.number().int().min(1).max(65_536)).optional(),
    /** Target parameter counts: each cell's width is solved to land on the budget. */
    paramBudget: oneOrMany(z.number().int().min(10)).optional(),
    layers: oneOrMany(z.number().int().min(1).max(16)).default([1]),
    cellOptions: CellOptionsSpec.default({ recurrentActivation: ['sigmoid'], unitForgetBias: [true] }),
    /** Options of the transformer cell (see TransformerOptionsSpec); absent means TRANSFORMER_DEFAULTS. */
    transformer: TransformerOptionsSpec.optional(),
    training: TrainingSpec.default({
      epochs: [20],
      batchSize: [64],
      optimizer: ['adam'],
      learningRate: [0.01],
      clipNorm: [1],
      earlyStoppingPatience: null,
    }),
    /** A count of repeats (seeds 0..n-1) or an explicit list of seeds. */
    seeds: z
      .union([
        z.number().int().min(1).max(10_000),
        z.array(z.number().int().min(0).max(2_147_483_646)).min(1, 'give at least one seed'),
      ])
      .default(1),
    /** `grid` (every list is tried) or an adaptive search (random | tpe, optional ASHA and fair mode): docs/search.md. */
    search: SearchSpec.default('grid'),
    limits: LimitsSpec.default({ maxParamsPerTrial: 2_000_000, maxSequenceLength: 2_000, maxTrials: 10_000 }),
  })
  .superRefine((spec, context) => {
    if ((spec.hidden === undefined) === (spec.paramBudget === undefined) && !searchSizes(spec.search)) {
      context.addIssue({
        code: 'custom',
        path: spec.hidden === undefined ? [] : ['paramBudget'],
        message:
          'give exactly one of `hidden` (units per layer) or `paramBudget` (target parameter counts: each cell is sized to match)',
      });
    }
    if (Array.isArray(spec.seeds) && new Set(spec.seeds).size !== spec.seeds.length) {
      context.addIssue({ code: 'custom', path: ['seeds'], message: 'seeds must be distinct' });
    }
    if (Array.isArray(spec.cells) && spec.cells.includes('transformer')) {
      checkTransformer(spec, (path, message) => context.addIssue({ code: 'custom', path, message }));
    }
    checkSearch(spec, (path, message) => context.addIssue({ code: 'custom', path, message }));
  });
export type SweepSpec = z.infer<typeof SweepSpec>;
/** What the user may write (before defaults are applied). */
export type SweepSpecInput = z.input<typeof SweepSpec>;

/**
 * What a transformer needs from the rest of the spec: every fixed width splits evenly over every head count, and a
 * learned position table meets one sequence length per task (not a longer test split).
 */
function checkTransformer(
  spec: { hidden?: number[] | undefined; transformer?: TransformerOptionsSpec | undefined; task: TaskSpec[] },
  addIssue: (path: PropertyKey[], message: string) => void,
): void {
  const options = spec.transformer ?? TRANSFORMER_DEFAULTS;
  // zod runs refinements even when a field failed (its value then is the raw input): check only what parsed.
  const parsed = (value: unknown): value is unknown[] => Array.isArray(value);
  if (!parsed(options.heads) || !parsed(options.positional) || !parsed(spec.task)) return;
  for (const hidden of parsed(spec.hidden) ? spec.hidden : []) {
    for (const heads of options.heads) {
      if (heads > 0 && hidden % heads !== 0) {
        addIssue(
          ['hidden'],
          `hidden ${hidden} is not a multiple of transformer.heads ${heads}; use a multiple of ${heads}`,
        );
      }
    }
  }
  if (!options.positional.includes('learned')) return;
  spec.task.forEach((task, index) => {
    const lengths = new Set(taskSequenceLengths(task).map(({ length }) => length));
    if (lengths.size > 1) {
      const at = spec.task.length === 1 ? 'task' : `task[${index}]`;
      addIssue(
        ['transformer', 'positional'],
        `learned positions need one sequence length, but ${at} tests at another length than it trains; ` +
          'use transformer.positional: sinusoidal (works at any length)',
      );
    }
  });
}
