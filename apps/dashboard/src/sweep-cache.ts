/**
 * Per-sweep memo of the expensive views (chart points + analysis, sampled scatter points, learning-curve bands),
 * keyed by the sweep's latest trial change: one indexed probe decides whether the cached answer is still the truth.
 * Epoch rows arrive without touching their trial, so curve bands of a sweep with running trials also expire after
 * `curveTtlMs`. Concurrent requests for the same version share one computation.
 *
 * While trials finish at 50/s every request sees a new version. A view that took longer than `blockingMs` to compute
 * (a 100,000-trial sweep's take tens of seconds) is then served as it was while one recomputation runs in the background:
 * recomputations coalesce (at most one per view at a time, for the latest version when it starts, and at most one
 * every `recomputeEveryMs`) instead of one per finished trial, and every answer carries the version it describes (the
 * page says how old it is). Views that compute faster are always current. Back to back, the 100,000-trial view's
 * recomputations kept the event loop busy most of the time, and every other request waited behind them.
 */
import {
  type CurveBandRow,
  type HyperparameterFacet,
  type Store,
  type TrialPoint,
  varyingHyperparameters,
} from '@cellsweep/store';
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
  /** Every trial as a chart point, built on first use. */
  readonly points: SweepPoints;
  analysis: SweepAnalysisView;
  /** Which trials each analysis group counted (for per-group figures the analysis does not compute, e.g. reach). */
  members: GroupMembers;
}

interface Entry<T> {
  version: string;
  createdAtMs: number;
  value: Promise<T>;
  /** How long the computation took (null while it runs). */
  tookMs: number | null;
}

interface Slot<T> {
  /** The latest finished computation. */
  done: Entry<T> | null;
  /** A computation under way (null when none is). */
  running: Entry<T> | null;
}

export interface SweepCacheOptions {
  maxSweeps?: number;
  curveTtlMs?: number;
  /** Views slower than this are served stale while their successor computes (default 2 s). */
  blockingMs?: number;
  /** A slow view is recomputed at most this often while its sweep changes (default 10 s). */
  recomputeEveryMs?: number;
}

export class SweepCache {
  private readonly slots = new Map<string, Slot<unknown>>();
  private readonly maxSlots: number;
  private readonly curveTtlMs: number;
  private readonly blockingMs: number;
  private readonly recomputeEveryMs: number;

  constructor(
    private readonly store: Store,
    options: SweepCacheOptions = {},
  ) {
    // Views, curves and samples (a few filters each) of the most recent sweeps.
    this.maxSlots = (options.maxSweeps ?? 8) * 8;
    this.curveTtlMs = options.curveTtlMs ?? 5_000;
    this.blockingMs = options.blockingMs ?? 2_000;
    this.recomputeEveryMs = options.recomputeEveryMs ?? 10_000;
  }

  /** The sweep's version: its latest trial change. */
  async versionOf(sweepId: string): Promise<string> {
    return (await this.store.latestTrialChange(sweepId))?.toISOString() ?? 'empty';
  }

  /**
   * The value of `key` for `version`: the cached one if current; else the last one while a slow recomputation runs
   * (`fresh` lets a caller refuse a value by age); else a new computation, awaited.
   */
  memo<T>(
    key: string,
    version: string,
    compute: () => Promise<T>,
    fresh: (entry: { version: string; createdAtMs: number }) => boolean = (entry) => entry.version === version,
    serveStale = true,
  ): Promise<T> {
    let slot = this.slots.get(key) as Slot<T> | undefined;
    if (!slot) slot = { done: null, running: null };
    this.slots.delete(key);
    this.slots.set(key, slot as Slot<unknown>);
    while (this.slots.size > this.maxSlots) this.slots.delete(this.slots.keys().next().value as string);

    const { done, running } = slot;
    if (done && fresh(done)) return done.value;
    if (running && running.version === version) return running.value;
    const slow = serveStale && done !== null && (done.tookMs ?? 0) > this.blockingMs;
    if (slow && running) return done!.value;
    // Coalesced: a slow view finished less than `recomputeEveryMs` ago is served as it is.
    if (slow && Date.now() - (done!.createdAtMs + (done!.tookMs ?? 0)) < this.recomputeEveryMs) return done!.value;
    const startedMs = Date.now();
    const entry: Entry<T> = { version, createdAtMs: startedMs, value: compute(), tookMs: null };
    slot.running = entry;
    const current = slot;
    entry.value.then(
      () => {
        entry.tookMs = Date.now() - startedMs;
        if (current.running === entry) current.running = null;
        // An older computation finishing late must not replace a newer one.
        if (!current.done || current.done.createdAtMs <= entry.createdAtMs) current.done = entry;
      },
      // A failed computation must not stay cached.
      () => current.running === entry && (current.running = null),
    );
    return slow ? done!.value : entry.value;
  }

  async view(sweepId: string): Promise<SweepView> {
    const version = await this.versionOf(sweepId);
    return this.memo(`view/${sweepId}`, version, async () => {
      // The lean read model (configs without the column keys, one shared object per distinct remainder), as the
      // CLI's: analysis's per-config caches hit, and 100,000 trials read as a few hundred packed rows.
      const trials = await this.store.listDashboardTrials(sweepId);
      const { view, members } = buildSweepAnalysis(trials);
      // Chart points of every trial only when asked (a sweep small enough to draw whole, sweep-points.ts): at
      // 100,000 trials flattening every config for them took longer than the analysis groups.
      let points: SweepPoints | undefined;
      return {
        version,
        trials,
        get points() {
          points ??= buildSweepPoints(trials);
          return points;
        },
        analysis: view,
        members,
      };
    });
  }

  /**
   * The sweep's hyperparameter facets, from its distinct configs (the same as `view().points.hyperparameters`,
   * without reading every trial): what the live feed needs per batch.
   */
  async facets(sweepId: string): Promise<HyperparameterFacet[]> {
    const version = await this.versionOf(sweepId);
    return this.memo(`facets/${sweepId}`, version, async () =>
      varyingHyperparameters(
        (await this.store.listDistinctConfigs(sweepId)).map((config) => ({ config, cell: String(config.cell) })),
      ),
    );
  }

  /**
   * A response body serialised once per `version` of `key`: the analysis and gradient bodies of a 100,000-trial
   * sweep are megabytes, and stringifying them on every request was most of a warm request's time. Always current
   * (never served stale): `version` must name everything the body depends on.
   */
  json(key: string, version: string, body: () => Promise<unknown>): Promise<string> {
    return this.memo(`json/${key}`, version, async () => JSON.stringify(await body()), undefined, false);
  }

  async learningCurves(sweepId: string, maxBuckets: number, hasRunningTrials: boolean): Promise<CurveBandRow[]> {
    const version = await this.versionOf(sweepId);
    return this.memo(
      `curves/${sweepId}/${maxBuckets}`,
      version,
      () => this.store.aggregateLearningCurves(sweepId, { maxBuckets }),
      (entry) => entry.version === version && (!hasRunningTrials || Date.now() - entry.createdAtMs < this.curveTtlMs),
    );
  }
}
