/** The data an HTML report embeds: plain JSON, built from the store and the analysis. */
import { groupVerdicts, type GroupedVerdicts, type SweepAnalysis } from '@cellsweep/analysis';
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
  trials: ReportTrial[];
  /** Trials whose learning curves the report embeds, of all its trials (sampled above REPORT_MAX_CURVES). */
  curves: { shown: number; of: number };
  analysis: SweepAnalysis;
  /** The verdict lines under one heading per setting, as `compare` prints them (analysis's groupVerdicts). */
  verdicts: GroupedVerdicts;
}

/**
 * At most this many trials' learning curves go into a report: a chart of more lines is a solid band, and a
 * 100,000-trial sweep's million epoch rows made the file hundreds of MB (issue 17). Statistics use every trial.
 */
export const REPORT_MAX_CURVES = 300;

/** Every k-th trial (in the store's order, by submission), so the sample spreads over the whole sweep. */
export function curveSample(trials: readonly AnalysisTrial[], max = REPORT_MAX_CURVES): string[] {
  const stride = Math.max(1, Math.ceil(trials.length / max));
  return trials.filter((_, index) => index % stride === 0).map((trial) => trial.id);
}

export function buildReportData(
  sweep: SweepRecord,
  trials: readonly AnalysisTrial[],
  epochs: readonly EpochRecord[],
  analysis: SweepAnalysis,
  curvesShown: number = trials.length,
): ReportData {
  const byTrial = new Map<string, EpochRecord[]>();
  for (const row of epochs) {
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
    curves: { shown: curvesShown, of: trials.length },
    analysis,
    verdicts: groupVerdicts(analysis),
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
