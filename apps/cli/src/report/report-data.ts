/** The data an HTML report embeds: plain JSON, built from the store and the analysis. */
import {
  groupVerdicts,
  settingNames,
  type GroupedVerdicts,
  type GroupStats,
  type MetricKey,
  type SweepAnalysis,
} from '@cellsweep/analysis';
import type { AnalysisTrial, EpochRecord, SweepRecord } from '@cellsweep/store';

export interface ReportTrial {
  id: string;
  cell: string;
  layers: number;
  hidden: number;
  paramCount: number;
  seed: number;
  status: string;
  trainLoss: number | null;
  valLoss: number | null;
  testLoss: number | null;
  gap: number | null;
  metricName: string | null;
  testMetric: number | null;
  backend: string | null;
  /** [epoch, trainLoss, valLoss] per epoch. */
  curve: [number, number, number][];
  /** ‖∂loss_T/∂x_t‖ per input step after the last epoch, when the trainer recorded it. */
  gradientNorms: number[] | null;
  gradientReach: number | null;
  /** Per-step log-slope of ‖∂loss_T/∂x_t‖ of the untrained model and of the final weights (null: not measured). */
  initialGradientSlope: number | null;
  gradientSlope: number | null;
}

export interface ReportData {
  sweep: {
    name: string;
    id: string;
    status: string;
    createdAt: string;
    finishedAt: string | null;
    description: string | null;
  };
  generatedAt: string;
  /** The sweep's trials, and how many of them completed (the embedded `trials` may be a sample). */
  counts: { trials: number; completed: number };
  /** The embedded trials: every trial up to REPORT_MAX_POINTS, else every `points.every`-th by submission order. */
  trials: ReportTrial[];
  /** Trials embedded as dots, of all; `every`: the sample's stride (1: all of them). */
  points: { shown: number; of: number; every: number };
  /** Trials whose learning curves the report embeds, of all its trials (sampled above REPORT_MAX_CURVES). */
  curves: { shown: number; of: number; every: number };
  analysis: ReportAnalysis;
  /** The verdict lines under one heading per setting, as `compare` prints them (analysis's groupVerdicts). */
  verdicts: GroupedVerdicts;
  /**
   * The tables' setting column names only what tells the settings apart (analysis's settingNames, as the verdict
   * headings do): `names` maps each setting label to that ('' when every setting is alike); `context` is what they
   * all share, said once above the table.
   */
  settings: { context: string | null; names: Record<string, string> };
}

/** The metrics the report's group table and interval bars show. */
const REPORT_GROUP_METRICS = ['testLoss', 'valLoss', 'testGap', 'testMetric'] as const satisfies readonly MetricKey[];

/** A group as the page reads it: its row of the table and its interval bars. */
export interface ReportGroup {
  setting: { label: string };
  arm: string;
  cell: string;
  paramCount: number | null;
  seeds: number[];
  metrics: Partial<Pick<GroupStats['metrics'], (typeof REPORT_GROUP_METRICS)[number]>>;
}

/**
 * The part of the analysis the page shows (issue 17: the whole analysis made 23.5 MB of a 100,000-trial report,
 * mostly 3,000 comparisons' objects and every group's trial ids, which no table or chart reads; the comparisons
 * and trends reach the page as `verdicts`). Every number is the analysis's own, as `compare --format json` prints
 * it (statistics.same-numbers-everywhere.test.ts compares).
 */
export interface ReportAnalysis {
  groups: ReportGroup[];
  frontiers: SweepAnalysis['frontiers'];
  gradientSlopes: SweepAnalysis['gradientSlopes'];
  importance: SweepAnalysis['importance'];
}

export function reportAnalysis(analysis: SweepAnalysis): ReportAnalysis {
  return {
    groups: analysis.groups.map((group) => {
      const metrics: ReportGroup['metrics'] = {};
      for (const key of REPORT_GROUP_METRICS) if (key in group.metrics) metrics[key] = group.metrics[key];
      return {
        setting: { label: group.setting.label },
        arm: group.arm,
        cell: group.cell,
        paramCount: group.paramCount,
        seeds: group.seeds,
        metrics,
      };
    }),
    frontiers: analysis.frontiers,
    gradientSlopes: analysis.gradientSlopes,
    importance: analysis.importance,
  };
}

/**
 * At most this many trials are embedded as dots (and rows the charts read): a 100,000-trial sweep embedded every
 * trial and made a 68.8 MB file (issue 17), while a scatter of 2,000 dots already shows its shape. Statistics,
 * tables, interval bars and frontiers use every trial; the chart says when its dots are a sample.
 */
export const REPORT_MAX_POINTS = 2_000;

/**
 * At most this many trials' learning curves go into a report: a chart of more lines is a solid band, and a
 * 100,000-trial sweep's million epoch rows made the file hundreds of MB (issue 17). Statistics use every trial.
 */
export const REPORT_MAX_CURVES = 300;

/** Every `every`-th item, in order, so a sample spreads evenly over the whole sweep. */
export interface EvenSample<T> {
  items: T[];
  every: number;
}

/** Every k-th trial (in the store's order, by submission), the smallest k that keeps at most `max`. */
export function evenSample<T>(items: readonly T[], max: number): EvenSample<T> {
  const every = Math.max(1, Math.ceil(items.length / max));
  return { items: items.filter((_, index) => index % every === 0), every };
}

export interface ReportSample<T> {
  points: EvenSample<T>;
  curves: { ids: string[]; every: number };
}

/**
 * The trials a report embeds (every k-th, at most REPORT_MAX_POINTS) and, among them, those whose curves it draws
 * (every j-th of those, at most REPORT_MAX_CURVES): so the curve trials are every (k·j)-th of the sweep's, and
 * each drawn curve also has its dot.
 */
export function reportSample<T extends { id: string }>(
  trials: readonly T[],
  maxPoints = REPORT_MAX_POINTS,
  maxCurves = REPORT_MAX_CURVES,
): ReportSample<T> {
  const points = evenSample(trials, maxPoints);
  const curves = evenSample(points.items, maxCurves);
  return { points, curves: { ids: curves.items.map((trial) => trial.id), every: points.every * curves.every } };
}

/**
 * The report's data: the analysis of every trial, and the sampled trials (`reportSample`) with the epoch rows of
 * its curve trials.
 */
export function buildReportData(
  sweep: SweepRecord,
  allTrials: readonly AnalysisTrial[],
  analysis: SweepAnalysis,
  sample: ReportSample<AnalysisTrial>,
  epochs: readonly EpochRecord[],
): ReportData {
  const trials = sample.points.items;
  const curveIds = new Set(sample.curves.ids);
  const byTrial = new Map<string, EpochRecord[]>();
  for (const row of epochs) {
    if (!curveIds.has(row.trialId)) continue;
    const rows = byTrial.get(row.trialId);
    if (rows === undefined) byTrial.set(row.trialId, [row]);
    else rows.push(row);
  }
  const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
  return {
    sweep: {
      name: sweep.name,
      id: sweep.id,
      status: sweep.status,
      createdAt: sweep.createdAt.toISOString(),
      finishedAt: sweep.finishedAt?.toISOString() ?? null,
      description: typeof sweep.spec.description === 'string' ? sweep.spec.description : null,
    },
    generatedAt: new Date().toISOString(),
    counts: {
      trials: allTrials.length,
      completed: allTrials.filter((trial) => trial.status === 'COMPLETED').length,
    },
    points: { shown: trials.length, of: allTrials.length, every: sample.points.every },
    curves: { shown: curveIds.size, of: allTrials.length, every: sample.curves.every },
    analysis: reportAnalysis(analysis),
    verdicts: groupVerdicts(analysis),
    settings: settingColumn(analysis),
    trials: trials.map((trial) => {
      const rows = (byTrial.get(trial.id) ?? []).sort((a, b) => a.epoch - b.epoch);
      const last = rows.at(-1);
      return {
        id: trial.id,
        cell: trial.cell,
        layers: trial.layers,
        hidden: trial.hidden,
        paramCount: trial.paramCount,
        seed: trial.seed,
        status: trial.status,
        trainLoss: finite(trial.trainLoss),
        valLoss: finite(trial.valLoss),
        testLoss: finite(trial.testLoss),
        gap: finite(trial.generalizationGap),
        metricName: trial.metricName,
        testMetric: finite(trial.testMetric),
        backend: trial.backend,
        curve: rows
          .filter((r) => Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss))
          .map((r) => [r.epoch, r.trainLoss, r.valLoss]),
        gradientNorms: last && last.gradientNorms.length > 0 ? last.gradientNorms : null,
        gradientReach: last?.gradientReach ?? null,
        initialGradientSlope: finite(trial.initialGradientSlope),
        gradientSlope: finite(trial.gradientSlope),
      };
    }),
  };
}

function settingColumn(analysis: SweepAnalysis): ReportData['settings'] {
  const settings = analysis.groups.map((group) => group.setting);
  const names = settingNames(settings);
  return {
    context: names.context.length === 0 ? null : names.context.join(' · '),
    names: Object.fromEntries(settings.map((setting) => [setting.label, names.short(setting.label)])),
  };
}
