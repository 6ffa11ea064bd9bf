/**
 * @cellsweep/store — the only package that knows Prisma. Apps open a `Store` and call its repositories; the
 * generated client stays inside this package.
 */
export { openStore, redactUrl, type OpenStoreOptions } from './open-store.js';
export { driverErrorLine } from './driver-error-line.js';
export { describeStoreFailure, type StoreFailure, type StoreFailureCode } from './store-failure.js';
export { CONFIG_KEYS_WITH_COLUMNS, isColumnConfigPath } from './analysis-trials.js';
export {
  type HyperparameterFacet,
  type HyperValue,
  valuesAt,
  varyingHyperparameters,
} from './config-hyperparameters.js';
export type { AnalysisTrial, DashboardTrial } from './analysis-trials.js';
export type {
  AttemptRepository,
  DatasetRepository,
  ReadModels,
  Store,
  StoreConnection,
  SweepRepository,
  TrialRepository,
} from './store.js';
export {
  DEFAULT_DATASET_CHUNK_BYTES,
  DEFAULT_MAX_DATASET_BYTES,
  type DatasetBlobInfo,
  type PutDatasetBlobInput,
  type PutDatasetBlobResult,
} from './dataset-blobs.js';
export {
  DEFAULT_PRUNE_MIN_AGE_MS,
  isRemovable,
  type DatasetBlobPruneOptions,
  type DatasetBlobState,
  type DatasetBlobUsage,
} from './dataset-blob-prune.js';
export { runMigrations, type RunMigrationsOptions } from './migrate.js';
export {
  checksumMatches,
  findMigrationsDir,
  migrationChecksum,
  readMigrations,
  type MigrationFile,
} from './migration-files.js';
export { pgExecutor, pgliteExecutor, type PGliteLike, type SqlExecutor } from './sql-executor.js';
export {
  AmbiguousSweepRefError,
  DataDirLockedError,
  DatasetBlobMismatchError,
  DatasetBlobNotFoundError,
  DatasetTooLargeError,
  FailedMigrationRecordedError,
  MigrationChecksumMismatchError,
  MigrationFailedError,
  MigrationLockTimeoutError,
  MigrationScriptMissingError,
  MigrationsDirNotFoundError,
  StoreError,
  StoreNotMigratedError,
  StoreOptionsError,
  SweepNotFoundError,
  SweepSpecChangedError,
  TrialNotFoundError,
  TrialNotRunnableError,
} from './errors.js';
export type { TransitionOptions } from './sweep-lifecycle.js';
export {
  TRIAL_SORT_KEYS,
  type ConfigEquals,
  type CurveBandRow,
  type Page,
  type SweepOverview,
  type TrialGradients,
  type TrialListQuery,
  type TrialPoint,
  type TrialSortKey,
} from './dashboard-queries.js';
export type { TrialPointFilter, TrialStrata, TrialStratum } from './dashboard-sample.js';
export {
  TRIAL_STATUSES,
  type AttemptCheckpoint,
  type EpochRecord,
  type EpochRow,
  type JsonObject,
  type JsonValue,
  type MigrationReport,
  type NewTrial,
  type StartedAttempt,
  type StartTrialInput,
  type StoreDriver,
  type SweepRecord,
  type SweepSpecVersionRecord,
  type SweepStatus,
  type SweepSummary,
  type TestMetrics,
  type TrialFilter,
  type TrialRecord,
  type TrialResult,
  type TrialState,
  type TrialStatus,
  type UpsertSweepInput,
} from './types.js';
