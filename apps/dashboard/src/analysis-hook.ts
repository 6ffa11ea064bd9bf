/**
 * The seam to @cellsweep/analysis (pure statistics: Student-t CIs, seed-paired comparisons with Holm-corrected
 * verdicts, Pareto frontiers, parameter-count trends). The sweep page shows its plain-words `verdicts` and the
 * comparisons behind them. The charts' groups and frontiers come from the same package's `describeRecords`
 * (sweep-view.ts), cheap enough to recompute on every live update; both use the options `cellsweep compare` uses by default, so the
 * dashboard's numbers are the CLI's.
 *
 * `analyzeSweep` runs in a worker thread, off the request path: on the 10,000-trial benchmark it took ~20–30 s
 * (Theil–Sen trend bootstraps and per-setting tests), so the API answers at once with the last finished analysis
 * (or `pending`), and starts at most one run per sweep at a time, at most every `minIntervalMs` while it changes.
 */
import { Worker } from 'node:worker_threads';
import { analyzeOptionsFor, trialRowFromRecord, type GroupedVerdicts, type SweepAnalysis } from '@cellsweep/analysis';
import type { TrialPoint } from '@cellsweep/store';

/**
 * The full analysis, with its verdict lines grouped under one heading per setting, without its groups (the view's
 * groups are the same; analysis-worker.ts).
 */
export type FullAnalysis = Omit<SweepAnalysis, 'groups'> & { verdictSections: GroupedVerdicts };

/**
 * Above this many trials the dashboard does not run the full analysis (use `cellsweep compare`). Trends are always
 * computed: since issue 17 large series fit over per-size medians (docs/scale.md), so no sweep size skips them.
 */
export const MAX_ANALYSED_TRIALS = 200_000;

export type ExternalStatus = 'ready' | 'pending' | 'failed' | 'skipped';

export interface ExternalAnalysis {
  status: ExternalStatus;
  /** The latest finished analysis (possibly of an older version while a newer one is `pending`), or null. */
  result: FullAnalysis | null;
  /** The sweep version `result` describes. */
  version: string | null;
  /** Why there is no (current) result; empty when ready. */
  note: string;
}

/**
 * The version of a response body built from a sweep view and its analysis state: everything such a body depends on,
 * so a cached body is never served after either changes.
 */
export function bodyVersion(viewVersion: string, external: ExternalAnalysis): string {
  return [viewVersion, external.version, external.status, external.note].join('|');
}

interface SweepState {
  finished: { version: string; result: FullAnalysis | null; note: string } | null;
  runningVersion: string | null;
  startedAtMs: number;
  /** How long the last finished run took (0 before one has). */
  lastTookMs: number;
}

export class ExternalAnalysisRunner {
  private readonly sweeps = new Map<string, SweepState>();
  private readonly workers = new Set<Worker>();

  /** `resamples` overrides analysis's default (tests only: every surface should use the same). */
  constructor(private readonly options: { minIntervalMs?: number; resamples?: number } = {}) {}

  /** The analysis of `version` if done; otherwise what is known, after starting a run when allowed. */
  request(sweepId: string, version: string, trials: readonly TrialPoint[]): ExternalAnalysis {
    if (trials.length > MAX_ANALYSED_TRIALS) {
      return {
        status: 'skipped',
        result: null,
        version: null,
        note: `more than ${MAX_ANALYSED_TRIALS} trials: run \`cellsweep compare\``,
      };
    }
    let state = this.sweeps.get(sweepId);
    if (!state)
      this.sweeps.set(sweepId, (state = { finished: null, runningVersion: null, startedAtMs: 0, lastTookMs: 0 }));
    const finished = state.finished;
    if (finished?.version === version) {
      return { status: finished.result ? 'ready' : 'failed', result: finished.result, version, note: finished.note };
    }
    // A run that takes minutes (100,000 trials: ~4 min of one core at load 20) restarted every 30 s while trials
    // finish would keep one of two cores busy for good: runs start at least 3× their last duration apart.
    const minInterval = Math.max(this.options.minIntervalMs ?? 30_000, 3 * state.lastTookMs);
    if (state.runningVersion === null && (finished === null || Date.now() - state.startedAtMs >= minInterval)) {
      this.start(sweepId, state, version, trials);
    }
    return {
      status: 'pending',
      result: finished?.result ?? null,
      version: finished?.version ?? null,
      note: finished ? 'showing the analysis of an earlier state; a newer one is on its way' : 'analysing…',
    };
  }

  private start(sweepId: string, state: SweepState, version: string, trials: readonly TrialPoint[]): void {
    state.runningVersion = version;
    state.startedAtMs = Date.now();
    const rows = trials.map(trialRowFromRecord);
    const options = analyzeOptionsFor(trials, {
      ...(this.options.resamples === undefined ? {} : { resamples: this.options.resamples }),
    });
    const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { workerData: { rows, options } });
    this.workers.add(worker);
    const settle = (result: FullAnalysis | null, note: string) => {
      if (state.runningVersion !== version) return;
      state.runningVersion = null;
      state.lastTookMs = Date.now() - state.startedAtMs;
      state.finished = { version, result, note };
      this.workers.delete(worker);
    };
    worker.once('message', (message: { ok: true; result: FullAnalysis } | { ok: false; message: string }) =>
      message.ok ? settle(message.result, '') : settle(null, `analysis failed: ${message.message}`),
    );
    worker.once('error', (error) => settle(null, `analysis failed: ${error.message}`));
    worker.once('exit', (code) => settle(null, `analysis worker exited with code ${code}`));
    void sweepId;
  }

  /** Stops running analyses (server shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
    this.workers.clear();
  }
}
