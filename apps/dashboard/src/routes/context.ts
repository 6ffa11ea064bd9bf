/** What every route module gets: the store, the per-sweep cache, and lookups that turn "missing" into a 404. */
import type { Store, SweepOverview, TrialRecord } from '@cellsweep/store';
import type { ExternalAnalysisRunner } from '../analysis-hook.js';
import type { LiveStreamSlots } from '../live-stream-slots.js';
import { NotFoundError } from '../errors.js';
import type { SweepCache } from '../sweep-cache.js';

export interface RouteContext {
  store: Store;
  cache: SweepCache;
  analysis: ExternalAnalysisRunner;
  liveSlots: LiveStreamSlots;
}

export async function requireSweep(store: Store, nameOrId: string): Promise<SweepOverview> {
  const sweep = await store.findSweepOverview(nameOrId);
  if (!sweep) throw new NotFoundError('sweep', nameOrId);
  return sweep;
}

export async function requireTrial(store: Store, id: string): Promise<TrialRecord> {
  const trial = await store.findTrial(id);
  if (!trial) throw new NotFoundError('trial', id);
  return trial;
}

export type Query = Record<string, unknown>;
