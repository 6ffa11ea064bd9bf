/** The `Store` handle: the repositories bound to one open database. */
import type { Db } from './db.js';
import { listEpochs, listEpochsForSweep, recordEpoch } from './epochs.js';
import { findSweep, getSweep, listSweeps, setSweepStatus, upsertSweep } from './sweeps.js';
import {
  addTrials,
  completeTrial,
  failTrial,
  findTrial,
  getTrial,
  listTrials,
  markTrialRunning,
  resetInterruptedTrials,
} from './trials.js';
import type {
  EpochRecord,
  EpochRow,
  MigrationReport,
  NewTrial,
  StartTrialInput,
  StoreDriver,
  SweepRecord,
  SweepStatus,
  SweepSummary,
  TrialFilter,
  TrialRecord,
  TrialResult,
  UpsertSweepInput,
} from './types.js';

export interface Store {
  readonly driver: StoreDriver;
  /** What `openStore` applied, or null when opened with `migrate: false`. */
  readonly migrations: MigrationReport | null;
  /** e.g. `pglite /home/me/.cellsweep/db` or `postgres postgresql://app:***@db:5432/cellsweep`; never a password. */
  describe(): string;
  /** Disconnects Prisma and closes PGlite. Safe to call twice. */
  close(): Promise<void>;

  // sweeps
  upsertSweep(input: UpsertSweepInput): Promise<SweepRecord>;
  findSweep(nameOrId: string): Promise<SweepRecord | null>;
  getSweep(nameOrId: string): Promise<SweepRecord>;
  listSweeps(): Promise<SweepSummary[]>;
  setSweepStatus(id: string, status: SweepStatus, finishedAt?: Date | null): Promise<SweepRecord>;

  // trials
  addTrials(sweepId: string, trials: readonly NewTrial[]): Promise<number>;
  listTrials(sweepId: string, filter?: TrialFilter): Promise<TrialRecord[]>;
  findTrial(id: string): Promise<TrialRecord | null>;
  getTrial(id: string): Promise<TrialRecord>;
  markTrialRunning(id: string, input: StartTrialInput): Promise<number>;
  completeTrial(id: string, result: TrialResult): Promise<boolean>;
  failTrial(id: string, attempt: number, error: string): Promise<boolean>;
  resetInterruptedTrials(sweepId: string): Promise<number>;

  // epochs
  recordEpoch(trialId: string, row: EpochRow): Promise<EpochRecord>;
  listEpochs(trialId: string): Promise<EpochRecord[]>;
  listEpochsForSweep(sweepId: string): Promise<EpochRecord[]>;
}

export interface StoreParts {
  driver: StoreDriver;
  db: Db;
  migrations: MigrationReport | null;
  description: string;
  close: () => Promise<void>;
}

export function createStore(parts: StoreParts): Store {
  const { db } = parts;
  let closing: Promise<void> | undefined;
  return {
    driver: parts.driver,
    migrations: parts.migrations,
    describe: () => parts.description,
    close: () => (closing ??= parts.close()),

    upsertSweep: (input) => upsertSweep(db, input),
    findSweep: (nameOrId) => findSweep(db, nameOrId),
    getSweep: (nameOrId) => getSweep(db, nameOrId),
    listSweeps: () => listSweeps(db),
    setSweepStatus: (id, status, finishedAt) => setSweepStatus(db, id, status, finishedAt),

    addTrials: (sweepId, trials) => addTrials(db, sweepId, trials),
    listTrials: (sweepId, filter) => listTrials(db, sweepId, filter),
    findTrial: (id) => findTrial(db, id),
    getTrial: (id) => getTrial(db, id),
    markTrialRunning: (id, input) => markTrialRunning(db, id, input),
    completeTrial: (id, result) => completeTrial(db, id, result),
    failTrial: (id, attempt, error) => failTrial(db, id, attempt, error),
    resetInterruptedTrials: (sweepId) => resetInterruptedTrials(db, sweepId),

    recordEpoch: (trialId, row) => recordEpoch(db, trialId, row),
    listEpochs: (trialId) => listEpochs(db, trialId),
    listEpochsForSweep: (sweepId) => listEpochsForSweep(db, sweepId),
  };
}
