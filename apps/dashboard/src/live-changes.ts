/**
 * The live view's delta: trials of a sweep that changed since a cursor, as chart points, plus the sweep's progress.
 * The cursor is re-read with an overlap (a write stamped at T can commit after another stamped later), and a
 * per-stream memory of what was sent drops the repeats the overlap brings back.
 */
import { type Store, type SweepOverview, valuesAt } from '@cellsweep/store';
import { sweepJson } from './json-records.js';
import { LIVE_MAX_CHANGES, LIVE_OVERLAP_MS } from './limits.js';
import type { SweepCache } from './sweep-cache.js';
import type { ChartPoint } from './sweep-view.js';
import { buildSweepPoints } from './sweep-view.js';

export interface ChangeBatch {
  sweep: ReturnType<typeof sweepJson>;
  /** Changed trials, in the hyperparameter order of `/points` (`hpPaths`). */
  trials: ChartPoint[];
  hpPaths: string[];
  /** Pass back as `since` to continue. */
  cursor: string;
}

export class ChangeTracker {
  /** trial id -> updatedAt (ms) of what this tracker already reported, within the overlap window. */
  private readonly sent = new Map<string, number>();
  private cursorMs: number;

  constructor(
    private readonly store: Store,
    private readonly cache: SweepCache,
    private readonly sweep: SweepOverview,
    since: Date,
  ) {
    this.cursorMs = since.getTime();
  }

  get cursor(): Date {
    return new Date(this.cursorMs);
  }

  /** The changes since the last call, or null when nothing changed (one indexed probe). */
  async poll(): Promise<ChangeBatch | null> {
    const latest = await this.store.latestTrialChange(this.sweep.id);
    if (latest === null || latest.getTime() <= this.cursorMs - LIVE_OVERLAP_MS) return null;
    const changed = await this.store.listTrialPointsChangedSince(
      this.sweep.id,
      new Date(this.cursorMs - LIVE_OVERLAP_MS),
      LIVE_MAX_CHANGES,
    );
    const fresh = changed.filter((trial) => this.sent.get(trial.id) !== trial.updatedAt.getTime());
    for (const trial of changed) this.sent.set(trial.id, trial.updatedAt.getTime());
    const newest = changed.reduce((max, trial) => Math.max(max, trial.updatedAt.getTime()), this.cursorMs);
    this.cursorMs = newest;
    for (const [id, at] of this.sent) if (at < this.cursorMs - LIVE_OVERLAP_MS) this.sent.delete(id);
    if (fresh.length === 0) return null;
    const overview = (await this.store.findSweepOverview(this.sweep.id)) ?? this.sweep;
    const hpPaths = (await this.cache.facets(this.sweep.id)).map((facet) => facet.path);
    const points = buildSweepPoints(fresh).points.map((point, index) => ({
      ...point,
      hp: valuesAt(fresh[index]!.config, hpPaths, fresh[index]!.cell),
    }));
    return {
      sweep: sweepJson(overview, { withSpec: false }),
      trials: points,
      hpPaths,
      cursor: this.cursor.toISOString(),
    };
  }
}
