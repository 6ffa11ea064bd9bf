/**
 * The `search` block of a sweep spec: `grid` (every list is tried, the default) or adaptive search, where each trial's
 * values are drawn from `search.space` by random search or TPE, optionally stopped early by ASHA, optionally in fair
 * comparison mode (the same tuning budget per cell, then the best config per cell re-run on fresh seeds).
 * Semantics and the reproducibility model: docs/search.md. The algorithms live in @cellsweep/search, the driver that
 * turns stored trials into the next trials in @cellsweep/search-driver; this file only says what a spec may write.
 *
 * Glossary
 * - **suggestion**: the k-th configuration drawn from the space (index k, per stream);
 * - **stream**: the suggestions of one cell in fair mode, of the whole sweep otherwise;
 * - **rung**: an epoch budget of ASHA (minEpochs · η^i, capped at training.epochs); a rung trial trains that many;
 * - **role**: a trial is a `search` trial (tuning) or a `final` trial (the best config re-run on a fresh seed).
 */
import { z } from 'zod';

const SearchValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type SearchValue = z.infer<typeof SearchValue>;

/** `when: { training.optimizer: [momentum] }`: the parameter is searched only when another one takes these values. */
const When = z
  .record(z.string(), z.array(SearchValue).min(1, 'give at least one value'))
  .refine(
    (when) => Object.keys(when).length === 1,
    'name exactly one parameter, e.g. { training.optimizer: [momentum] }',
  );

const domainError = {
  error: 'give one of { float: [low, high], log?: true }, { int: [low, high], log?: true } or { choice: [a, b, ...] }',
};
export const SearchDomainSpec = z.union(
  [
    z.strictObject({
      float: z.tuple([z.number(), z.number()]),
      log: z.boolean().default(false),
      when: When.optional(),
    }),
    z.strictObject({
      int: z.tuple([z.number().int(), z.number().int()]),
      log: z.boolean().default(false),
      when: When.optional(),
    }),
    z.strictObject({ choice: z.array(SearchValue).min(1, 'give at least one value'), when: When.optional() }),
  ],
  domainError,
);
export type SearchDomainSpec = z.infer<typeof SearchDomainSpec>;

export const AshaSpec = z.strictObject({
  /** The first rung's epochs; maxEpochs is training.epochs. */
  minEpochs: z.number().int().min(1),
  /** η: each rung keeps the best 1/η and trains them η times longer (Li et al. 2020 use 3 or 4). */
  reductionFactor: z.number().int().min(2).max(16).default(3),
});

export const FairSpec = z.strictObject({
  /** Fresh seeds (never used during search) on which each cell's best configuration is re-run and compared. */
  finalSeeds: z.number().int().min(2).max(1_000),
});

export const AdaptiveSearchSpec = z.strictObject(
  {
    method: z.enum(['random', 'tpe']),
    /** Configurations to try: per cell in fair mode, for the whole sweep otherwise. */
    trials: z.number().int().min(1).max(10_000),
    /** Suggestions in flight: suggestion k sees the results of suggestions 0..k−parallelism (docs/search.md). */
    parallelism: z.number().int().min(1).max(1_024).default(4),
    seed: z.number().int().min(0).max(2_147_483_646).default(0),
    space: z
      .record(z.string(), SearchDomainSpec)
      .refine((space) => Object.keys(space).length > 0, 'give at least one parameter to search'),
    asha: AshaSpec.optional(),
    fair: FairSpec.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type'
        ? 'give "grid", or a mapping { method: random | tpe, trials, space, ... } (see docs/search.md)'
        : undefined,
  },
);
export type AdaptiveSearchSpec = z.infer<typeof AdaptiveSearchSpec>;

/** `grid` (the default) or an adaptive search. The object comes first so its errors are the ones reported for a mapping. */
export const SearchSpec = z.union([AdaptiveSearchSpec, z.literal('grid')]);
export type SearchSpec = z.infer<typeof SearchSpec>;

/**
 * Spec fields a search may draw, as dotted paths, with the scalar schema a value must pass (the field's own one).
 * `cells` and `task` are what is compared, `seeds` how often: never searched. `training.epochs` is ASHA's budget.
 */
export const SEARCHABLE_FIELDS: Readonly<Record<string, z.ZodType>> = {
  hidden: z.number().int().min(1).max(65_536),
  paramBudget: z.number().int().min(10),
  layers: z.number().int().min(1).max(16),
  'training.batchSize': z.number().int().min(1).max(65_536),
  'training.optimizer': z.enum(['adam', 'rmsprop', 'sgd', 'momentum']),
  'training.learningRate': z.number().positive().max(10),
  'training.clipNorm': z.number().positive().nullable(),
  'cellOptions.recurrentActivation': z.enum(['sigmoid', 'hardSigmoid']),
  'cellOptions.unitForgetBias': z.boolean(),
};

/** Fields that fix a trial's architecture size: fair mode compares cells at one size, so it may not tune them. */
const SIZE_FIELDS = ['hidden', 'paramBudget', 'layers'];
const WHOLE_NUMBER_FIELDS = [...SIZE_FIELDS, 'training.batchSize'];

interface SpecView {
  task: readonly unknown[];
  cells: readonly string[];
  hidden?: readonly number[] | undefined;
  paramBudget?: readonly number[] | undefined;
  layers: readonly number[];
  cellOptions: Record<string, unknown>;
  training: Record<string, unknown> & { epochs: readonly number[]; earlyStoppingPatience: number | null };
  transformer?: Record<string, unknown> | undefined;
  seeds: number | readonly number[];
  search: SearchSpec;
  limits: { maxTrials: number };
}

type AddIssue = (path: PropertyKey[], message: string) => void;

/** Cross-field checks of an adaptive search (called from SweepSpec's superRefine). */
export function checkSearch(spec: SpecView, addIssue: AddIssue): void {
  const search = spec.search;
  if (search === 'grid') return;
  const searchable = Object.keys(SEARCHABLE_FIELDS);
  for (const [name, domain] of Object.entries(search.space)) {
    const at = ['search', 'space', name];
    const schema = SEARCHABLE_FIELDS[name];
    if (!schema) {
      addIssue(at, `unknown field path "${name}"; searchable: ${searchable.join(', ')}`);
      continue;
    }
    checkDomain(name, domain, schema, at, addIssue);
    if (domain.when) {
      const [other] = Object.keys(domain.when);
      const target = other === undefined ? undefined : search.space[other];
      if (other === name) addIssue([...at, 'when'], 'a parameter cannot depend on itself');
      else if (!target || !('choice' in target)) {
        addIssue([...at, 'when'], `"${other}" must be a { choice: [...] } parameter of search.space`);
      }
    }
    if (search.fair && SIZE_FIELDS.includes(name)) {
      addIssue(
        at,
        'fair mode compares cells at one size: give hidden/paramBudget/layers in the spec, not in search.space',
      );
    }
  }
  checkSingleValues(spec, search, addIssue);
  if (search.asha) {
    const maxEpochs = spec.training.epochs[0] ?? 0;
    if (search.asha.minEpochs > maxEpochs) {
      addIssue(['search', 'asha', 'minEpochs'], `must be at most training.epochs (${maxEpochs}), ASHA's largest rung`);
    }
    if (spec.training.earlyStoppingPatience !== null) {
      addIssue(
        ['training', 'earlyStoppingPatience'],
        "must be null with search.asha: a rung trial must train exactly its rung's epochs (ASHA does the stopping)",
      );
    }
  }
  const streams = search.fair ? spec.cells.length : 1;
  const trials =
    streams *
    (search.trials * (search.asha ? rungCount(search.asha, spec.training.epochs[0] ?? 1) : 1) +
      (search.fair?.finalSeeds ?? 0));
  if (trials > spec.limits.maxTrials) {
    addIssue(
      ['search', 'trials'],
      `up to ${trials.toLocaleString('en-US')} trials exceed limits.maxTrials (${spec.limits.maxTrials.toLocaleString('en-US')}); lower search.trials or raise the limit`,
    );
  }
}

function rungCount(asha: z.infer<typeof AshaSpec>, maxEpochs: number): number {
  let count = 1;
  for (let epochs = asha.minEpochs; epochs < maxEpochs; epochs *= asha.reductionFactor) count++;
  return count;
}

function checkDomain(
  name: string,
  domain: SearchDomainSpec,
  schema: z.ZodType,
  at: PropertyKey[],
  addIssue: AddIssue,
): void {
  const values: unknown[] = 'choice' in domain ? domain.choice : 'float' in domain ? domain.float : domain.int;
  values.forEach((value, index) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const key = 'choice' in domain ? 'choice' : 'float' in domain ? 'float' : 'int';
      addIssue(
        [...at, key, index],
        `${JSON.stringify(value)} is not a valid ${name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
  });
  if ('choice' in domain) {
    if (new Set(domain.choice.map((value) => JSON.stringify(value))).size !== domain.choice.length) {
      addIssue([...at, 'choice'], 'choices must be distinct');
    }
    return;
  }
  const [low, high] = 'float' in domain ? domain.float : domain.int;
  const key = 'float' in domain ? 'float' : 'int';
  if (!(low < high)) addIssue([...at, key], `low (${low}) must be below high (${high})`);
  if (domain.log && !(low > 0)) addIssue([...at, 'log'], `a log-scaled range must be positive (low is ${low})`);
  if ('float' in domain && WHOLE_NUMBER_FIELDS.includes(name)) {
    addIssue([...at, 'float'], `${name} takes whole numbers: write { int: [${low}, ${high}] }`);
  }
}

/** Outside the space every field takes one value: a list would be a grid inside a search, which means nothing clear. */
function checkSingleValues(spec: SpecView, search: AdaptiveSearchSpec, addIssue: AddIssue): void {
  const lists: [string, readonly unknown[] | undefined][] = [
    ['hidden', spec.hidden],
    ['paramBudget', spec.paramBudget],
    ['layers', spec.layers],
    ...Object.entries(spec.training).map(([key, value]): [string, readonly unknown[] | undefined] => [
      `training.${key}`,
      Array.isArray(value) ? value : undefined,
    ]),
    ...Object.entries(spec.cellOptions).map(([key, value]): [string, readonly unknown[] | undefined] => [
      `cellOptions.${key}`,
      Array.isArray(value) ? value : undefined,
    ]),
    ...Object.entries(spec.transformer ?? {}).map(([key, value]): [string, readonly unknown[] | undefined] => [
      `transformer.${key}`,
      Array.isArray(value) ? value : undefined,
    ]),
  ];
  for (const [path, values] of lists) {
    if (!values || values.length < 2) continue;
    addIssue(
      path.split('.'),
      path in search.space
        ? `is given both as a list here and in search.space; keep one (search.space.${path} decides its values)`
        : `with search.method ${search.method} give one value, or move the list into search.space as ${path}: { choice: [...] }`,
    );
  }
  if (
    (spec.hidden !== undefined && 'paramBudget' in search.space) ||
    (spec.paramBudget !== undefined && 'hidden' in search.space)
  ) {
    addIssue(['search', 'space'], 'a trial is sized by hidden or by paramBudget, not both: drop one');
  }
  if (spec.task.length > 1) addIssue(['task'], 'a search tunes for one task: give one task (one sweep per task)');
  const seedCount = Array.isArray(spec.seeds) ? spec.seeds.length : spec.seeds;
  if (seedCount !== 1) {
    addIssue(
      ['seeds'],
      'a search trains every suggestion on one seed (give one, e.g. `seeds: [3]`); for repeats use search.fair.finalSeeds',
    );
  }
}

/** Whether a size field is given by the search space (so the spec itself may leave hidden/paramBudget out). */
export function searchSizes(search: SearchSpec): boolean {
  return search !== 'grid' && ('hidden' in search.space || 'paramBudget' in search.space);
}
