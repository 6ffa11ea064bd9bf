/**
 * The one statistics path from stored trials to numbers: the CLI's run summary, `results`, `compare` and `report`
 * and the dashboard all call these, so a group, its mean and interval, a verdict or a frontier reads the same on every
 * surface (issue 19: `run` and `compare` once printed different intervals for the same trials, because each passed
 * its own options). Options a surface may choose (alpha, resamples) are the only inputs besides the records.
 */
import { analyzeSweep, describeSweep, type SweepAnalysis, type SweepDescription } from './analyze-sweep.js';
import { trialRowFromRecord, type TrialRecordLike } from './from-record.js';
import type { AnalyzeOptions } from './sweep-context.js';

/** What a surface may choose; everything else is derived from the records, the same way everywhere. */
export type RecordAnalysisOptions = Pick<AnalyzeOptions, 'alpha' | 'resamples' | 'summaryMetrics' | 'trendMetrics'>;

/** The full analysis (groups, paired verdicts, frontiers, trends, gradient slopes) of stored trial records. */
export function analyzeRecords(
  records: readonly TrialRecordLike[],
  options: RecordAnalysisOptions = {},
): SweepAnalysis {
  return analyzeSweep(records.map(trialRowFromRecord), analyzeOptionsFor(records, options));
}

/**
 * Groups and frontiers only: the same numbers as `analyzeRecords` gives for them (every interval draws from a
 * stream keyed by its group and metric, not by what else is computed), without the paired tests and trends.
 */
export function describeRecords(
  records: readonly TrialRecordLike[],
  options: RecordAnalysisOptions = {},
): SweepDescription {
  return describeSweep(records.map(trialRowFromRecord), analyzeOptionsFor(records, options));
}

/** The analysis options for these records: the surface's choices plus what the records themselves imply. */
export function analyzeOptionsFor(records: readonly TrialRecordLike[], options: RecordAnalysisOptions): AnalyzeOptions {
  const memorization = memorizationOf(records);
  return { ...options, ...(memorization === null ? {} : { memorization }) };
}

/**
 * Capacity is measured on random-label memorization (bits stored = N·(log2 C − training cross-entropy in bits)):
 * when every trial memorized the same number of samples over the same classes, analysis adds bits per parameter.
 */
export function memorizationOf(records: readonly TrialRecordLike[]): { samples: number; classes: number } | null {
  // Trials that share a config object (the store's analysis read model) share its task: each is read once.
  const configs = new Set(records.map((record) => record.config));
  const tasks = new Set([...configs].map((config) => JSON.stringify(taskOf(config) ?? null)));
  if (tasks.size !== 1) return null;
  type Task = { dataset?: unknown; trainSize?: unknown; classes?: unknown } | null;
  const task = JSON.parse([...tasks][0] as string) as Task;
  if (task?.dataset !== 'memorize') return null;
  if (typeof task.trainSize !== 'number' || typeof task.classes !== 'number') return null;
  if (task.trainSize <= 0 || task.classes <= 0) return null;
  return { samples: task.trainSize, classes: task.classes };
}

function taskOf(config: unknown): unknown {
  return typeof config === 'object' && config !== null ? (config as { task?: unknown }).task : undefined;
}
