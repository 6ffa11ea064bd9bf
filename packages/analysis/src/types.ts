/**
 * The rows analysis reads and the shapes it returns. Everything here is plain data: no Dates, no class instances,
 * no NaN/Infinity in outputs (a value that cannot be computed is `null`), so a `SweepAnalysis` survives
 * `JSON.stringify` unchanged for the CLI's `--format json`, the HTML report and the dashboard.
 *
 * Glossary
 * - **trial row**: one finished (or not) trial: a configuration × seed with its final losses.
 * - **arm**: what is being compared: a cell kind, plus any cell-only option (`variant`) that takes more than one
 *   value in the input, e.g. `lstm[unitForgetBias=false]`.
 * - **size**: a parameter budget (cells are widened to meet it) or, for width sweeps, a hidden width; plus layers.
 * - **setting**: task × layers × size × shared hyperparameters (`group`). Trials of different arms in the same setting
 *   with the same seed saw the same data, so they are compared as pairs.
 * - **group**: setting × arm: the seeds of one configuration, summarised by descriptive statistics.
 * - **series**: task × arm × layers × hyperparameters across sizes: what a parameter-count trend is fitted to.
 */

/** A hyperparameter value, as it appears in a flattened trial configuration. */
export type Scalar = string | number | boolean | null;

/**
 * One trial, as analysis needs it. A structural subset of the store's `TrialRecord` plus three optional fields that
 * the caller fills from the trial's config (see `trialRowFromRecord`): `task`, `group` and `variant`.
 */
export interface TrialRow {
  id: string;
  cell: string;
  layers: number;
  hidden: number;
  paramBudget: number | null;
  paramCount: number;
  seed: number;
  /** Only `COMPLETED` rows are analysed by default; the rest are counted as excluded. */
  status: string;
  /** Which task the trial learned (rows of different tasks are never compared). Defaults to ''. */
  task?: string;
  /** Hyperparameters shared by every cell (learning rate, batch size, ...): part of the pairing key. */
  group?: Readonly<Record<string, Scalar>>;
  /** Options only some cells have (e.g. `unitForgetBias`): part of the arm, never of the pairing key. */
  variant?: Readonly<Record<string, Scalar>>;
  /**
   * Adaptive search (docs/search.md): a `search` trial tuned hyperparameters, a `final` trial re-ran a cell's best
   * configuration on a fresh seed. When a sweep has final trials, only they are analysed. Absent: a grid trial.
   */
  role?: 'search' | 'final';
  trainLoss: number | null;
  valLoss: number | null;
  testLoss: number | null;
  /** The task metric on the training split (training accuracy); absent or null when not stored. */
  trainMetric?: number | null;
  valMetric: number | null;
  testMetric: number | null;
  metricName: string | null;
  /** test − train loss as the trainer reported it; used only when trainLoss or testLoss is missing. */
  generalizationGap: number | null;
  /**
   * Per-step log-slope of ‖∂loss_T/∂x_t‖ (ln per step back; core's gradientSlope) of the untrained model and of the
   * final weights. Absent or null: not measured, or no gradient at all. See gradient-slopes.ts.
   */
  initialGradientSlope?: number | null;
  gradientSlope?: number | null;
}

/**
 * What can be summarised or compared. `testGap` = testLoss − trainLoss and `valGap` = valLoss − trainLoss (how much
 * worse held-out data is than training data). `bitsPerParameter` (the loss bound) and `mutualInformationPerParameter`
 * (Collins et al.'s measure, from training accuracy) exist only when memorization capacity is asked for (capacity.ts).
 */
export type MetricKey =
  | 'trainLoss'
  | 'valLoss'
  | 'testLoss'
  | 'testGap'
  | 'valGap'
  | 'valMetric'
  | 'testMetric'
  | 'bitsPerParameter'
  | 'mutualInformationPerParameter';

/** How an interval of a mean was computed; printed beside it so a reader knows what "95% CI" means here. */
export type CiMethod = 'student-t';

/** A two-sided confidence interval [low, high]. */
export type Interval = readonly [number, number];

/** Descriptive statistics of one metric over the seeds of one group. */
export interface MetricSummary {
  /** Finite values used. */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); null when n < 2. */
  sd: number | null;
  median: number;
  min: number;
  max: number;
  /** Student-t CI of the mean (see mean-interval.ts); null when n < 2 (one value has no spread). */
  ci: Interval | null;
  /** How `ci` was computed. */
  ciMethod: CiMethod;
  /** Why `ci` is null, in plain words; null when it is not. */
  ciNote: string | null;
  /** Why `ci` may cover less than its level (n < 5, or strong skew), in plain words; null when nothing is known. */
  ciCaution: string | null;
  /** Values that were NaN or ±Infinity (a diverged run) and left out of every number above. */
  nonFinite: number;
}

/** The task × layers × size × hyperparameters that trials of different arms share. */
export interface Setting {
  /** Deterministic, unique key (JSON of the parts, hyperparameters sorted by name). */
  key: string;
  task: string;
  layers: number;
  size: SizeKey;
  /** Shared hyperparameters, sorted by name. */
  group: Readonly<Record<string, Scalar>>;
  /** Human label: task, size, and only the hyperparameters that vary across the input. */
  label: string;
}

/** A parameter budget, or a fixed hidden width when the sweep was not budgeted. */
export interface SizeKey {
  kind: 'budget' | 'hidden';
  value: number;
}
