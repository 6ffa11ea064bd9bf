/** The `Store` handle: the repositories bound to one open database. */
import {
  listDatasetBlobUsage,
  removeDatasetBlobs,
  type DatasetBlobPruneOptions,
  type DatasetBlobUsage,
} from './dataset-blob-prune.js';
import {
  failUnfinishedTrial,
  findCheckpoint,
  recordAttemptEpoch,
  releaseCheckpoints,
  requeueTrial,
  saveCheckpoint,
  startAttempt,
} from './attempts.js';
import { completeTrials, startAttempts } from './attempts-bulk.js';
import type { Db } from './db.js';
import {
  findDatasetBlob,
  putDatasetBlob,
  readDatasetBlob,
  type DatasetBlobInfo,
  type PutDatasetBlobInput,
  type PutDatasetBlobResult,
} from './dataset-blobs.js';
import { findMigrationsDir, readMigrations } from './migration-files.js';
import { checkSchema } from './schema-check.js';
import {
  aggregateLearningCurves,
  findSweepOverview,
  latestTrialChange,
  listEpochPage,
  listEpochsOfTrials,
  listGradientReach,
  listSweepOverviews,
  listTrialPage,
  listTrialPoints,
  listTrialPointsChangedSince,
  type CurveBandRow,
  type Page,
  type SweepOverview,
  type TrialGradients,
  type TrialListQuery,
  type TrialPoint,
} from './dashboard-queries.js';
import {
  listDistinctConfigs,
  sampleTrialPoints,
  summarizeTrialStrata,
  type TrialPointFilter,
  type TrialStrata,
} from './dashboard-sample.js';
import { listEpochs, listEpochsForSweep } from './epochs.js';
import { findSweep, getSweep, listSweeps, listSweepSpecVersions, setSweepStatus, upsertSweep } from './sweeps.js';
import {
  cancelSweep,
  countTrialStatuses,
  hasOpenTrials,
  listSweepsByStatus,
  reopenSweep,
  transitionSweep,
  type TransitionOptions,
} from './sweep-lifecycle.js';
import { insertTrials, insertTrialsListingOpen, listTrialStatesFast } from './trials-bulk.js';
import { listAnalysisTrials, listDashboardTrials, type AnalysisTrial, type DashboardTrial } from './analysis-trials.js';
import { addTrials, completeTrial, failTrial, findTrial, getTrial, listTrials } from './trials.js';
import type {
  AttemptCheckpoint,
  EpochRecord,
  EpochRow,
  JsonObject,
  MigrationReport,
  NewTrial,
  StartedAttempt,
  StartTrialInput,
  StoreDriver,
  SweepRecord,
  SweepSpecVersionRecord,
  SweepStatus,
  SweepSummary,
  TrialFilter,
  TrialRecord,
  TrialResult,
  TrialState,
  TrialStatus,
  UpsertSweepInput,
} from './types.js';

/**
 * The store's interface, split by role (trigger.dev's run-engine `systems/` is the model): each caller can ask for
 * the part it uses. `Store` is all of them, what `openStore` returns.
 */

/** Opening, describing and closing the store. */
export interface StoreConnection {
  readonly driver: StoreDriver;
  /** What `openStore` applied, or null when opened with `migrate: false`. */
  readonly migrations: MigrationReport | null;
  /** e.g. `pglite /home/me/.cellsweep/db` or `postgres postgresql://app:***@db:5432/cellsweep`; never a password. */
  describe(): string;
  /** Disconnects Prisma and closes PGlite. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Resolves when the database answers and has every committed migration applied (schema-check.ts); throws
   * StoreNotMigratedError when it lacks some, or the driver's error when it cannot be reached.
   */
  checkSchema(): Promise<void>;
}

/** Sweeps: submitted specs and their lifecycle (CLI, scheduler). */
export interface SweepRepository {
  /** Creates a sweep or returns the one of that name; a different spec needs `extend` (else SweepSpecChangedError). */
  upsertSweep(input: UpsertSweepInput): Promise<SweepRecord>;
  /** Every spec the sweep has run under, oldest first. */
  listSweepSpecVersions(sweepId: string): Promise<SweepSpecVersionRecord[]>;
  findSweep(nameOrId: string): Promise<SweepRecord | null>;
  getSweep(nameOrId: string): Promise<SweepRecord>;
  listSweeps(): Promise<SweepSummary[]>;
  setSweepStatus(id: string, status: SweepStatus, finishedAt?: Date | null): Promise<SweepRecord>;
  /** Compare-and-set of the sweep's status (see sweep-lifecycle.ts). */
  transitionSweep(
    id: string,
    from: readonly SweepStatus[],
    to: SweepStatus,
    options?: TransitionOptions,
  ): Promise<boolean>;
  listSweepsByStatus(statuses: readonly SweepStatus[]): Promise<SweepRecord[]>;
  cancelSweep(id: string): Promise<number>;
  reopenSweep(id: string): Promise<string[]>;
}

/** Trials: the planned rows and their states (CLI, scheduler, search policies). */
export interface TrialRepository {
  addTrials(sweepId: string, trials: readonly NewTrial[]): Promise<number>;
  listTrials(sweepId: string, filter?: TrialFilter): Promise<TrialRecord[]>;
  findTrial(id: string): Promise<TrialRecord | null>;
  getTrial(id: string): Promise<TrialRecord>;
  countTrialStatuses(sweepId: string): Promise<Record<TrialStatus, number>>;
  /** Whether any trial of the sweep is PENDING or RUNNING (one index probe). */
  hasOpenTrials(sweepId: string): Promise<boolean>;
  /** Like addTrials, in one raw INSERT per 10k trials (see trials-bulk.ts): for big sweeps. */
  insertTrials(sweepId: string, trials: readonly NewTrial[]): Promise<number>;
  /** insertTrials that also returns the ids of the given trials that are open (PENDING/RUNNING), in order. */
  insertTrialsListingOpen(
    sweepId: string,
    trials: readonly NewTrial[],
  ): Promise<{ inserted: number; openIds: string[] }>;
  /** The sweep's trials without configs, in ordinal order (cheap at 100k trials). */
  listTrialStates(sweepId: string, statuses?: readonly TrialStatus[]): Promise<TrialState[]>;
}

/**
 * Attempts: the fenced writes of a trial in training (training-threads' runAttempt, for the worker and the embedded
 * pool alike) and the scheduler's repairs. Every write names its attempt and is refused once another attempt
 * started or the trial left RUNNING (see attempts.ts).
 */
export interface AttemptRepository {
  startAttempt(id: string, input: StartTrialInput): Promise<StartedAttempt>;
  /** `startAttempt` for many trials in one statement (distinct ids); per id the attempt or the error (attempts-bulk.ts). */
  startAttempts(ids: readonly string[], input: StartTrialInput): Promise<Map<string, StartedAttempt | Error>>;
  /** `completeTrial` for many trials in one statement; per id whether it applied, or TrialNotFoundError. */
  completeTrials(results: ReadonlyMap<string, TrialResult>): Promise<Map<string, boolean | Error>>;
  recordAttemptEpoch(trialId: string, attempt: number, row: EpochRow): Promise<boolean>;
  saveCheckpoint(trialId: string, attempt: number, checkpoint: { epoch: number; data: Uint8Array }): Promise<boolean>;
  findCheckpoint(trialId: string): Promise<AttemptCheckpoint | null>;
  /** Drops the kept checkpoints of COMPLETED ASHA rungs that will not be promoted; returns how many. */
  releaseCheckpoints(trialIds: readonly string[]): Promise<number>;
  failUnfinishedTrial(id: string, error: string): Promise<boolean>;
  requeueTrial(id: string, attempt: number): Promise<boolean>;
  /** Records the result and marks the trial COMPLETED, if `result.attempt` still owns it. */
  completeTrial(id: string, result: TrialResult): Promise<boolean>;
  /** Marks the trial FAILED with `error`, if `attempt` still owns it. */
  failTrial(id: string, attempt: number, error: string): Promise<boolean>;
}

/** Read models: epoch rows and the dashboard's read-only queries (see dashboard-queries.ts). */
export interface ReadModels {
  /** A sweep's trials with only what statistics and the report read, configs shared (analysis-trials.ts). */
  listAnalysisTrials(sweepId: string): Promise<AnalysisTrial[]>;
  /** The same plus when each trial changed and its gradient reach: the dashboard's sweep view (analysis-trials.ts). */
  listDashboardTrials(sweepId: string): Promise<DashboardTrial[]>;
  listEpochs(trialId: string): Promise<EpochRecord[]>;
  listEpochsForSweep(sweepId: string): Promise<EpochRecord[]>;
  listSweepOverviews(query: { offset?: number; limit: number; nameContains?: string }): Promise<Page<SweepOverview>>;
  findSweepOverview(nameOrId: string): Promise<SweepOverview | null>;
  listTrialPage(sweepId: string, query: TrialListQuery): Promise<Page<TrialRecord>>;
  listTrialPoints(sweepId: string): Promise<TrialPoint[]>;
  listTrialPointsChangedSince(sweepId: string, since: Date, limit: number): Promise<TrialPoint[]>;
  latestTrialChange(sweepId: string): Promise<Date | null>;
  /** Per cell × size counts and validation-loss deciles of the trials matching `filter` (issue 17). */
  summarizeTrialStrata(sweepId: string, filter?: TrialPointFilter): Promise<TrialStrata>;
  /** A deterministic sample of the matching finished trials, `perStratum` per cell × size plus each one's best. */
  sampleTrialPoints(sweepId: string, options: { perStratum: number; filter?: TrialPointFilter }): Promise<TrialPoint[]>;
  /** The distinct configs of a sweep without seed and size (for its hyperparameter facets). */
  listDistinctConfigs(sweepId: string): Promise<JsonObject[]>;
  listEpochPage(trialId: string, query: { offset?: number; limit: number }): Promise<Page<EpochRecord>>;
  listEpochsOfTrials(trialIds: readonly string[], options: { maxPointsPerTrial: number }): Promise<EpochRecord[]>;
  aggregateLearningCurves(sweepId: string, options: { maxBuckets: number }): Promise<CurveBandRow[]>;
  listGradientReach(sweepId: string, options: { limit: number }): Promise<{ trials: TrialGradients[] }>;
}

/**
 * Data files by SHA-256 (dataset-blobs.ts): `submit` puts each file task's bytes once, workers read them by hash.
 * A blob is visible only once all its chunks are in.
 */
export interface DatasetRepository {
  /** Stores the bytes unless a complete blob of that hash exists; resumes an interrupted upload. */
  putDatasetBlob(input: PutDatasetBlobInput): Promise<PutDatasetBlobResult>;
  /** A complete blob's header, or null. */
  findDatasetBlob(sha256: string): Promise<DatasetBlobInfo | null>;
  /** A complete blob's bytes in chunks, in order; throws DatasetBlobNotFoundError when there is none. */
  readDatasetBlob(sha256: string): AsyncGenerator<Uint8Array>;
  /** Every blob with the sweeps and trials that reference it (dataset-blob-prune.ts), largest first. */
  listDatasetBlobUsage(): Promise<DatasetBlobUsage[]>;
  /** Removes those of the given blobs that are still removable when the DELETE runs; returns what it removed. */
  removeDatasetBlobs(
    sha256s: readonly string[],
    options?: DatasetBlobPruneOptions,
  ): Promise<{ sha256: string; sizeBytes: number }[]>;
}

export interface Store
  extends StoreConnection,
    SweepRepository,
    TrialRepository,
    AttemptRepository,
    ReadModels,
    DatasetRepository {}

export interface StoreParts {
  driver: StoreDriver;
  db: Db;
  migrations: MigrationReport | null;
  /** Where the committed migrations are (default: found above this package); checkSchema compares with them. */
  migrationsDir?: string;
  description: string;
  close: () => Promise<void>;
}

export function createStore(parts: StoreParts): Store {
  const { db } = parts;
  let closing: Promise<void> | undefined;
  let migrationNames: string[] | undefined;
  const expectedMigrations = (): string[] =>
    (migrationNames ??= readMigrations(parts.migrationsDir ?? findMigrationsDir()).map((file) => file.name));
  return {
    driver: parts.driver,
    migrations: parts.migrations,
    describe: () => parts.description,
    close: () => (closing ??= parts.close()),
    checkSchema: () => checkSchema(db, expectedMigrations(), parts.description),

    upsertSweep: (input) => upsertSweep(db, input),
    listSweepSpecVersions: (sweepId) => listSweepSpecVersions(db, sweepId),
    findSweep: (nameOrId) => findSweep(db, nameOrId),
    getSweep: (nameOrId) => getSweep(db, nameOrId),
    listSweeps: () => listSweeps(db),
    setSweepStatus: (id, status, finishedAt) => setSweepStatus(db, id, status, finishedAt),
    transitionSweep: (id, from, to, options) => transitionSweep(db, id, from, to, options),
    listSweepsByStatus: (statuses) => listSweepsByStatus(db, statuses),
    cancelSweep: (id) => cancelSweep(db, id),
    reopenSweep: (id) => reopenSweep(db, id),

    addTrials: (sweepId, trials) => addTrials(db, sweepId, trials),
    listTrials: (sweepId, filter) => listTrials(db, sweepId, filter),
    findTrial: (id) => findTrial(db, id),
    getTrial: (id) => getTrial(db, id),
    completeTrial: (id, result) => completeTrial(db, id, result),
    failTrial: (id, attempt, error) => failTrial(db, id, attempt, error),
    countTrialStatuses: (sweepId) => countTrialStatuses(db, sweepId),
    hasOpenTrials: (sweepId) => hasOpenTrials(db, sweepId),
    insertTrials: (sweepId, trials) => insertTrials(db, sweepId, trials),
    insertTrialsListingOpen: (sweepId, trials) => insertTrialsListingOpen(db, sweepId, trials),
    listTrialStates: (sweepId, statuses) => listTrialStatesFast(db, sweepId, statuses),

    startAttempt: (id, input) => startAttempt(db, id, input),
    startAttempts: (ids, input) => startAttempts(db, ids, input),
    completeTrials: (results) => completeTrials(db, results),
    recordAttemptEpoch: (trialId, attempt, row) => recordAttemptEpoch(db, trialId, attempt, row),
    saveCheckpoint: (trialId, attempt, checkpoint) => saveCheckpoint(db, trialId, attempt, checkpoint),
    findCheckpoint: (trialId) => findCheckpoint(db, trialId),
    releaseCheckpoints: (trialIds) => releaseCheckpoints(db, trialIds),
    failUnfinishedTrial: (id, error) => failUnfinishedTrial(db, id, error),
    requeueTrial: (id, attempt) => requeueTrial(db, id, attempt),

    listAnalysisTrials: (sweepId) => listAnalysisTrials(db, sweepId),
    listDashboardTrials: (sweepId) => listDashboardTrials(db, sweepId),
    listEpochs: (trialId) => listEpochs(db, trialId),
    listEpochsForSweep: (sweepId) => listEpochsForSweep(db, sweepId),

    listSweepOverviews: (query) => listSweepOverviews(db, query),
    findSweepOverview: (nameOrId) => findSweepOverview(db, nameOrId),
    listTrialPage: (sweepId, query) => listTrialPage(db, sweepId, query),
    listTrialPoints: (sweepId) => listTrialPoints(db, sweepId),
    listTrialPointsChangedSince: (sweepId, since, limit) => listTrialPointsChangedSince(db, sweepId, since, limit),
    latestTrialChange: (sweepId) => latestTrialChange(db, sweepId),
    summarizeTrialStrata: (sweepId, filter) => summarizeTrialStrata(db, sweepId, filter),
    sampleTrialPoints: (sweepId, options) => sampleTrialPoints(db, sweepId, options),
    listDistinctConfigs: (sweepId) => listDistinctConfigs(db, sweepId),
    listEpochPage: (trialId, query) => listEpochPage(db, trialId, query),
    listEpochsOfTrials: (trialIds, options) => listEpochsOfTrials(db, trialIds, options),
    aggregateLearningCurves: (sweepId, options) => aggregateLearningCurves(db, sweepId, options),
    listGradientReach: (sweepId, options) => listGradientReach(db, sweepId, options),

    putDatasetBlob: (input) => putDatasetBlob(db, input),
    findDatasetBlob: (sha256) => findDatasetBlob(db, sha256),
    readDatasetBlob: (sha256) => readDatasetBlob(db, sha256),
    listDatasetBlobUsage: () => listDatasetBlobUsage(db),
    removeDatasetBlobs: (sha256s, options) => removeDatasetBlobs(db, sha256s, options),
  };
}
