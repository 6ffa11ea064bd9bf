/**
 * Plain records that go in and out of the store. Nothing here mentions Prisma: callers (CLI, worker, dashboard)
 * see these types only, so the generated client can change without touching them.
 *
 * Sweep, trial, attempt, epoch row and checkpoint mean what @cellsweep/core's glossary (core/src/glossary.ts) says;
 * a trial's `attempt` column is the number of its latest attempt.
 */

/** Mirrors the Prisma enum `SweepStatus`. */
export type SweepStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
/** Mirrors the Prisma enum `TrialStatus`. */
export type TrialStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export const TRIAL_STATUSES: readonly TrialStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Which database a store talks to. */
export type StoreDriver = 'pglite' | 'postgres';

export interface SweepRecord {
  id: string;
  name: string;
  /** The spec as stored (JSON). */
  spec: JsonObject;
  specHash: string;
  status: SweepStatus;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** A sweep with how many of its trials are in each status (for `cellsweep ls`). */
export interface SweepSummary extends SweepRecord {
  trialCount: number;
  trialCounts: Record<TrialStatus, number>;
}

export interface UpsertSweepInput {
  name: string;
  /** Any JSON-serialisable object; stored as JSON (undefined fields dropped, as JSON.stringify does). */
  spec: object;
  specHash: string;
  /**
   * Accept a spec different from the one the sweep already has: it becomes the sweep's spec and its trials join
   * the sweep's. Without it a different spec is refused (SweepSpecChangedError). Every version stays stored.
   */
  extend?: boolean;
}

/** One spec a sweep has run under. */
export interface SweepSpecVersionRecord {
  specHash: string;
  spec: JsonValue;
  createdAt: Date;
}

/** One trial to insert. `id` defaults to a fresh UUID. */
export interface NewTrial {
  id?: string;
  configKey: string;
  ordinal: number;
  cell: string;
  hidden: number;
  layers: number;
  paramBudget?: number | null;
  paramCount: number;
  seed: number;
  /** Any JSON-serialisable object (the full trial configuration). */
  config: object;
  /** ASHA: the id of the lower rung's trial this one continues (its checkpoint moves here when this is inserted). */
  continuesFrom?: string | null;
  /** ASHA: a rung below the top; completing it keeps its checkpoint until the promotion decision. */
  keepsCheckpoint?: boolean;
}

export interface TrialRecord {
  id: string;
  sweepId: string;
  configKey: string;
  ordinal: number;
  cell: string;
  hidden: number;
  layers: number;
  paramBudget: number | null;
  paramCount: number;
  seed: number;
  config: JsonObject;
  status: TrialStatus;
  attempt: number;
  backend: string | null;
  /** The fused kernel build that trained the completed attempt (`native-avx2`, `relaxed`, ...); null: none or unknown. */
  kernels: string | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  wallTimeMs: number | null;
  epochsRun: number | null;
  bestEpoch: number | null;
  trainLoss: number | null;
  valLoss: number | null;
  testLoss: number | null;
  generalizationGap: number | null;
  metricName: string | null;
  /**
   * The task's metric on the training split with the final weights (a memorization task's training accuracy, which
   * Collins et al.'s capacity needs); null when not measured or for trials stored before it existed.
   */
  trainMetric: number | null;
  valMetric: number | null;
  testMetric: number | null;
  /** Every test metric the task reports, by name (primary included); null for trials stored before it existed. */
  testMetrics: TestMetrics | null;
  /** Gradient reach (steps) of the untrained model and of the final weights; null when not measured. */
  initialGradientReach: number | null;
  gradientReach: number | null;
  /**
   * Per-step log-slope of ‖∂loss_T/∂x_t‖ (ln per step back, core's gradientSlope) of the untrained model and of the
   * final weights; null when not measured or no gradient. Trials stored before it existed have the final one
   * recomputed from their epoch rows (migration 20261207081200_gradient_slope) and no initial one.
   */
  initialGradientSlope: number | null;
  gradientSlope: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TrialFilter {
  status?: TrialStatus | readonly TrialStatus[];
}

export interface StartTrialInput {
  /** The tfjs backend that runs this attempt (e.g. 'tensorflow', 'wasm', 'cpu'). */
  backend: string;
}

/** Named test metrics of one trial, e.g. `{ "accuracy": 0.93, "f1": 0.88 }`; null where a value was not finite. */
export type TestMetrics = Record<string, number | null>;

/** Final metrics of one attempt. `attempt` is the fence: it must be the attempt that is currently running. */
export interface TrialResult {
  attempt: number;
  /** The fused kernel build that trained (`native-avx2`, `relaxed`, ...); absent or null: no fused layers. */
  kernels?: string | null;
  /** Rounded to whole milliseconds (the column is an integer). */
  wallTimeMs: number;
  epochsRun: number;
  bestEpoch?: number | null;
  trainLoss?: number | null;
  valLoss?: number | null;
  testLoss?: number | null;
  generalizationGap?: number | null;
  metricName?: string | null;
  trainMetric?: number | null;
  valMetric?: number | null;
  testMetric?: number | null;
  /** Named test metrics (e.g. `{ accuracy, f1, precision, recall }`); non-finite values are stored as null. */
  testMetrics?: TestMetrics | null;
  initialGradientReach?: number | null;
  gradientReach?: number | null;
  initialGradientSlope?: number | null;
  gradientSlope?: number | null;
  /** Defaults to now. */
  finishedAt?: Date;
}

/** Metrics after one epoch. Losses may be NaN/Infinity (a diverging run); Postgres stores those as-is. */
export interface EpochRow {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  trainMetric?: number | null;
  valMetric?: number | null;
  samplesPerSec: number;
  /** Rounded to whole milliseconds (the column is an integer). */
  epochTimeMs: number;
  /** The trainer's gradient-reach probe: ‖∂loss_T/∂x_t‖ per input step, and its reach in steps. */
  gradientNorms?: readonly number[] | null;
  gradientReach?: number | null;
  /** Per-step log-slope of those norms (core's gradientSlope); null: not measured, or no gradient. */
  gradientSlope?: number | null;
}

export interface EpochRecord {
  trialId: string;
  epoch: number;
  /** The attempt that wrote the row (0 for rows stored before both runners fenced their writes, 2026-12-07). */
  attempt: number;
  trainLoss: number;
  valLoss: number;
  trainMetric: number | null;
  valMetric: number | null;
  samplesPerSec: number;
  epochTimeMs: number;
  /** Empty when the trainer did not measure it. */
  gradientNorms: number[];
  gradientReach: number | null;
  gradientSlope: number | null;
  createdAt: Date;
}

/** A trial's latest checkpoint: the trainer's encoded state after `epoch`, written by `attempt`. */
export interface AttemptCheckpoint {
  epoch: number;
  attempt: number;
  data: Uint8Array;
}

/** What a worker gets when it starts an attempt: the fence, the trial to train and where to resume from. */
export interface StartedAttempt {
  /** The fence: pass it to every later write of this attempt. */
  attempt: number;
  sweepId: string;
  hidden: number;
  /** The trial configuration as stored. */
  config: JsonObject;
  /** Resume from here; epoch rows up to `checkpoint.epoch` were kept, later ones deleted. */
  checkpoint: AttemptCheckpoint | null;
  /** An ASHA rung below the top: its last epoch's checkpoint must be stored whatever the checkpoint cadence. */
  keepsCheckpoint?: boolean;
}

/** A trial's status without its config (what the scheduler reconciles against the queue). */
export interface TrialState {
  id: string;
  ordinal: number;
  status: TrialStatus;
  attempt: number;
  error: string | null;
}

/** What one migration run did. */
export interface MigrationReport {
  migrationsDir: string;
  /** Names applied by this run, in order. */
  applied: string[];
  /** Names that were already applied before this run. */
  alreadyApplied: string[];
  /** Names recorded as applied in the database but absent from the folder (a newer checkout migrated it). */
  unknownApplied: string[];
}
