/**
 * Per-sweep memo of the expensive views (chart points + analysis, learning-curve bands), keyed by the sweep's latest
 * trial change: one indexed probe decides whether the cached answer is still the truth. Epoch rows arrive without
 * touching their trial, so curve bands of a sweep with running trials also expire after `curveTtlMs`.
 * Concurrent requests for the same version share one computation.
 */
import type { CurveBandRow, Store, TrialPoint } from '@cellsweep/store';
import {
  buildSweepAnalysis,
  buildSweepPoints,
  type GroupMembers,
  type SweepAnalysisView,
  type SweepPoints,
} from './sweep-view.js';

export interface SweepView {
  version: string;
  /** The trials as read (kept for the full analysis, which runs in a worker). */
  trials: readonly TrialPoint[];
  points: SweepPoints;
  analysis: SweepAnalysisView;
  /** Which trials each analysis group counted (for per-group figures the analysis does not compute, e.g. reach). */
  members: GroupMembers;
}

interface Entry<T> {
  version: string;
  createdAtMs: number;
  value: Promise<T>;
}

export interface SweepCacheOptions {
  maxSweeps?: number;
  curveTtlMs?: number;
}

export class SweepCache {
  private readonly views = new Map<string, Entry<SweepView>>();
  private readonly curves = new Map<string, Entry<CurveBandRow[]>>();
  private readonly maxSweeps: number;
  private readonly curveTtlMs: number;

  constructor(
    private readonly store: Store,
    options: SweepCacheOptions = {},
  ) {
    this.maxSweeps = options.maxSweeps ?? 8;
    this.curveTtlMs = options.curveTtlMs ?? 5_000;
  }

  private async versionOf(sweepId: string): Promise<string> {
    return (await this.store.latestTrialChange(sweepId))?.toISOString() ?? 'empty';
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, entry: Entry<T>): Promise<T> {
    map.delete(key);
    map.set(key, entry);
    while (map.size > this.maxSweeps) map.delete(map.keys().next().value as string);
    // A failed computation must not stay cached.
    entry.value.catch(() => map.get(key) === entry && map.delete(key));
    return entry.value;
  }

  async view(sweepId: string): Promise<SweepView> {
    const version = await this.versionOf(sweepId);
    const cached = this.views.get(sweepId);
    if (cached && cached.version === version) return cached.value;
    const value = this.store.listTrialPoints(sweepId).then((trials) => {
      const points = buildSweepPoints(trials);
      const { view, members } = buildSweepAnalysis(trials);
      return { version, trials, points, analysis: view, members };
    });
    return this.remember(this.views, sweepId, { version, createdAtMs: Date.now(), value });
  }

  async learningCurves(sweepId: string, maxBuckets: number, hasRunningTrials: boolean): Promise<CurveBandRow[]> {
    const version = `${await this.versionOf(sweepId)}/${maxBuckets}`;
    const key = `${sweepId}/${maxBuckets}`;
    const cached = this.curves.get(key);
    const fresh =
      cached && cached.version === version && (!hasRunningTrials || Date.now() - cached.createdAtMs < this.curveTtlMs);
    if (cached && fresh) return cached.value;
    const value = this.store.aggregateLearningCurves(sweepId, { maxBuckets });
    return this.remember(this.curves, key, { version, createdAtMs: Date.now(), value });
  }
}
