/**
 * What the sweep page draws, computed once per sweep version on the server: compact chart points (only the
 * hyperparameters that vary), and @cellsweep/analysis's groups (with CIs and box-plot quartiles) and frontiers.
 * Shipping these instead of trial rows keeps a 10,000-trial sweep page to a couple of MB and one request.
 */
import {
  describeRecords,
  quantile,
  type CiMethod,
  type Frontier,
  type GroupStats,
  type MetricKey,
  type MetricSummary,
  type SweepDescription,
} from '@cellsweep/analysis';
import {
  type HyperparameterFacet,
  type HyperValue,
  type TrialPoint,
  type TrialStatus,
  valuesAt,
  varyingHyperparameters,
} from '@cellsweep/store';

export interface ChartPoint {
  id: string;
  ordinal: number;
  cell: string;
  paramCount: number;
  paramBudget: number | null;
  hidden: number;
  layers: number;
  seed: number;
  status: TrialStatus;
  trainLoss: number | null;
  valLoss: number | null;
  testLoss: number | null;
  /** Generalization gap: test − train loss (as the trainer reported it, else computed). */
  gap: number | null;
  valMetric: number | null;
  testMetric: number | null;
  /** Values of `SweepPoints.hyperparameters`, in the same order. */
  hp: HyperValue[];
  updatedAt: string;
}

export interface SweepPoints {
  hyperparameters: HyperparameterFacet[];
  metricName: string | null;
  points: ChartPoint[];
}

/** The metrics the dashboard draws per group. */
export const DASHBOARD_METRICS = ['valLoss', 'testLoss', 'testGap'] as const satisfies readonly MetricKey[];
export type DashboardMetric = (typeof DASHBOARD_METRICS)[number];

/**
 * One group of @cellsweep/analysis (setting × arm: task, layers, size, every varying hyperparameter, cell) exactly as
 * `cellsweep compare --format json` has it, minus the trial ids, plus the quartiles a box plot needs.
 */
export type DashboardGroup = Omit<GroupStats, 'trialIds' | 'metrics'> & {
  metrics: Partial<Record<DashboardMetric, MetricSummary | null>>;
  /** Lower and upper quartile (type 7) of the group's finite losses, for box plots; null without values. */
  quartiles: Record<'valLoss' | 'testLoss', [number, number] | null>;
};

/** The counted (completed) trial ids of each analysis group, by group key: server-side only, not on the wire. */
export type GroupMembers = ReadonlyMap<string, readonly string[]>;

export interface SweepAnalysisView {
  /** Trials read, trials analysed (completed), and the rest per status. */
  counts: SweepDescription['counts'];
  /** Confidence level of every interval. */
  level: number;
  /** How the groups' intervals were computed (e.g. 'student-t'); null when no group has a value. */
  ciMethod: CiMethod | null;
  groups: DashboardGroup[];
  /** Per task and loss: the Pareto frontier of trials and of group means (one size per budget). */
  frontiers: Frontier[];
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function gapOf(point: TrialPoint): number | null {
  if (point.generalizationGap !== null) return point.generalizationGap;
  if (point.testLoss !== null && point.trainLoss !== null) return point.testLoss - point.trainLoss;
  return null;
}

export function buildSweepPoints(trials: readonly TrialPoint[]): SweepPoints {
  const hyperparameters = varyingHyperparameters(trials);
  const paths = hyperparameters.map((facet) => facet.path);
  return {
    hyperparameters,
    metricName: metricNameOf(trials),
    points: trials.map((trial) => chartPoint(trial, paths)),
  };
}

/** The task's metric name, from the first trial that reported one. */
export function metricNameOf(trials: readonly TrialPoint[]): string | null {
  return trials.find((trial) => trial.metricName !== null)?.metricName ?? null;
}

/** One trial as the charts draw it, with its values of the hyperparameters at `paths`. */
export function chartPoint(trial: TrialPoint, paths: readonly string[]): ChartPoint {
  return {
    id: trial.id,
    ordinal: trial.ordinal,
    cell: trial.cell,
    paramCount: trial.paramCount,
    paramBudget: trial.paramBudget,
    hidden: trial.hidden,
    layers: trial.layers,
    seed: trial.seed,
    status: trial.status,
    trainLoss: finiteOrNull(trial.trainLoss),
    valLoss: finiteOrNull(trial.valLoss),
    testLoss: finiteOrNull(trial.testLoss),
    gap: finiteOrNull(gapOf(trial)),
    valMetric: finiteOrNull(trial.valMetric),
    testMetric: finiteOrNull(trial.testMetric),
    hp: valuesAt(trial.config, paths, trial.cell),
    updatedAt: trial.updatedAt.toISOString(),
  };
}

/**
 * Groups and frontiers from @cellsweep/analysis's `describeRecords`, the path `compare`, `report` and the run summary
 * take, with the same default options: the same trials give the same numbers here as there (issue 19).
 */
export function buildSweepAnalysis(trials: readonly TrialPoint[]): { view: SweepAnalysisView; members: GroupMembers } {
  const description = describeRecords(trials, { summaryMetrics: DASHBOARD_METRICS });
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  const groups = description.groups.map(({ trialIds, metrics, ...group }): DashboardGroup => {
    const members = trialIds.flatMap((id) => byId.get(id) ?? []);
    return {
      ...group,
      metrics: Object.fromEntries(DASHBOARD_METRICS.map((metric) => [metric, metrics[metric] ?? null])),
      quartiles: {
        valLoss: quartiles(members.map((t) => t.valLoss)),
        testLoss: quartiles(members.map((t) => t.testLoss)),
      },
    };
  });
  const methods = groups.flatMap((group) => DASHBOARD_METRICS.flatMap((m) => group.metrics[m]?.ciMethod ?? []));
  const ciMethod = methods[0] ?? null;
  const members: GroupMembers = new Map(description.groups.map((group) => [group.key, group.trialIds]));
  const { counts, options, frontiers } = description;
  const view = { counts, level: options.level, ciMethod, groups, frontiers };
  return { view, members };
}

function quartiles(values: readonly (number | null)[]): [number, number] | null {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return finite.length === 0 ? null : [quantile(finite, 0.25), quantile(finite, 0.75)];
}
