/** How store records look on the wire: dates as ISO strings, NaN/Infinity as null (JSON has neither), spec trimmed. */
import type { EpochRecord, JsonObject, JsonValue, SweepOverview, TrialRecord } from '@cellsweep/store';

/** What `JSON.parse` gives back for a value the server sends: dates become ISO strings, the rest keeps its shape. */
// Plain JSON passes through as it is (and recursive JSON types end there); a mapped type over an array or tuple
// maps its elements and keeps it a tuple (an interval stays `[low, high]`).
export type OnTheWire<T> = T extends JsonValue
  ? T
  : T extends Date
    ? string
    : T extends object
      ? { [K in keyof T]: OnTheWire<T[K]> }
      : T;

/** A trial as the API sends it: the web client's `Trial`, derived so the two cannot drift apart. */
export type TrialJson = OnTheWire<ReturnType<typeof trialJson>>;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * A short label of the sweep's task(s), from its stored spec. Core's parser stores `task` as a list (one entry per
 * task, even for one), so `adding` or `adding, copy`; older or hand-written specs may hold one object or a string.
 */
export function sweepTasksLabel(spec: JsonObject): string | null {
  const tasks = Array.isArray(spec.task) ? spec.task : [spec.task];
  const labels = tasks.map(oneTaskLabel).filter((label): label is string => label !== null);
  return labels.length > 0 ? [...new Set(labels)].join(', ') : null;
}

function oneTaskLabel(task: JsonValue | undefined): string | null {
  if (typeof task === 'string') return task;
  if (task && typeof task === 'object' && !Array.isArray(task)) {
    const dataset = task.dataset ?? task.name ?? task.kind;
    if (typeof dataset === 'string') return dataset;
  }
  return null;
}

export function sweepJson(sweep: SweepOverview, options: { withSpec: boolean }) {
  const { spec, ...rest } = sweep;
  return {
    ...rest,
    task: sweepTasksLabel(spec),
    bestValLoss: finite(sweep.bestValLoss),
    progress: {
      done: sweep.trialCounts.COMPLETED,
      running: sweep.trialCounts.RUNNING,
      failed: sweep.trialCounts.FAILED,
      queued: sweep.trialCounts.PENDING,
      cancelled: sweep.trialCounts.CANCELLED,
      total: sweep.trialCount,
    },
    ...(options.withSpec ? { spec } : {}),
  };
}

export function trialJson(trial: TrialRecord) {
  return {
    ...trial,
    trainLoss: finite(trial.trainLoss),
    valLoss: finite(trial.valLoss),
    testLoss: finite(trial.testLoss),
    generalizationGap: finite(trial.generalizationGap),
    valMetric: finite(trial.valMetric),
    testMetric: finite(trial.testMetric),
    /** True when a loss was NaN/Infinity (a diverged run): JSON shows those as null. */
    diverged: [trial.trainLoss, trial.valLoss, trial.testLoss].some(
      (value) => value !== null && !Number.isFinite(value),
    ),
  };
}

export function epochJson(epoch: EpochRecord) {
  return {
    ...epoch,
    trainLoss: finite(epoch.trainLoss),
    valLoss: finite(epoch.valLoss),
    trainMetric: finite(epoch.trainMetric),
    valMetric: finite(epoch.valMetric),
    samplesPerSec: finite(epoch.samplesPerSec),
  };
}
