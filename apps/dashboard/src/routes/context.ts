/** What every route module gets: the store, the per-sweep cache, and lookups that turn "missing" into a 404. */
import type { Store, SweepOverview, SweepRecord, TrialRecord } from '@cellsweep/store';
import type { ExternalAnalysisRunner } from '../analysis-hook.js';
import type { LiveStreamSlots } from '../live-stream-slots.js';
import { NotFoundError } from '../errors.js';
import type { SweepCache } from '../sweep-cache.js';

export interface RouteContext {
  store: Store;
  cache: SweepCache;
  analysis: ExternalAnalysisRunner;
  liveSlots: LiveStreamSlots;
  /** Above this many trials (or when filtered) the scatter's points are a sample (sweep-points.ts). */
  scatterMaxPoints: number;
}

/** The sweep with its progress counts and best result (four grouped queries more than `requireSweepRecord`). */
export async function requireSweep(store: Store, nameOrId: string): Promise<SweepOverview> {
  const record = await requireSweepRecord(store, nameOrId);
  const sweep = await store.findSweepOverview(record.id);
  if (!sweep) throw new NotFoundError('sweep', nameOrId);
  return sweep;
}

/**
 * The sweep alone (one keyed query; an id match wins over a name), for routes that need only its id: under 200
 * requests in flight the overview's grouped counts on every request were most of the store's work.
 */
export async function requireSweepRecord(store: Store, nameOrId: string): Promise<SweepRecord> {
  const sweep = await store.findSweep(nameOrId);
  if (!sweep) throw new NotFoundError('sweep', nameOrId);
  return sweep;
}

export async function requireTrial(store: Store, id: string): Promise<TrialRecord> {
  const trial = await store.findTrial(id);
  if (!trial) throw new NotFoundError('trial', id);
  return trial;
}

export type Query = Record<string, unknown>;
